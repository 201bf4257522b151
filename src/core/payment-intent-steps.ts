import type { ChargeEventType, EventDraft, PaymentIntentEventType } from '../events/stripe-event.js';
import type { PaymentIntentMachineContext, PaymentIntentMachineEvent } from '../machine/payment-intent-machine.js';
import type { PaymentIntentTransition } from '../machine/payment-intent-step.js';
import { paymentIntentStep } from '../machine/payment-intent-step.js';
import type { Charge } from '../types/charge.js';
import type { PaymentIntent, PaymentIntentNextAction } from '../types/payment-intent.js';
import type { StripeApiError } from '../types/stripe-error.js';
import { SetupIntentMachineError } from './misuse-error.js';
import type { PaymentIntentRecord } from './payment-intent-record.js';

/** A transition the PaymentIntent statechart took, with the event that took it. */
export interface TakenPaymentIntentStep {
  /** The machine event, as the reducer built it from the call and the card's outcome. */
  readonly event: PaymentIntentMachineEvent;
  /** The transition the statechart answered with. */
  readonly transition: PaymentIntentTransition;
}

/** The statechart's context of a record: the facts its guards read. */
export function paymentIntentContextOf(record: PaymentIntentRecord): PaymentIntentMachineContext {
  return {
    hasPaymentMethod: record.intent.payment_method !== null,
    awaitsAction: record.pending !== null,
    hasLastPaymentError: record.intent.last_payment_error !== null,
    hasCharge: record.intent.latest_charge !== null,
    holdsAuthorization: record.intent.amount_capturable > 0,
  };
}

/** The transition the PaymentIntent statechart takes for `event` on this record, or `null`. */
export function takePaymentIntentStep(record: PaymentIntentRecord, event: PaymentIntentMachineEvent): TakenPaymentIntentStep | null {
  const transition = paymentIntentStep(record.intent.status, paymentIntentContextOf(record), event);
  return transition === null ? null : { event, transition };
}

/** What a transition's `set*` and `record*` actions write into the PaymentIntent. */
export interface PaymentIntentTransitionValues {
  /** The payment method the step puts on the PaymentIntent. */
  readonly paymentMethod?: string;
  /** For `setNextAction`. */
  readonly nextAction?: PaymentIntentNextAction;
  /** For `recordLastPaymentError`. */
  readonly error?: StripeApiError;
  /** For `recordCharge`, and the captured Charge for `captureAuthorization`. */
  readonly charge?: Charge;
}

/** The fields of a PaymentIntent that a transition decides. */
export interface PaymentIntentTransitionFields {
  readonly status: PaymentIntent['status'];
  readonly payment_method: string | null;
  readonly next_action: PaymentIntentNextAction | null;
  readonly last_payment_error: StripeApiError | null;
  readonly latest_charge: string | null;
  readonly amount_received: number;
  readonly amount_capturable: number;
}

/**
 * The fields a transition decides, for the caller to spread into the next PaymentIntent: the status
 * is the target, and each action is carried out on the Stripe object (`recordCharge` sets
 * `latest_charge`, and `amount_received` when the Charge is captured; `recordAuthorization` makes
 * the Charge's amount capturable, `captureAuthorization` receives what the Charge captured, and
 * `releaseAuthorization` leaves nothing capturable).
 */
export function paymentIntentTransitionFields(
  intent: PaymentIntent,
  transition: PaymentIntentTransition,
  values: PaymentIntentTransitionValues = {},
): PaymentIntentTransitionFields {
  let paymentMethod = values.paymentMethod ?? intent.payment_method;
  let nextAction = intent.next_action;
  let lastError = intent.last_payment_error;
  let latestCharge = intent.latest_charge;
  let received = intent.amount_received;
  let capturable = intent.amount_capturable;
  for (const action of transition.actions) {
    switch (action) {
      case 'setPaymentMethod':
        if (paymentMethod === null) throw new SetupIntentMachineError(`setPaymentMethod on ${intent.id} without a payment method`);
        break;
      case 'clearPaymentMethod':
        paymentMethod = null;
        break;
      case 'setNextAction':
        if (values.nextAction === undefined) throw new SetupIntentMachineError(`setNextAction on ${intent.id} without a next action`);
        nextAction = values.nextAction;
        break;
      case 'clearNextAction':
        nextAction = null;
        break;
      case 'recordLastPaymentError':
        if (values.error === undefined) throw new SetupIntentMachineError(`recordLastPaymentError on ${intent.id} without an error`);
        lastError = values.error;
        break;
      case 'clearLastPaymentError':
        lastError = null;
        break;
      case 'recordCharge':
        if (values.charge === undefined) throw new SetupIntentMachineError(`recordCharge on ${intent.id} without a charge`);
        latestCharge = values.charge.id;
        if (values.charge.captured) received = values.charge.amount;
        break;
      case 'recordAuthorization':
        if (values.charge === undefined) throw new SetupIntentMachineError(`recordAuthorization on ${intent.id} without a charge`);
        capturable = values.charge.amount;
        break;
      case 'captureAuthorization':
        if (values.charge === undefined) throw new SetupIntentMachineError(`captureAuthorization on ${intent.id} without the captured charge`);
        received = values.charge.amount_captured;
        capturable = 0;
        break;
      case 'releaseAuthorization':
        capturable = 0;
        break;
      default: {
        const unknown: never = action;
        throw new SetupIntentMachineError(`The reducers do not carry out the action ${String(unknown)}`);
      }
    }
  }
  return { status: transition.target, payment_method: paymentMethod, next_action: nextAction, last_payment_error: lastError, latest_charge: latestCharge, amount_received: received, amount_capturable: capturable };
}

function isChargeEventType(type: PaymentIntentEventType | ChargeEventType): type is ChargeEventType {
  return type.startsWith('charge.');
}

/** The events a transition sends (`meta.emits`): `charge.*` with the Charge, `payment_intent.*` with the PaymentIntent as it now stands. */
export function paymentIntentDrafts(transition: PaymentIntentTransition, intent: PaymentIntent, charge?: Charge): EventDraft[] {
  return transition.emits.map((type): EventDraft => {
    if (isChargeEventType(type)) {
      if (charge === undefined) throw new SetupIntentMachineError(`${type} on ${intent.id} without a charge`);
      return { type, object: charge };
    }
    return { type, object: intent };
  });
}
