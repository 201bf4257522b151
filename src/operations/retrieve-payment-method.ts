import type { SetupIntentEnvironment } from '../core/environment.js';
import { resolvePaymentMethodReference } from '../core/payment-methods.js';
import { resourceMissing } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

const ON_CONNECTED_ACCOUNT =
  "; It's possible this PaymentMethod exists on one of your connected accounts, in which case you should retry this request " +
  'on that connected account. Learn more at https://stripe.com/docs/connect/authentication';

/** The result of {@link retrievePaymentMethod}. */
export type PaymentMethodRetrieval =
  | {
      readonly kind: 'found';
      readonly paymentMethod: PaymentMethod;
      /** Whether the reference was a test alias, so the PaymentMethod is new and is to be stored. */
      readonly created: boolean;
    }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };

/**
 * Retrieves the PaymentMethod an id names (`GET /v1/payment_methods/:id`). A test alias
 * (`pm_card_visa`) creates a fresh PaymentMethod, as Stripe does wherever a PaymentMethod id is
 * accepted; an unknown id is 404 `resource_missing`.
 */
export function retrievePaymentMethod(reference: string, input: { readonly expand?: readonly string[] }, env: SetupIntentEnvironment): PaymentMethodRetrieval {
  const resolved = resolvePaymentMethodReference(reference, env, 'payment_method');
  if (!resolved.ok) {
    // A PaymentMethod the path names: live Stripe adds where else it might be (recorded at
    // 2025-10-29.clover, test/fixtures/recordings/pay-rails-attach-missing-payment-method.json).
    const missing = resourceMissing('PaymentMethod', reference, 'payment_method', 404);
    return { kind: 'refused', error: { ...missing, error: { ...missing.error, message: `${missing.error.message ?? ''}${ON_CONNECTED_ACCOUNT}` } } };
  }
  const check = checkParams(input, { expand: { kind: 'string_array' } });
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  return { kind: 'found', paymentMethod: resolved.value.paymentMethod, created: resolved.value.created };
}
