// The parameters of the PaymentIntent and Charge operations this library models, and their types.
// Written by hand from https://docs.stripe.com/api/payment_intents (create, update, confirm, cancel,
// retrieve, list, capture) and https://docs.stripe.com/api/charges/retrieve, for the saved-card flow
// with automatic or manual capture: parameters of other flows (Connect, shipping, mandates,
// payment_method_data, multicapture) are refused as unknown.
import type { CreatedFilter, MetadataParam } from '../types/params.js';
import type { PaymentIntentCancellationReason, PaymentIntentCaptureMethod, PaymentIntentSetupFutureUsage } from '../types/payment-intent.js';
import type { ParamSpec, ParamSpecs } from './param-spec.js';

/** `setup_future_usage` values. */
export const SETUP_FUTURE_USAGE_VALUES = ['off_session', 'on_session'] as const satisfies readonly PaymentIntentSetupFutureUsage[];
/** `cancellation_reason` values a cancel call accepts (https://docs.stripe.com/api/payment_intents/cancel). */
export const PAYMENT_INTENT_CANCELLATION_REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const satisfies readonly PaymentIntentCancellationReason[];

/** `capture_method` values (https://docs.stripe.com/api/payment_intents/create#create_payment_intent-capture_method). */
export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const satisfies readonly PaymentIntentCaptureMethod[];

const ID: ParamSpec = { kind: 'string', max: 5000 };
const EXPAND: ParamSpec = { kind: 'string_array' };

/** `POST /v1/payment_intents`. */
export const PAYMENT_INTENT_CREATE_PARAMS: ParamSpecs = {
  allowed_payment_method_types: { kind: 'string_array' },
  amount: { kind: 'integer' },
  capture_method: { kind: 'string', enum: CAPTURE_METHODS },
  confirm: { kind: 'boolean' },
  currency: { kind: 'string', max: 5000 },
  customer: ID,
  description: { kind: 'string', max: 1000 },
  expand: EXPAND,
  metadata: { kind: 'metadata', emptyUnsets: false },
  off_session: { kind: 'boolean' },
  payment_method: ID,
  payment_method_types: { kind: 'string_array' },
  receipt_email: { kind: 'string', max: 5000 },
  return_url: { kind: 'string', max: 5000 },
  setup_future_usage: { kind: 'string', enum: SETUP_FUTURE_USAGE_VALUES },
};

/** `POST /v1/payment_intents/:intent`. */
export const PAYMENT_INTENT_UPDATE_PARAMS: ParamSpecs = {
  amount: { kind: 'integer' },
  capture_method: { kind: 'string', enum: CAPTURE_METHODS },
  currency: { kind: 'string', max: 5000 },
  customer: { kind: 'string', max: 5000 },
  description: { kind: 'string', max: 1000, emptyUnsets: true },
  expand: EXPAND,
  metadata: { kind: 'metadata', emptyUnsets: true },
  payment_method: { kind: 'string', max: 5000, emptyUnsets: true },
  payment_method_types: { kind: 'string_array' },
  receipt_email: { kind: 'string', max: 5000, emptyUnsets: true },
  setup_future_usage: { kind: 'string', enum: SETUP_FUTURE_USAGE_VALUES, emptyUnsets: true },
};

/** `POST /v1/payment_intents/:intent/confirm`. */
export const PAYMENT_INTENT_CONFIRM_PARAMS: ParamSpecs = {
  expand: EXPAND,
  off_session: { kind: 'boolean' },
  payment_method: ID,
  receipt_email: { kind: 'string', max: 5000, emptyUnsets: true },
  return_url: { kind: 'string', max: 5000 },
  setup_future_usage: { kind: 'string', enum: SETUP_FUTURE_USAGE_VALUES, emptyUnsets: true },
};

/** `POST /v1/payment_intents/:intent/cancel`. */
export const PAYMENT_INTENT_CANCEL_PARAMS: ParamSpecs = {
  cancellation_reason: { kind: 'string', enum: PAYMENT_INTENT_CANCELLATION_REASONS },
  expand: EXPAND,
};

/** `POST /v1/payment_intents/:intent/capture` (https://docs.stripe.com/api/payment_intents/capture). */
export const PAYMENT_INTENT_CAPTURE_PARAMS: ParamSpecs = {
  amount_to_capture: { kind: 'integer' },
  expand: EXPAND,
  metadata: { kind: 'metadata', emptyUnsets: true },
};

/** `GET /v1/payment_intents/:intent`. */
export const PAYMENT_INTENT_RETRIEVE_PARAMS: ParamSpecs = { client_secret: ID, expand: EXPAND };

/** `GET /v1/payment_intents`. */
export const PAYMENT_INTENT_LIST_PARAMS: ParamSpecs = {
  created: { kind: 'created_filter' },
  customer: ID,
  ending_before: ID,
  expand: EXPAND,
  limit: { kind: 'integer' },
  starting_after: ID,
};

/** `GET /v1/charges/:charge`. */
export const CHARGE_RETRIEVE_PARAMS: ParamSpecs = { expand: EXPAND };

/** The parameters of {@link createPaymentIntent} (`POST /v1/payment_intents`). */
export interface PaymentIntentCreateParams {
  /** The payment method types to allow (dahlia): only the compatible ones (`card`) are kept. */
  readonly allowed_payment_method_types?: readonly string[];
  /** The amount to collect, in the smallest currency unit (at least 1). */
  readonly amount?: number;
  /** `automatic_async` (the default) or `automatic` to capture at once; `manual` to hold the amount for a later capture. */
  readonly capture_method?: PaymentIntentCaptureMethod;
  /** Whether to confirm the PaymentIntent at once. */
  readonly confirm?: boolean;
  /** Three-letter ISO currency code. */
  readonly currency?: string;
  /** The Customer the payment belongs to. */
  readonly customer?: string;
  /** An arbitrary description. */
  readonly description?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Key-value pairs to attach. */
  readonly metadata?: MetadataParam;
  /** Whether the customer is away: a payment needing authentication is then declined. Only with `confirm`. */
  readonly off_session?: boolean;
  /** The PaymentMethod to pay with (an id or a test alias such as `pm_card_visa`). */
  readonly payment_method?: string;
  /** The payment method types allowed; only `card` is modelled. */
  readonly payment_method_types?: readonly string[];
  /** Where to send the receipt. */
  readonly receipt_email?: string;
  /** Where to send the customer back after 3D Secure. Only with `confirm`. */
  readonly return_url?: string;
  /** Whether to save the payment method for later once the payment succeeds. */
  readonly setup_future_usage?: PaymentIntentSetupFutureUsage;
}

/** The parameters of {@link updatePaymentIntent} (`POST /v1/payment_intents/:intent`). */
export interface PaymentIntentUpdateParams {
  /** A new amount. */
  readonly amount?: number;
  /** A new capture method, before the PaymentIntent is confirmed. */
  readonly capture_method?: PaymentIntentCaptureMethod;
  /** A new currency. */
  readonly currency?: string;
  /** The Customer. */
  readonly customer?: string;
  /** A new description; `''` unsets it. */
  readonly description?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Key-value pairs to merge; `''` removes all. */
  readonly metadata?: MetadataParam | '';
  /** A new PaymentMethod; `''` unsets it. */
  readonly payment_method?: string;
  /** The payment method types allowed. */
  readonly payment_method_types?: readonly string[];
  /** Where to send the receipt; `''` unsets it. */
  readonly receipt_email?: string;
  /** Whether to save the payment method for later; `''` unsets it. */
  readonly setup_future_usage?: PaymentIntentSetupFutureUsage | '';
}

/** The parameters of {@link confirmPaymentIntent} (`POST /v1/payment_intents/:intent/confirm`). */
export interface PaymentIntentConfirmParams {
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Whether the customer is away. */
  readonly off_session?: boolean;
  /** The PaymentMethod to pay with. */
  readonly payment_method?: string;
  /** Where to send the receipt; `''` unsets it. */
  readonly receipt_email?: string;
  /** Where to send the customer back after 3D Secure. */
  readonly return_url?: string;
  /** Whether to save the payment method for later; `''` unsets it. */
  readonly setup_future_usage?: PaymentIntentSetupFutureUsage | '';
}

/** The parameters of {@link cancelPaymentIntent}. */
export interface PaymentIntentCancelParams {
  /** Why the PaymentIntent is canceled. */
  readonly cancellation_reason?: PaymentIntentCancellationReason;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
}

/** The parameters of {@link capturePaymentIntent} (`POST /v1/payment_intents/:intent/capture`). */
export interface PaymentIntentCaptureParams {
  /** How much of the authorized amount to capture (at least 1); all of it when absent. The rest is released. */
  readonly amount_to_capture?: number;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Key-value pairs to merge into the PaymentIntent's; `''` removes all. */
  readonly metadata?: MetadataParam | '';
}

/** The parameters of {@link retrievePaymentIntent}. */
export interface PaymentIntentRetrieveParams {
  /** The client secret (publishable keys; not modelled, accepted and ignored with a secret key). */
  readonly client_secret?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
}

/** The parameters of {@link listPaymentIntents}. */
export interface PaymentIntentListParams {
  /** A `created` filter. */
  readonly created?: CreatedFilter;
  /** Only this Customer's PaymentIntents. */
  readonly customer?: string;
  /** A cursor: the page ends before this id. */
  readonly ending_before?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Page size, 1-100 (default 10). */
  readonly limit?: number;
  /** A cursor: the page starts after this id. */
  readonly starting_after?: string;
}
