import type { Customer } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/** The result of creating or updating a Customer: the Customer to store, or the error to answer with. */
export type CustomerResult =
  | { readonly kind: 'applied'; readonly customer: Customer }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };
