import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { applySettlement, settlementEvent } from '../core/run-confirmation.js';
import { takeStep } from '../core/machine-steps.js';
import type { SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { failSetup } from '../core/settle-setup.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import type { StripeRequestError } from '../types/stripe-error.js';
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
  if (pending?.kind !== 'customer_action') {
    return refused(notWaiting(record));
  }
  const paymentMethodId = record.intent.payment_method;
  const paymentMethod = paymentMethodId === null ? undefined : env.findPaymentMethod(paymentMethodId);
  const fails = outcome === 'failed' || paymentMethod === undefined;
  const event: SetupIntentMachineEvent = fails ? { type: 'stripe.action_failed' } : settlementEvent({ kind: 'customer_action' }, pending.afterAction, record, env);
  const taken = takeStep(record, event);
  if (taken === null) {
    return refused(notWaiting(record));
  }
  if (fails) {
    const step = failSetup(record, authenticationFailure(paymentMethod), taken, { countsAsConfirmation: false, authentication: 'failed' });
    return { kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts, machineEvents: step.machineEvents };
  }
  const step = applySettlement(record, pending.afterAction, paymentMethod, env, taken, { authentication: 'authenticated' });
  return { kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts, machineEvents: step.machineEvents };
}

function notWaiting(record: SetupIntentRecord): StripeRequestError {
  return setupIntentUnexpectedState(
    `This SetupIntent is not waiting on a customer action: it has a status of ${record.intent.status}` +
      (record.pending?.kind === 'microdeposits' ? ' and waits on microdeposit verification.' : '.'),
    record.intent,
  );
}
