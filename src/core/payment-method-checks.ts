import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { apiError, invalidParameter, requestError } from './stripe-errors.js';

/**
 * Refuses a payment method that belongs to another Customer, or to a Customer when the SetupIntent
 * names none (spec §2.1, recorded messages).
 *
 * @param intent - The SetupIntent as it stands, for a refusal of an existing one (update, confirm):
 *   the error then carries it in `setup_intent`. A refusal of a create carries none.
 * @remarks Live Stripe embeds the SetupIntent in these refusals on update and confirm, not on create
 *   (spec §11, "Settled by recordings of live Stripe").
 */
export function checkOwnership(paymentMethod: PaymentMethod, customer: string | null, intent?: SetupIntent): StripeRequestError | null {
  if (paymentMethod.customer === null || paymentMethod.customer === customer) {
    return null;
  }
  const message =
    customer === null
      ? `The payment method supplied (${paymentMethod.id}) belongs to the Customer ${paymentMethod.customer}. ` +
        'Please include the Customer in the `customer` parameter on the SetupIntent.'
      : `The PaymentMethod ${paymentMethod.id} does not belong to the Customer you supplied ${customer}. ` +
        'Please use this PaymentMethod with the Customer that it belongs to instead.';
  if (intent === undefined) {
    return invalidParameter('payment_method', message);
  }
  return requestError(400, apiError('invalid_request_error', { param: 'payment_method', message, setup_intent: intent }));
}

/** Refuses a payment method whose type the SetupIntent does not allow (UNCONFIRMED message). */
export function checkAllowedType(paymentMethod: PaymentMethod, intent: { readonly payment_method_types: readonly string[] }): StripeRequestError | null {
  if (intent.payment_method_types.includes(paymentMethod.type)) {
    return null;
  }
  return invalidParameter(
    'payment_method',
    `The PaymentMethod provided (${paymentMethod.type}) is not allowed for this SetupIntent. Please attach a PaymentMethod ` +
      `of one of the following types: ${intent.payment_method_types.join(', ')}. Alternatively update the allowed ` +
      `payment_method_types for this SetupIntent to include "${paymentMethod.type}".`,
  );
}
