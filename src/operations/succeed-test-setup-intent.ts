import { verifyingMicrodepositParams } from '../catalogue/microdeposit-test-values.js';
import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
import { refused } from '../core/operation-result.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import { completeCustomerAction } from './complete-customer-action.js';
import { settleProcessing } from './settle-processing.js';
import { verifyMicrodeposits } from './verify-microdeposits.js';

/**
 * What the `succeed` test helper does (`POST /v1/test_helpers/setup_intents/:id/succeed`): the
 * step the SetupIntent waits on ends well. A `processing` setup settles successfully, pending
 * microdeposits are verified with the catalogue's verifying values (Stripe's `32, 45` or `SM11AA`
 * by default), and otherwise the customer completes the pending action (3D Secure).
 *
 * @remarks Which step applies is read from what the SetupIntent waits on; whether it may happen
 * is that step's own decision, so a SetupIntent waiting on nothing is refused with
 * `setup_intent_unexpected_state`, as is pending verification when the catalogue has no verifying
 * value of its type.
 *
 * @example
 * ```ts
 * const result = succeedTestSetupIntent(waitingOn3ds, env);
 * // result.kind === 'applied', result.record.intent.status === 'succeeded'
 * ```
 */
export function succeedTestSetupIntent(record: SetupIntentRecord, env: SetupIntentEnvironment, access?: CallerAccess): OperationResult {
  const pending = record.pending;
  switch (pending?.kind) {
    case 'processing':
      return settleProcessing(record, env, 'succeeded');
    case 'microdeposits': {
      const values = verifyingMicrodepositParams(env.catalogue, pending.microdepositType);
      if (values === undefined) {
        return refused(
          setupIntentUnexpectedState(
            `The test payment method catalogue has no ${pending.microdepositType === 'amounts' ? 'amounts that verify' : 'descriptor code that verifies'} microdeposits.`,
            record.intent,
          ),
        );
      }
      return verifyMicrodeposits(record, values, env, access);
    }
    default:
      return completeCustomerAction(record, 'succeeded', env);
  }
}
