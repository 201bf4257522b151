import { paymentIntentStatusesAccepting } from '../machine/payment-intent-step.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { apiError, requestError } from './stripe-errors.js';

// The refusals of PaymentIntent operations. Where a message is marked "recorded", it is the one live
// Stripe answered at 2026-08-26.dahlia in test/fixtures/recordings/stripe-world-04-money-path.json
// (replayed by test/fidelity/); the others follow the SetupIntent wording and are marked UNCONFIRMED.

/** `payment_intent_unexpected_state`: the operation is not allowed in the PaymentIntent's status. */
export function paymentIntentUnexpectedState(message: string, intent: PaymentIntent, param?: string): StripeRequestError {
  return requestError(
    400,
    apiError('invalid_request_error', { code: 'payment_intent_unexpected_state', message, payment_intent: intent, ...(param === undefined ? {} : { param }) }),
  );
}

/**
 * A confirmation without any payment method (recorded: both forms, without a Customer in exchange 20
 * and with one in exchange 23 of stripe-world-04-money-path.json).
 */
export function paymentIntentMissingPaymentMethod(intent: PaymentIntent): StripeRequestError {
  const message =
    intent.customer === null
      ? "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent " +
        'with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.'
      : "You cannot confirm this PaymentIntent because it's missing a payment method. " +
        `To confirm the PaymentIntent with ${intent.customer}, specify a payment method attached to this customer along with the customer ID.`;
  return paymentIntentUnexpectedState(message, intent);
}

/**
 * A confirmation in a status the statechart does not confirm from. The succeeded wording is the
 * one integrations match on ("... has already succeeded after being previously confirmed.", quoted
 * in public code that handles it; no recording here confirms a succeeded PaymentIntent); the list
 * form is UNCONFIRMED, derived from the statechart.
 */
export function paymentIntentConfirmRefusal(intent: PaymentIntent): StripeRequestError {
  if (intent.status === 'succeeded') {
    return paymentIntentUnexpectedState('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.', intent);
  }
  return paymentIntentUnexpectedState(
    `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the ` +
      `following statuses may be confirmed: ${paymentIntentStatusesAccepting('api.confirm').join(', ')}.`,
    intent,
  );
}

/**
 * The statuses Stripe names in its cancel refusal (recorded). Stripe lists statuses of flows this
 * library does not model (`requires_capture`, ...), so the list is the recorded text, not the
 * statechart's; whether a cancel is allowed is the statechart's decision.
 */
const CANCELABLE_AS_WORDED =
  'requires_payment_method, requires_capture, requires_reauthorization, requires_confirmation, requires_action, expired, processing';

/** A cancel in a final status (recorded wording: stripe-world-04-money-path.json, exchanges 17 and 18). */
export function paymentIntentCancelRefusal(intent: PaymentIntent): StripeRequestError {
  return paymentIntentUnexpectedState(
    `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. ` +
      `Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE_AS_WORDED}.`,
    intent,
  );
}

/** The statuses in which Stripe lets the amount change (recorded wording). */
const AMOUNT_UPDATABLE_AS_WORDED = 'requires_payment_method, requires_confirmation, requires_action';

/**
 * An update of a field that a final PaymentIntent no longer takes. `amount` has the recorded wording
 * and `param` (stripe-world-04-money-path.json, exchange 34); the others follow it (UNCONFIRMED).
 */
export function paymentIntentUpdateRefusal(intent: PaymentIntent, param: string): StripeRequestError {
  if (param === 'amount') {
    return paymentIntentUnexpectedState(
      `This PaymentIntent's amount could not be updated because it has a status of ${intent.status}. ` +
        `You may only update the amount of a PaymentIntent with one of the following statuses: ${AMOUNT_UPDATABLE_AS_WORDED}.`,
      intent,
      'amount',
    );
  }
  return paymentIntentUnexpectedState(
    `This PaymentIntent's ${param} could not be updated because it has a status of ${intent.status}. ` +
      `You may only update the ${param} of a PaymentIntent with one of the following statuses: ${AMOUNT_UPDATABLE_AS_WORDED}.`,
    intent,
    param,
  );
}
