import type { StripeRequestError } from '../types/stripe-error.js';

/** The result of a read: the value, or the error to answer with. */
export type ReadResult<T> =
  | { readonly kind: 'found'; readonly value: T }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };
