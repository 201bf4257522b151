import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { failSetup } from '../core/settle-setup.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import { attemptExpired } from './stripe-side-failures.js';
import { takeStep } from '../core/machine-steps.js';

/**
 * The pending attempt expires before the customer acts (spec T12): back to
 * `requires_payment_method` with `setup_intent_setup_attempt_expired`.
 */
export function expireSetupAttempt(record: SetupIntentRecord, env: SetupIntentEnvironment): OperationResult {
  return published(expireSetupAttemptStep(record, env), env, null);
}

/** {@link expireSetupAttempt} before its events are published. */
export function expireSetupAttemptStep(record: SetupIntentRecord, env: SetupIntentEnvironment): StepResult {
  const taken = takeStep(record, { type: 'stripe.attempt_expired' });
  if (taken === null) {
    return refused(
      setupIntentUnexpectedState(
        `This SetupIntent has no pending attempt to expire: it has a status of ${record.intent.status}.`,
        record.intent,
      ),
    );
  }
  const id = record.intent.payment_method;
  const step = failSetup(record, attemptExpired(id === null ? undefined : env.findPaymentMethod(id)), taken, { countsAsConfirmation: false });
  return { kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts, machineEvents: step.machineEvents };
}
