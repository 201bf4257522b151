import type { StripeEvent } from '../events/stripe-event.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/**
 * The result of creating or updating a Customer: the Customer to store, with the PaymentMethods
 * the request attached and their events, or the error to answer with.
 */
export type CustomerResult =
  | {
      readonly kind: 'applied';
      readonly customer: Customer;
      /** PaymentMethods the request attached (create's `payment_method`). */
      readonly paymentMethods: readonly PaymentMethod[];
      /** The events emitted: `customer.created` or `customer.updated`, and `payment_method.attached`. */
      readonly events: readonly StripeEvent[];
    }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };
