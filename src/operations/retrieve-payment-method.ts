import type { SetupIntentEnvironment } from '../core/environment.js';
import { resolvePaymentMethodReference } from '../core/payment-methods.js';
import { resourceMissing } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

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
    return { kind: 'refused', error: resourceMissing('PaymentMethod', reference, 'payment_method', 404) };
  }
  const check = checkParams(input, { expand: { kind: 'string_array' } });
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  return { kind: 'found', paymentMethod: resolved.value.paymentMethod, created: resolved.value.created };
}
