import type { SetupIntentEnvironment } from './environment.js';
import { invalidParameter } from './stripe-errors.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/**
 * The payment method types an `allowed_payment_method_types` list leaves: the account's payment
 * methods it names, incompatible ones dropping out silently (Stripe's changelog of
 * 2026-07-29.dahlia); which are compatible is the account's setting (`automaticPaymentMethodTypes`).
 * A list that leaves none is refused, on create and update alike.
 */
export function typesAllowedBy(
  allowed: readonly string[],
  env: SetupIntentEnvironment,
): { readonly ok: true; readonly types: readonly string[] } | { readonly ok: false; readonly error: StripeRequestError } {
  const named = new Set(allowed);
  const types = env.behavior.automaticPaymentMethodTypes.filter((type) => named.has(type));
  return types.length > 0
    ? { ok: true, types }
    : {
        ok: false,
        error: invalidParameter(
          'allowed_payment_method_types',
          'None of the payment method types in `allowed_payment_method_types` can be used to set up a payment method on this account.',
        ),
      };
}
