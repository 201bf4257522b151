import type { PaymentIntent } from '../types/payment-intent.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { SetupIntentEnvironment } from './environment.js';
import { apiError, invalidParameter, paymentMethodPreviouslyUsed, requestError } from './stripe-errors.js';

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
  const problem = ownershipProblem(paymentMethod, customer);
  if (problem === null) {
    return null;
  }
  const message =
    problem === 'customer_missing'
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
export function checkAllowedType(
  paymentMethod: PaymentMethod,
  intent: { readonly payment_method_types: readonly string[] },
  object: 'SetupIntent' | 'PaymentIntent' = 'SetupIntent',
): StripeRequestError | null {
  if (intent.payment_method_types.includes(paymentMethod.type)) {
    return null;
  }
  return invalidParameter(
    'payment_method',
    `The PaymentMethod provided (${paymentMethod.type}) is not allowed for this ${object}. Please attach a PaymentMethod ` +
      `of one of the following types: ${intent.payment_method_types.join(', ')}. Alternatively update the allowed ` +
      `payment_method_types for this ${object} to include "${paymentMethod.type}".`,
  );
}

/**
 * What is wrong with using a payment method for an intent of `customer`: it belongs to another
 * Customer, or to a Customer while the intent names none. The one ownership rule of SetupIntents
 * and PaymentIntents; their refusals differ only in wording.
 */
export function ownershipProblem(paymentMethod: PaymentMethod, customer: string | null): 'other_customer' | 'customer_missing' | null {
  if (paymentMethod.customer === null || paymentMethod.customer === customer) {
    return null;
  }
  return customer === null ? 'customer_missing' : 'other_customer';
}

/**
 * Refuses a payment method that belongs to another Customer, or to a Customer when the PaymentIntent
 * names none, carrying the PaymentIntent as it stands.
 *
 * @remarks Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-04-money-path.json,
 * exchanges 38 and 43): a Customer-less PaymentIntent answers `parameter_missing`
 * under `param: "source"` with "The `payment_method` parameter supplied pm_… belongs to the Customer
 * cus_…. Please include the Customer in the `customer` parameter on the PaymentIntent."; another
 * Customer's payment method answers no code, `param: "payment_method"`, and the SetupIntent wording.
 */
export function checkPaymentIntentOwnership(paymentMethod: PaymentMethod, intent: PaymentIntent): StripeRequestError | null {
  const problem = ownershipProblem(paymentMethod, intent.customer);
  if (problem === null) {
    return null;
  }
  if (problem === 'customer_missing') {
    return requestError(
      400,
      apiError('invalid_request_error', {
        code: 'parameter_missing',
        param: 'source',
        message:
          `The \`payment_method\` parameter supplied ${paymentMethod.id} belongs to the Customer ${paymentMethod.customer ?? ''}. ` +
          'Please include the Customer in the `customer` parameter on the PaymentIntent.',
        payment_intent: intent,
      }),
    );
  }
  return requestError(
    400,
    apiError('invalid_request_error', {
      param: 'payment_method',
      message:
        `The PaymentMethod ${paymentMethod.id} does not belong to the Customer you supplied ${intent.customer ?? ''}. ` +
        'Please use this PaymentMethod with the Customer that it belongs to instead.',
      payment_intent: intent,
    }),
  );
}

/**
 * Refuses a PaymentMethod that may not be used again (set up without a Customer, or detached)
 * while it is attached to no Customer. Attaching it makes it reusable: Stripe's refusal says "To
 * use a PaymentMethod multiple times, you must attach it to a Customer first", and its reference
 * for attach recommends setting a PaymentMethod up with a SetupIntent first
 * (https://docs.stripe.com/api/payment_methods/attach), which is how a SetupIntent without a
 * Customer is followed (Tryton's account_payment_stripe scenario sets up, then creates the
 * Customer with the PaymentMethod, then charges it off-session).
 */
export function checkReusable(paymentMethod: PaymentMethod, env: SetupIntentEnvironment): StripeRequestError | null {
  return paymentMethod.customer === null && env.isPaymentMethodSpent(paymentMethod.id) ? paymentMethodPreviouslyUsed() : null;
}
