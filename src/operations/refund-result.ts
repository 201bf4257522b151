import type { StripeEvent } from '../events/stripe-event.js';
import type { Charge } from '../types/charge.js';
import type { Refund } from '../types/refund.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/**
 * The result of creating or updating a Refund: the Refund and the Charge to store, what to answer
 * with (the Refund as Stripe answers at that moment, or the Charge for the legacy
 * `POST /v1/charges/:charge/refund`), and the events; or the error to answer with.
 */
export type RefundResult =
  | {
      readonly kind: 'applied';
      /** The Refund to store. */
      readonly refund: Refund;
      /** The Charge the refund changed, if it changed one. */
      readonly charge: Charge | null;
      /** The body to answer with. */
      readonly response: Refund | Charge;
      /** The events emitted, in order. */
      readonly events: readonly StripeEvent[];
    }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };

/** Builds a refusal. */
export function refundRefused(error: StripeRequestError): RefundResult {
  return { kind: 'refused', error };
}
