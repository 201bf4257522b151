import { apiError, invalidParameter, requestError } from '../core/stripe-errors.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/**
 * Refuses an amount below 1, in the words recorded live for a zero amount at 2026-08-26.dahlia
 * (test/fixtures/recordings/stripe-world-04-money-path.json, exchange 50; the two spaces after the
 * link are Stripe's). A positive amount is then held to the currency's minimum charge
 * ({@link checkMinimumCharge}).
 */
export function checkAmount(amount: number, currency: string): StripeRequestError | null {
  if (amount >= 1) {
    return checkMinimumCharge(amount, currency);
  }
  return requestError(
    400,
    apiError('invalid_request_error', {
      code: 'parameter_invalid_integer',
      param: 'amount',
      message:
        'The amount must be greater than or equal to the minimum charge amount allowed for your account and the currency set ' +
        '(https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).  If you want to save a Payment Method for future ' +
        'use without an immediate payment, use a Setup Intent instead: https://docs.stripe.com/payments/setup-intents',
    }),
  );
}

/** Refuses a currency that is not a three-letter ISO code (UNCONFIRMED message). */
export function checkCurrency(currency: string): StripeRequestError | null {
  return /^[A-Za-z]{3}$/.test(currency) ? null : invalidParameter('currency', `Invalid currency: ${currency.toLowerCase()}`);
}

/**
 * Refuses payment method types other than `card`: this library models card payments only (a
 * documented limitation, not a Stripe answer).
 */
export function checkPaymentMethodTypes(types: readonly string[]): StripeRequestError | null {
  const other = types.find((type) => type !== 'card');
  if (types.length === 0) {
    return invalidParameter('payment_method_types', 'Invalid array: payment_method_types must name at least one type.');
  }
  return other === undefined
    ? null
    : invalidParameter('payment_method_types', `The payment method type "${other}" is not modelled for PaymentIntents by this emulator: only card is.`);
}

/**
 * The minimum charge of USD, in cents: "$0.50" (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 * Other currencies' minimums depend on the account's settlement currency (an amount must convert
 * to at least the settlement currency's minimum), which is not modelled: they are not checked.
 */
const USD_MINIMUM_CHARGE = 50;

/**
 * Refuses a USD amount under 50 cents with Stripe's `amount_too_small` (400, `param: amount`;
 * "Amount must be at least $0.50 usd", the message live Stripe answers, as quoted by integrations
 * that match on it, for example the WooCommerce Payments client's `Amount_Too_Small_Exception`).
 */
export function checkMinimumCharge(amount: number, currency: string): StripeRequestError | null {
  if (currency.toLowerCase() !== 'usd' || amount >= USD_MINIMUM_CHARGE) {
    return null;
  }
  return requestError(400, apiError('invalid_request_error', { code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' }));
}
