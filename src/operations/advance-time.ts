import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
import { published, unchanged } from '../core/operation-result.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { failSetup } from '../core/settle-setup.js';
import { expireSetupAttemptStep } from './expire-attempt.js';
import { settleProcessingStep } from './settle-processing.js';
import { MICRODEPOSIT_FAILURES, microdepositError } from './verify-microdeposits.js';
import { takeStep } from '../core/machine-steps.js';

/** The time at which something is due to happen to this SetupIntent by itself, if anything. */
export function nextDueAt(record: SetupIntentRecord): number | null {
  const pending = record.pending;
  if (pending === null) {
    return null;
  }
  switch (pending.kind) {
    case 'customer_action':
      return pending.expiresAt;
    case 'processing':
      return pending.settlesAt;
    case 'microdeposits':
      return pending.depositsFail ? pending.arrivesAt : pending.expiresAt;
  }
}

/**
 * Lets time pass: whatever is due by `env.now()` happens (spec T12, T15, T16, T17): microdeposits
 * that cannot be sent fail when due, unverified microdeposits time out after 10 days, processing
 * with a settlement time settles, and customer actions with an expiry expire. When nothing is due
 * the result is `applied` with the very same record.
 */
export function advanceTime(record: SetupIntentRecord, env: SetupIntentEnvironment): OperationResult {
  const due = nextDueAt(record);
  if (due === null || env.now() < due) {
    return unchanged(record);
  }
  const pending = record.pending;
  switch (pending?.kind) {
    case 'customer_action':
      return published(expireSetupAttemptStep(record, env), env, null);
    case 'processing':
      return published(settleProcessingStep(record, env), env, null);
    case 'microdeposits': {
      const failure = pending.depositsFail ? MICRODEPOSIT_FAILURES.depositsFailed : MICRODEPOSIT_FAILURES.timeout;
      const taken = takeStep(record, { type: pending.depositsFail ? 'stripe.microdeposits_failed' : 'stripe.microdeposits_timed_out' });
      if (taken === null) return unchanged(record);
      const step = failSetup(record, microdepositError(failure), taken, { countsAsConfirmation: false });
      return published({ kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts, machineEvents: step.machineEvents }, env, null);
    }
    default:
      return unchanged(record);
  }
}
