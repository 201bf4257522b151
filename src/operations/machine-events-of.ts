import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import type { StripeEvent } from '../events/stripe-event.js';
import type { ConfirmationOutcome, SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import { attemptExpired, authenticationFailure } from './stripe-side-failures.js';
import { MICRODEPOSIT_FAILURES } from './verify-microdeposits.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';

const CONFIRMATION_OUTCOMES: Readonly<Record<SetupIntentStatus, ConfirmationOutcome | null>> = {
  succeeded: 'succeeded',
  requires_action: 'requires_action',
  processing: 'processing',
  requires_payment_method: 'failed',
  canceled: 'failed_limit_reached',
  requires_confirmation: null,
};

const AUTHENTICATION_FAILED = authenticationFailure(undefined).code;
const ATTEMPT_EXPIRED = attemptExpired(undefined).code;

function errorCode(record: SetupIntentRecord): string | null {
  return record.intent.last_setup_error?.code ?? null;
}

function confirmation(hasPaymentMethod: boolean, after: SetupIntentRecord): SetupIntentMachineEvent | null {
  const outcome = CONFIRMATION_OUTCOMES[after.intent.status];
  if (outcome === null) {
    return null;
  }
  if (outcome !== 'requires_action') {
    return { type: 'api.confirm', hasPaymentMethod, outcome };
  }
  const action = after.pending?.kind;
  return action === 'customer_action' || action === 'microdeposits' ? { type: 'api.confirm', hasPaymentMethod, outcome, action } : null;
}

function update(before: SetupIntentRecord, after: SetupIntentRecord): SetupIntentMachineEvent {
  const was = before.intent.payment_method;
  const is = after.intent.payment_method;
  if (is !== was) {
    return { type: 'api.update', paymentMethod: is === null ? 'unset' : 'set' };
  }
  const rest = (record: SetupIntentRecord): string => JSON.stringify({ ...record.intent, metadata: null, description: null });
  return { type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: rest(before) === rest(after) };
}

function microdepositStep(before: SetupIntentRecord, after: SetupIntentRecord, events: readonly StripeEvent[]): SetupIntentMachineEvent | null {
  const pending = before.pending;
  if (pending?.kind !== 'microdeposits') {
    return null;
  }
  if (events.length > 0 && events.every((event) => (event.request?.id ?? null) === null)) {
    return { type: pending.depositsFail ? 'stripe.microdeposits_failed' : 'stripe.microdeposits_timed_out' };
  }
  switch (after.intent.status) {
    case 'succeeded':
      return { type: 'api.verify_microdeposits', outcome: 'verified' };
    case 'processing':
      return { type: 'api.verify_microdeposits', outcome: 'processing' };
    case 'requires_action': {
      const left = after.pending?.kind === 'microdeposits' ? after.pending.attemptsRemaining : pending.attemptsRemaining;
      return left < pending.attemptsRemaining ? { type: 'api.verify_microdeposits', outcome: 'mismatch' } : update(before, after);
    }
    case 'requires_payment_method': {
      if (events.length === 0) {
        return update(before, after);
      }
      const code = errorCode(after);
      if (code === MICRODEPOSIT_FAILURES.attemptsExceeded.code) {
        return { type: 'api.verify_microdeposits', outcome: 'exhausted' };
      }
      if (code === MICRODEPOSIT_FAILURES.timeout.code) {
        return { type: 'api.verify_microdeposits', outcome: 'timed_out' };
      }
      return { type: 'api.verify_microdeposits', outcome: 'failed' };
    }
    default:
      return update(before, after);
  }
}

function customerActionStep(before: SetupIntentRecord, after: SetupIntentRecord, events: readonly StripeEvent[]): SetupIntentMachineEvent | null {
  switch (after.intent.status) {
    case 'succeeded':
      return { type: 'stripe.action_succeeded', outcome: 'succeeded' };
    case 'processing':
      return { type: 'stripe.action_succeeded', outcome: 'processing' };
    case 'requires_payment_method': {
      // Updates create no events; every Stripe-side failure creates `setup_intent.setup_failed`.
      if (events.length === 0) {
        return update(before, after);
      }
      const code = errorCode(after);
      if (code === AUTHENTICATION_FAILED) {
        return { type: 'stripe.action_failed' };
      }
      return code === ATTEMPT_EXPIRED ? { type: 'stripe.attempt_expired' } : { type: 'stripe.action_succeeded', outcome: 'failed' };
    }
    default:
      return update(before, after);
  }
}

/**
 * The statechart events a stored change to a SetupIntent amounts to, read from the record before
 * and after it and the Stripe events it created; `null` when the change fits no event.
 *
 * @remarks A store keeps results without naming the operation (the emulator's inspection works
 * from what it stored), so the operation is recognised by its traces: a confirmation starts a new SetupAttempt, a cancellation ends in
 * `canceled`, a step Stripe takes on its own creates events with a null `request`, and what the
 * SetupIntent waited on tells the remaining steps apart (spec §3, T1-T18). A create is the
 * machine's start followed by `api.update` (a payment method given) or `api.confirm`
 * (`confirm=true`), as the statechart's documentation reads T2 and T3.
 */
export function machineEventsOf(
  before: SetupIntentRecord | undefined,
  after: SetupIntentRecord,
  events: readonly StripeEvent[],
): SetupIntentMachineEvent[] | null {
  const attempt = after.latestAttempt;
  const newAttempt = attempt !== null && attempt.id !== before?.latestAttempt?.id;
  if (before === undefined) {
    if (newAttempt) {
      const event = confirmation(true, after);
      return event === null ? null : [event];
    }
    return after.intent.status === 'requires_confirmation' ? [{ type: 'api.update', paymentMethod: 'set' }] : [];
  }
  if (newAttempt) {
    const was = before.intent.payment_method;
    const event = confirmation(was === null || attempt.payment_method !== was, after);
    return event === null ? null : [event];
  }
  if (after.intent.status === 'canceled') {
    return before.intent.status === 'canceled' ? null : [{ type: 'api.cancel' }];
  }
  let event: SetupIntentMachineEvent | null;
  switch (before.pending?.kind) {
    case 'microdeposits':
      event = microdepositStep(before, after, events);
      break;
    case 'customer_action':
      event = customerActionStep(before, after, events);
      break;
    case 'processing':
      event =
        after.intent.status === 'succeeded'
          ? { type: 'stripe.processing_succeeded' }
          : after.intent.status === 'requires_payment_method'
            ? { type: 'stripe.processing_failed' }
            : update(before, after);
      break;
    default:
      event = update(before, after);
  }
  return event === null ? null : [event];
}
