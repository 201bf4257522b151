import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { completeCustomerAction } from './complete-customer-action.js';
import { settleProcessing } from './settle-processing.js';

/**
 * What the `fail` test helper does (`POST /v1/test_helpers/setup_intents/:id/fail`): a
 * `processing` setup fails; otherwise the customer fails the pending action (3D Secure). Either
 * way the SetupIntent returns to `requires_payment_method` with the matching `last_setup_error`.
 *
 * @remarks A SetupIntent waiting on neither is refused with `setup_intent_unexpected_state` by
 * {@link completeCustomerAction}.
 */
export function failTestSetupIntent(record: SetupIntentRecord, env: SetupIntentEnvironment): OperationResult {
  return record.pending?.kind === 'processing' ? settleProcessing(record, env, 'failed') : completeCustomerAction(record, 'failed', env);
}
