import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { checkLatestAttempt } from '../core/latest-attempt.js';
import type { OperationResult } from '../core/operation-result.js';
import { refused } from '../core/operation-result.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import type { SetupIntentVerifyMicrodepositsParams } from '../types/params.js';
import { verifyMicrodeposits } from './verify-microdeposits.js';

/**
 * The customer verifies microdeposits through the link of `attempt` (the hosted verification
 * page): {@link verifyMicrodeposits}, when `attempt` is the SetupIntent's latest attempt. A link of
 * an earlier attempt is refused with `setup_intent_unexpected_state` and changes nothing.
 */
export function verifySetupAttemptMicrodeposits(
  record: SetupIntentRecord,
  attempt: string | undefined,
  input: SetupIntentVerifyMicrodepositsParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): OperationResult {
  const latest = checkLatestAttempt(record, attempt);
  return latest.ok ? verifyMicrodeposits(record, input, env, access) : refused(latest.error);
}
