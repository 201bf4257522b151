import type { PaymentIntent } from './payment-intent.js';
import type { PaymentMethod } from './payment-method.js';
import type { SetupIntent } from './setup-intent.js';

/** The `type` of a Stripe API error. */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

/**
 * Stripe's `api_errors` object: the body of an error response's `error` member and the shape of
 * `SetupIntent.last_setup_error` and `SetupAttempt.setup_error`.
 *
 * @remarks Only `type` is always present; the other keys appear when they apply (spec §1.6, §4.1).
 */
export interface StripeApiError {
  /** The kind of error. */
  readonly type: StripeErrorType;
  /** For an issuer decline, how to proceed: `try_again_later`, `do_not_try_again` or `confirm_card_data`. */
  readonly advice_code?: string;
  /** The id of the failed Charge, for a declined payment. */
  readonly charge?: string;
  /** Stripe's short error code, for example `card_declined` or `setup_intent_unexpected_state`. */
  readonly code?: string;
  /** The issuer's reason for a card decline, for example `insufficient_funds`. */
  readonly decline_code?: string;
  /** A link to Stripe's documentation of the code. */
  readonly doc_url?: string;
  /** A human-readable message. */
  readonly message?: string;
  /** For an issuer decline, the card network's two-digit advice to the merchant. */
  readonly network_advice_code?: string;
  /** For a decline by the card network, the network's reason code, for example `01`. */
  readonly network_decline_code?: string;
  /** The parameter the error relates to. */
  readonly param?: string;
  /** The PaymentIntent as it stands after the failed request (wrong-state refusals and declines of payments). */
  readonly payment_intent?: PaymentIntent;
  /** The PaymentMethod involved in a card error. */
  readonly payment_method?: PaymentMethod;
  /** The type of the PaymentMethod involved. */
  readonly payment_method_type?: string;
  /** The SetupIntent as it stands after the failed request (wrong-state refusals and declines). */
  readonly setup_intent?: SetupIntent;
}

/**
 * A failed request as Stripe answers it: the HTTP status and the `error` member of the body.
 */
export interface StripeRequestError {
  /** The HTTP status code Stripe answers with (400, 402, 404, ...). */
  readonly statusCode: number;
  /** The `error` member of the response body. */
  readonly error: StripeApiError;
}
