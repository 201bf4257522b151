import { checkLatestAttempt } from '../core/latest-attempt.js';
import { awaitsCustomerAction } from '../core/machine-steps.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import type { ReadResult } from './read-result.js';

/**
 * Whether the customer can authenticate through the link of `attempt` (the hosted 3D Secure
 * page): the SetupIntent must wait on a customer action, and `attempt` must be its latest
 * attempt. Found: the attempt's id.
 */
export function pendingAuthentication(record: SetupIntentRecord, attempt: string | undefined): ReadResult<string> {
  const intent = record.intent;
  if (!awaitsCustomerAction(record)) {
    return { kind: 'refused', error: setupIntentUnexpectedState(`This SetupIntent is not waiting on authentication: it has a status of ${intent.status}.`, intent) };
  }
  const latest = checkLatestAttempt(record, attempt);
  return latest.ok ? { kind: 'found', value: latest.attempt } : { kind: 'refused', error: latest.error };
}
