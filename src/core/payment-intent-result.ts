import { publishEvents, NO_REQUEST } from '../events/publish-events.js';
import { eventRequestOf } from '../events/event-request.js';
import type { EventDraft, StripeEvent } from '../events/stripe-event.js';
import type { PaymentIntentMachineEvent } from '../machine/payment-intent-machine.js';
import type { Charge } from '../types/charge.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { CallerAccess } from './access.js';
import type { SetupIntentEnvironment } from './environment.js';
import type { PaymentIntentRecord } from './payment-intent-record.js';

/** Objects a PaymentIntent operation created or changed besides the PaymentIntent. */
export interface PaymentIntentChanges {
  /** Charges made (one per payment attempt that reached the card network). */
  readonly charges: readonly Charge[];
  /** PaymentMethods created from a test alias, or whose CVC check the payment ran. */
  readonly paymentMethods: readonly PaymentMethod[];
  /** Ids of PaymentMethods that may not be used again: paid with by a PaymentIntent without a Customer. */
  readonly spentPaymentMethods: readonly string[];
}

/** No related changes. */
export const NO_PAYMENT_INTENT_CHANGES: PaymentIntentChanges = { charges: [], paymentMethods: [], spentPaymentMethods: [] };

/** The operation was applied and succeeded. */
export interface PaymentIntentApplied {
  /** Discriminates the result. */
  readonly kind: 'applied';
  /** The PaymentIntent record after the operation. */
  readonly record: PaymentIntentRecord;
  /** Related objects to store. */
  readonly changes: PaymentIntentChanges;
  /** The events Stripe creates for this step, in order. */
  readonly events: readonly StripeEvent[];
  /** The statechart events this step took, in order. */
  readonly machineEvents: readonly PaymentIntentMachineEvent[];
  /** The PaymentIntent to answer with. */
  readonly response: PaymentIntent;
}

/**
 * The operation changed the PaymentIntent, yet the call fails: a declined payment is persisted
 * (`requires_payment_method`, `last_payment_error`, a failed Charge) and answered with HTTP 402.
 */
export interface PaymentIntentFailed {
  /** Discriminates the result. */
  readonly kind: 'failed';
  /** The PaymentIntent record after the operation: store it. */
  readonly record: PaymentIntentRecord;
  /** Related objects to store. */
  readonly changes: PaymentIntentChanges;
  /** The error to answer with; it carries the PaymentIntent in `payment_intent`. */
  readonly error: StripeRequestError;
  /** The events Stripe creates for this step, in order. */
  readonly events: readonly StripeEvent[];
  /** The statechart events this step took, in order. */
  readonly machineEvents: readonly PaymentIntentMachineEvent[];
}

/** The operation was refused and changed nothing. */
export interface PaymentIntentRefused {
  /** Discriminates the result. */
  readonly kind: 'refused';
  /** The error to answer with. */
  readonly error: StripeRequestError;
}

/** The result of an operation on a PaymentIntent. */
export type PaymentIntentResult = PaymentIntentApplied | PaymentIntentFailed | PaymentIntentRefused;

/** An applied step before its events are published. */
export type PaymentIntentStepApplied = Omit<PaymentIntentApplied, 'events' | 'response'> & { readonly drafts: readonly EventDraft[] };
/** A failed step before its events are published. */
export type PaymentIntentStepFailed = Omit<PaymentIntentFailed, 'events'> & { readonly drafts: readonly EventDraft[] };
/** The result of a PaymentIntent step inside the core, before its events are published. */
export type PaymentIntentStepResult = PaymentIntentStepApplied | PaymentIntentStepFailed | PaymentIntentRefused;

/** Builds a refusal. */
export function paymentIntentRefused(error: StripeRequestError): PaymentIntentRefused {
  return { kind: 'refused', error };
}

/**
 * Turns a step's event drafts into Stripe events. `caller` is the API call that caused them, or
 * `null` for steps Stripe takes on its own (the customer on the 3D Secure page).
 */
export function publishedPaymentIntent(step: PaymentIntentStepResult, env: SetupIntentEnvironment, caller: CallerAccess | null): PaymentIntentResult {
  if (step.kind === 'refused') {
    return step;
  }
  const events = step.drafts.length === 0 ? [] : publishEvents(step.drafts, env, caller === null ? NO_REQUEST : eventRequestOf(env, caller));
  if (step.kind === 'failed') {
    return { kind: 'failed', record: step.record, changes: step.changes, error: step.error, events, machineEvents: step.machineEvents };
  }
  return { kind: 'applied', record: step.record, changes: step.changes, events, machineEvents: step.machineEvents, response: step.record.intent };
}
