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
 * A confirmation without any payment method (recorded: both forms, without a Customer in exchange 33
 * and with one in exchange 36 of stripe-world-04-money-path.json).
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
 * library does not model (`requires_reauthorization`, `expired`, `processing`), so the list is the recorded text, not the
 * statechart's; whether a cancel is allowed is the statechart's decision.
 */
const CANCELABLE_AS_WORDED =
  'requires_payment_method, requires_capture, requires_reauthorization, requires_confirmation, requires_action, expired, processing';

/** A cancel in a final status (recorded wording: stripe-world-04-money-path.json, exchanges 29 and 30). */
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
 * and `param` (stripe-world-04-money-path.json, exchange 47); the others follow it (UNCONFIRMED).
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

/**
 * A capture the PaymentIntent's status does not allow (recorded: `requires_payment_method` in
 * exchange 26 and `canceled` in exchange 31 of stripe-world-04-money-path.json). After
 * a partial capture the rest was released, and Stripe says so (recorded: exchange 18). The status
 * list is derived from the statechart; it is the recorded `requires_capture`.
 */
export function paymentIntentCaptureRefusal(intent: PaymentIntent): StripeRequestError {
  if (intent.status === 'succeeded' && intent.capture_method === 'manual' && intent.amount_received < intent.amount) {
    return paymentIntentUnexpectedState(
      'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.',
      intent,
    );
  }
  return paymentIntentUnexpectedState(
    `This PaymentIntent could not be captured because it has a status of ${intent.status}. ` +
      `Only a PaymentIntent with one of the following statuses may be captured: ${paymentIntentStatusesAccepting('api.capture').join(', ')}.`,
    intent,
  );
}

/**
 * An `amount_to_capture` below 1, with the PaymentIntent as it stands (recorded, stripe-world-04-money-path.json,
 * exchanges 23 and 25): negative, a code-less "Invalid non-negative integer"; zero, `parameter_invalid_integer`
 * under `param: "amount"` (Stripe's own param name there).
 */
export function invalidAmountToCapture(intent: PaymentIntent, amount: number): StripeRequestError {
  if (amount < 0) {
    return requestError(400, apiError('invalid_request_error', { message: 'Invalid non-negative integer', param: 'amount_to_capture', payment_intent: intent }));
  }
  return requestError(
    400,
    apiError('invalid_request_error', { code: 'parameter_invalid_integer', message: 'This value must be greater than or equal to 1.', param: 'amount', payment_intent: intent }),
  );
}

/** An `amount_to_capture` above the capturable amount (recorded, stripe-world-04-money-path.json, exchange 21: no `param`). */
export function amountToCaptureTooLarge(intent: PaymentIntent): StripeRequestError {
  return requestError(
    400,
    apiError('invalid_request_error', {
      code: 'amount_too_large',
      message:
        'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge. ' +
        'Contact us via https://support.stripe.com/contact/ for help.',
      payment_intent: intent,
    }),
  );
}
