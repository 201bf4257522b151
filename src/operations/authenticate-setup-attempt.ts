import type { SetupIntentEnvironment } from '../core/environment.js';
import { checkLatestAttempt } from '../core/latest-attempt.js';
import type { OperationResult } from '../core/operation-result.js';
import { refused } from '../core/operation-result.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import type { CustomerActionOutcome } from './complete-customer-action.js';
import { completeCustomerAction } from './complete-customer-action.js';

/**
 * The customer completes or fails authentication through the link of `attempt` (the hosted 3D
 * Secure page): {@link completeCustomerAction}, when `attempt` is the SetupIntent's latest
 * attempt. A link of an earlier attempt is refused with `setup_intent_unexpected_state` and
 * changes nothing, whatever the SetupIntent waits on now.
 */
export function authenticateSetupAttempt(
  record: SetupIntentRecord,
  attempt: string | undefined,
  outcome: CustomerActionOutcome,
  env: SetupIntentEnvironment,
): OperationResult {
  const latest = checkLatestAttempt(record, attempt);
  return latest.ok ? completeCustomerAction(record, outcome, env) : refused(latest.error);
}
