import type { MicrodepositType } from '../catalogue/microdeposit-test-values.js';
import { microdepositTestValuesFor } from '../catalogue/microdeposit-test-values.js';
import type { MicrodepositTestValue } from '../catalogue/test-payment-method.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { checkLatestAttempt } from '../core/latest-attempt.js';
import { awaitsMicrodeposits } from '../core/machine-steps.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import type { ReadResult } from './read-result.js';

/** What the customer is asked for on the microdeposit verification page. */
export interface PendingMicrodepositVerification {
  /** The latest attempt, which the page belongs to. */
  readonly attempt: string;
  /** Two amounts or a descriptor code. */
  readonly microdepositType: MicrodepositType;
  /** The catalogue's test values of that type and what each does. */
  readonly testValues: readonly MicrodepositTestValue[];
}

/**
 * Whether the customer can verify microdeposits through the link of `attempt` (the hosted
 * verification page): the SetupIntent must wait on microdeposit verification, and `attempt` must
 * be its latest attempt.
 */
export function pendingMicrodepositVerification(
  record: SetupIntentRecord,
  attempt: string | undefined,
  env: SetupIntentEnvironment,
): ReadResult<PendingMicrodepositVerification> {
  const intent = record.intent;
  const pending = record.pending;
  if (pending?.kind !== 'microdeposits' || !awaitsMicrodeposits(record)) {
    return {
      kind: 'refused',
      error: setupIntentUnexpectedState(`This SetupIntent is not waiting on microdeposit verification: it has a status of ${intent.status}.`, intent),
    };
  }
  const latest = checkLatestAttempt(record, attempt);
  if (!latest.ok) {
    return { kind: 'refused', error: latest.error };
  }
  const microdepositType = pending.microdepositType;
  return {
    kind: 'found',
    value: { attempt: latest.attempt, microdepositType, testValues: microdepositTestValuesFor(env.catalogue, microdepositType) },
  };
}
