import type { StripeRequestError } from '../types/stripe-error.js';
import { apiError, requestError } from './stripe-errors.js';

// The refusals of Refund operations. Where a message is marked "recorded", it is the one live Stripe
// answered at 2026-08-26.dahlia in test/fixtures/recordings/stripe-world-05-refunds-disputes.json
// (replayed by test/fidelity/); the others are marked UNCONFIRMED.

function invalidRequest(message: string, fields: { readonly code?: string; readonly param?: string } = {}): StripeRequestError {
  return requestError(400, apiError('invalid_request_error', { message, ...fields }));
}

/** Neither `charge` nor `payment_intent` was given (recorded, exchange 12: no `param`, no `code`). */
export function refundTargetMissing(): StripeRequestError {
  return invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
}

/** `charge` and `payment_intent` name different payments (UNCONFIRMED wording). */
export function refundTargetsDisagree(charge: string, paymentIntent: string): StripeRequestError {
  return invalidRequest(`The charge ${charge} does not belong to the PaymentIntent ${paymentIntent}.`, { param: 'charge' });
}

/** `charge_already_refunded`: nothing is left to refund (recorded, exchange 8). */
export function chargeAlreadyRefunded(charge: string): StripeRequestError {
  return invalidRequest(`Charge ${charge} has already been refunded.`, { code: 'charge_already_refunded' });
}

/**
 * An uncaptured (held) Charge: its PaymentIntent must be canceled instead (recorded, exchange 21).
 */
export function uncapturedChargeRefund(paymentIntent: string): StripeRequestError {
  return invalidRequest(
    `This uncaptured Charge was created by a PaymentIntent (${paymentIntent}). You must cancel the PaymentIntent to reverse the authorization ` +
      'instead of refunding the Charge directly. For more information, see https://stripe.com/docs/payments/place-a-hold-on-a-payment-method',
  );
}

/**
 * A PaymentIntent that has no successful Charge to refund: none yet, a declined one, or a hold
 * released by a cancel. The wording is the one public integrations match on when they refund a
 * canceled or unpaid PaymentIntent; no recording here shows it, nor its `param` (given when the
 * PaymentIntent was named, UNCONFIRMED).
 */
export function noSuccessfulCharge(paymentIntent: string, named: boolean): StripeRequestError {
  return invalidRequest(`This PaymentIntent (${paymentIntent}) does not have a successful charge to refund.`, named ? { param: 'payment_intent' } : {});
}

/** A failed Charge (UNCONFIRMED wording). */
export function failedChargeRefund(charge: string): StripeRequestError {
  return invalidRequest(`Charge ${charge} has failed and cannot be refunded.`, { param: 'charge' });
}

/** An `amount` below 1 (the wording of a PaymentIntent's amount check, recorded there; UNCONFIRMED for refunds). */
export function invalidRefundAmount(): StripeRequestError {
  return invalidRequest('This value must be greater than or equal to 1.', { code: 'parameter_invalid_integer', param: 'amount' });
}

// https://docs.stripe.com/currencies#zero-decimal
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const SYMBOLS: Readonly<Record<string, string>> = { usd: '$', eur: '€', gbp: '£' };

/** An amount as Stripe's refund messages write it: `$30.00` for USD (recorded); other currencies UNCONFIRMED. */
export function formatAmount(amount: number, currency: string): string {
  const code = currency.toLowerCase();
  const figure = ZERO_DECIMAL.has(code) ? String(amount) : (amount / 100).toFixed(2);
  const symbol = SYMBOLS[code];
  return symbol === undefined ? `${figure} ${code.toUpperCase()}` : `${symbol}${figure}`;
}

/** More than is left to refund (recorded for USD, exchange 11: `param: amount`, no `code`). */
export function refundAmountTooLarge(amount: number, unrefunded: number, currency: string): StripeRequestError {
  return invalidRequest(`Refund amount (${formatAmount(amount, currency)}) is greater than unrefunded amount on charge (${formatAmount(unrefunded, currency)})`, {
    param: 'amount',
  });
}

/** A card refund cannot be canceled (recorded, exchange 15: no `code`, no `param`). */
export function refundCancelUnsupported(): StripeRequestError {
  return invalidRequest('Canceling this refund is unsupported.');
}
