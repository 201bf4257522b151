import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { applySettlement } from '../core/run-confirmation.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { failSetup } from '../core/settle-setup.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import { authenticationFailure } from './stripe-side-failures.js';

/** How the customer's action ended. */
export type CustomerActionOutcome = 'succeeded' | 'failed';

/**
 * The customer completes or fails the pending action (3D Secure, a redirect) outside the API
 * (spec T11, T12). Success continues with the payment method's settlement (success, a late
 * decline, or processing); failure returns to `requires_payment_method` with
 * `setup_intent_authentication_failure`. Stripe-side: the result is never an HTTP error.
 */
export function completeCustomerAction(
  record: SetupIntentRecord,
  outcome: CustomerActionOutcome,
  env: SetupIntentEnvironment,
): OperationResult {
  return published(completeCustomerActionStep(record, outcome, env), env, null);
}

/** {@link completeCustomerAction} before its events are published. */
export function completeCustomerActionStep(record: SetupIntentRecord, outcome: CustomerActionOutcome, env: SetupIntentEnvironment): StepResult {
  const pending = record.pending;
  if (record.intent.status !== 'requires_action' || pending === null || pending.kind !== 'customer_action') {
    return refused(
      setupIntentUnexpectedState(
        `This SetupIntent is not waiting on a customer action: it has a status of ${record.intent.status}` +
          (pending?.kind === 'microdeposits' ? ' and waits on microdeposit verification.' : '.'),
        record.intent,
      ),
    );
  }
  const paymentMethodId = record.intent.payment_method;
  const paymentMethod = paymentMethodId === null ? undefined : env.findPaymentMethod(paymentMethodId);
  if (outcome === 'failed' || paymentMethod === undefined) {
    const step = failSetup(record, authenticationFailure(paymentMethod), { countsAsConfirmation: false, env, authentication: 'failed' });
    return { kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts };
  }
  const settlement = pending.afterAction;
  const step = applySettlement(record, settlement, paymentMethod, env, { authentication: 'authenticated' });
  return { kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts };
}
