import type { Metadata } from './metadata.js';
import type { SetupIntentNextActionRedirectToUrl, SetupIntentPaymentMethodConfigurationDetails } from './setup-intent.js';
import type { StripeApiError } from './stripe-error.js';

/**
 * The PaymentIntent statuses the modelled flow reaches: paying with a saved card, charged at once
 * (automatic capture) or held for a later capture (`requires_capture`, manual capture). Stripe's
 * other statuses (`processing`, `requires_reauthorization`) belong to flows this library does not model.
 */
export type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'requires_capture' | 'succeeded' | 'canceled';

/** How the funds are captured: at once (`automatic_async`, the default, or `automatic`), or later by a capture call (`manual`). */
export type PaymentIntentCaptureMethod = 'automatic' | 'automatic_async' | 'manual';

/** Every modelled PaymentIntent status, in Stripe's lifecycle order. */
export const PAYMENT_INTENT_STATUSES: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'requires_capture',
  'succeeded',
  'canceled',
];

/** Why a PaymentIntent was canceled, among the reasons a cancel call may give. */
export type PaymentIntentCancellationReason = 'abandoned' | 'duplicate' | 'fraudulent' | 'requested_by_customer';

/** `off_session` or `on_session`: how a payment method paid with is saved for later. */
export type PaymentIntentSetupFutureUsage = 'off_session' | 'on_session';

/** What the customer must do next: authenticate in Stripe.js (`use_stripe_sdk`) or on a redirect (`redirect_to_url`). */
export interface PaymentIntentNextAction {
  /** `use_stripe_sdk` or `redirect_to_url`. */
  readonly type: string;
  /** Set when `type` is `redirect_to_url`. */
  readonly redirect_to_url?: SetupIntentNextActionRedirectToUrl;
  /** Set when `type` is `use_stripe_sdk`: an opaque map only Stripe's client SDKs read. */
  readonly use_stripe_sdk?: Readonly<Record<string, unknown>>;
}

/** Automatic payment method settings of a PaymentIntent. */
export interface PaymentIntentAutomaticPaymentMethods {
  /** Whether redirect-based payment methods may be offered; `always` unless set. */
  readonly allow_redirects: 'always' | 'never';
  /** Whether payment methods enabled in the Dashboard are offered. */
  readonly enabled: boolean;
}

/** The card options of a PaymentIntent, as rendered when none were requested. */
export interface PaymentIntentCardOptions {
  /** Installment plans; not modelled. */
  readonly installments: null;
  /** Mandate options for Indian cards; not modelled. */
  readonly mandate_options: null;
  /** The card network to route through; `null` leaves the choice to Stripe. */
  readonly network: null;
  /** `automatic`: 3D Secure when the issuer or Radar asks for it. */
  readonly request_three_d_secure: 'automatic';
}

/** Per-type payment method options: one entry per type that has options. */
export interface PaymentIntentPaymentMethodOptions {
  /** The card options. */
  readonly card?: PaymentIntentCardOptions;
  /** The Link options. */
  readonly link?: { readonly persistent_token: null };
}

/** Managed Payments (Stripe as merchant of record) settings. */
export interface PaymentIntentManagedPayments {
  /** Whether Managed Payments handles this payment; `false` unless enabled. */
  readonly enabled: boolean;
}

/** Details about the amount: only the (empty) tip hash is rendered without line items. */
export interface PaymentIntentAmountDetails {
  /** The tip details; empty without a tip. */
  readonly tip: Readonly<Record<string, never>>;
}

/**
 * A PaymentIntent, field for field as Stripe renders it at API version 2026-07-29.dahlia, for the
 * flow this library models: a card, charged and captured at once or held for a later capture.
 *
 * @remarks Fields Stripe renders for features not modelled (Connect, shipping, transfers) are
 * rendered as Stripe renders them when unused (`null`). Expandable fields hold the id.
 */
export interface PaymentIntent {
  /** Unique identifier, `pi_...`. */
  readonly id: string;
  /** Always `payment_intent`. */
  readonly object: 'payment_intent';
  /** Payment method types Stripe may consider, when restricted; `null` unless set. */
  readonly allowed_payment_method_types: string[] | null;
  /** The amount to collect, in the smallest currency unit. */
  readonly amount: number;
  /** The amount that can still be captured: the authorized amount in `requires_capture`, `0` otherwise. */
  readonly amount_capturable: number;
  /** Details about the amount. */
  readonly amount_details: PaymentIntentAmountDetails;
  /** The amount received. */
  readonly amount_received: number;
  /** The Connect application that created the PaymentIntent. */
  readonly application: string | null;
  /** The application fee; Connect only. */
  readonly application_fee_amount: number | null;
  /** Automatic payment method settings, when enabled. */
  readonly automatic_payment_methods: PaymentIntentAutomaticPaymentMethods | null;
  /** When the PaymentIntent was canceled (unix seconds). */
  readonly canceled_at: number | null;
  /** Why the PaymentIntent was canceled. */
  readonly cancellation_reason: PaymentIntentCancellationReason | null;
  /** `automatic_async` (Stripe's default) or `automatic`: captured at once; `manual`: held until a capture call. */
  readonly capture_method: PaymentIntentCaptureMethod;
  /** The secret a client uses to confirm the PaymentIntent with a publishable key. */
  readonly client_secret: string | null;
  /** `automatic`: the PaymentIntent may be confirmed with a publishable key too. */
  readonly confirmation_method: 'automatic';
  /** When the PaymentIntent was created (unix seconds). */
  readonly created: number;
  /** Three-letter ISO currency code, lowercase. */
  readonly currency: string;
  /** The Customer the PaymentIntent belongs to. */
  readonly customer: string | null;
  /** The Accounts v2 customer, when used instead of `customer`; rendered as `null` otherwise. */
  readonly customer_account: string | null;
  /** An arbitrary description. */
  readonly description: string | null;
  /** Payment method types excluded from consideration. */
  readonly excluded_payment_method_types: string[] | null;
  /** The error of the last failed payment attempt. */
  readonly last_payment_error: StripeApiError | null;
  /** The id of the latest Charge. */
  readonly latest_charge: string | null;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Managed Payments (Stripe as merchant of record). */
  readonly managed_payments: PaymentIntentManagedPayments;
  /** Key-value pairs attached to the object. */
  readonly metadata: Metadata;
  /** What the customer must do next; non-null exactly in `requires_action`. */
  readonly next_action: PaymentIntentNextAction | null;
  /** The connected account the payment is on behalf of. */
  readonly on_behalf_of: string | null;
  /** The PaymentMethod of the payment. */
  readonly payment_method: string | null;
  /** The payment method configuration in use, with automatic payment methods. */
  readonly payment_method_configuration_details: SetupIntentPaymentMethodConfigurationDetails | null;
  /** Per-type payment method options, as rendered for the PaymentIntent's types. */
  readonly payment_method_options: PaymentIntentPaymentMethodOptions;
  /** The payment method types this PaymentIntent may use. */
  readonly payment_method_types: string[];
  /** The PaymentRecord; not modelled. */
  readonly payment_record: null;
  /** Processing details; not modelled. */
  readonly processing: null;
  /** Where the receipt is sent. */
  readonly receipt_email: string | null;
  /** The Radar review; not modelled. */
  readonly review: null;
  /** Whether the payment method is saved for later use once the payment succeeds. */
  readonly setup_future_usage: PaymentIntentSetupFutureUsage | null;
  /** A shared payment granted token paid with; not modelled. */
  readonly shared_payment_granted_token: null;
  /** Shipping details; not modelled. */
  readonly shipping: null;
  /** A legacy source; always `null`. */
  readonly source: null;
  /** The statement descriptor; not modelled. */
  readonly statement_descriptor: null;
  /** The statement descriptor suffix; not modelled. */
  readonly statement_descriptor_suffix: null;
  /** Where the PaymentIntent is in its lifecycle. */
  readonly status: PaymentIntentStatus;
  /** Where the funds are transferred; Connect only. */
  readonly transfer_data: null;
  /** The transfer group; Connect only. */
  readonly transfer_group: null;
}

/** A page of PaymentIntents in Stripe's list envelope. */
export interface PaymentIntentList {
  /** Always `list`. */
  readonly object: 'list';
  /** The PaymentIntents on this page, newest first. */
  readonly data: PaymentIntent[];
  /** Whether more PaymentIntents lie beyond this page. */
  readonly has_more: boolean;
  /** Always `/v1/payment_intents`. */
  readonly url: '/v1/payment_intents';
}
