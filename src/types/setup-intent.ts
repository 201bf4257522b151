import type { Metadata } from './metadata.js';
import type { StripeApiError } from './stripe-error.js';

/** The six statuses of a SetupIntent (spec §1.3). */
export type SetupIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'canceled';

/** Every SetupIntent status, in lifecycle order. */
export const SETUP_INTENT_STATUSES: readonly SetupIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'succeeded',
  'canceled',
];

/** Why a SetupIntent was canceled. */
export type SetupIntentCancellationReason = 'abandoned' | 'duplicate' | 'requested_by_customer';

/** Whether the saved payment method will be used with the customer present or not. */
export type SetupIntentUsage = 'off_session' | 'on_session';

/** The direction of funds flows a SetupIntent is set up for. */
export type SetupIntentFlowDirection = 'inbound' | 'outbound';

/** Settings for payment methods chosen by Stripe from the account's configuration. */
export interface SetupIntentAutomaticPaymentMethods {
  /** Whether redirect-based payment methods may be offered. */
  readonly allow_redirects?: 'always' | 'never';
  /** Whether automatic payment methods are enabled. */
  readonly enabled: boolean | null;
}

/** Where a payment method configuration came from, when automatic payment methods are on. */
export interface SetupIntentPaymentMethodConfigurationDetails {
  /** The payment method configuration's id. */
  readonly id: string;
  /** The parent configuration's id, if any. */
  readonly parent: string | null;
}

/** A redirect the customer must follow to authenticate. */
export interface SetupIntentNextActionRedirectToUrl {
  /** Where the customer returns to after authenticating. */
  readonly return_url: string | null;
  /** The page the customer must visit. */
  readonly url: string | null;
}

/** Microdeposit verification the customer must complete. */
export interface SetupIntentNextActionVerifyWithMicrodeposits {
  /** When the microdeposits are expected to arrive (unix seconds). */
  readonly arrival_date: number;
  /** A page where the customer can enter the microdeposit values. */
  readonly hosted_verification_url: string;
  /** Whether the customer enters two amounts or a descriptor code. */
  readonly microdeposit_type: 'amounts' | 'descriptor_code' | null;
}

/** What the customer must do next; present only while the status is `requires_action`. */
export interface SetupIntentNextAction {
  /** The kind of action: `use_stripe_sdk`, `redirect_to_url`, `verify_with_microdeposits`, ... */
  readonly type: string;
  /** Set when `type` is `redirect_to_url`. */
  readonly redirect_to_url?: SetupIntentNextActionRedirectToUrl;
  /** Set when `type` is `use_stripe_sdk`: an opaque map only Stripe's client SDKs read. */
  readonly use_stripe_sdk?: Readonly<Record<string, unknown>>;
  /** Set when `type` is `verify_with_microdeposits`. */
  readonly verify_with_microdeposits?: SetupIntentNextActionVerifyWithMicrodeposits;
}

/** India e-mandate options of a card setup (`payment_method_options.card.mandate_options`). */
export interface SetupIntentCardMandateOptions {
  /** The amount to be charged for future payments. */
  readonly amount: number;
  /** `fixed` or `maximum`. */
  readonly amount_type: 'fixed' | 'maximum';
  /** Three-letter ISO currency code, lowercase. */
  readonly currency: string;
  /** A description of the mandate or subscription shown to the customer. */
  readonly description: string | null;
  /** When the mandate ends (unix seconds). */
  readonly end_date: number | null;
  /** How often payments are made. */
  readonly interval: 'day' | 'month' | 'sporadic' | 'week' | 'year';
  /** The number of intervals between payments. */
  readonly interval_count: number | null;
  /** The mandate's unique reference. */
  readonly reference: string;
  /** When the mandate starts (unix seconds). */
  readonly start_date: number;
  /** The mandate types the card supports. */
  readonly supported_types: 'india'[] | null;
}

/** Card-specific options of a SetupIntent. */
export interface SetupIntentCardOptions {
  /** India e-mandate options, when set. */
  readonly mandate_options: SetupIntentCardMandateOptions | null;
  /** The card network selected for the setup. */
  readonly network: string | null;
  /** When to ask for 3D Secure: `automatic` (default), `any` or `challenge`. */
  readonly request_three_d_secure: 'any' | 'automatic' | 'challenge' | null;
}

/** How a bank account is verified: `automatic` (default), `instant` or `microdeposits`. */
export type SetupIntentVerificationMethod = 'automatic' | 'instant' | 'microdeposits';

/** `acss_debit` options of a SetupIntent. */
export interface SetupIntentAcssDebitOptions {
  /** The currency the bank account supports. */
  readonly currency: 'cad' | 'usd' | null;
  /** The pre-authorized debit agreement. */
  readonly mandate_options?: {
    readonly custom_mandate_url?: string;
    readonly default_for?: ('invoice' | 'subscription')[];
    readonly interval_description: string | null;
    readonly payment_schedule: 'combined' | 'interval' | 'sporadic' | null;
    readonly transaction_type: 'business' | 'personal' | null;
  };
  /** How the bank account is verified. */
  readonly verification_method?: SetupIntentVerificationMethod;
}

/** `bacs_debit` and `sepa_debit` options of a SetupIntent. */
export interface SetupIntentDebitMandateReferenceOptions {
  /** The prefix of the mandate reference. */
  readonly mandate_options?: { readonly reference_prefix?: string };
}

/** `us_bank_account` options of a SetupIntent. */
export interface SetupIntentUsBankAccountOptions {
  /** Financial Connections settings for linking the account. */
  readonly financial_connections?: {
    readonly filters?: { readonly account_subcategories?: ('checking' | 'savings')[] };
    readonly permissions?: ('balances' | 'ownership' | 'payment_method' | 'transactions')[];
    readonly prefetch: ('balances' | 'ownership' | 'transactions')[] | null;
    readonly return_url?: string;
  };
  /** Mandate settings. */
  readonly mandate_options?: { readonly collection_method?: 'paper' };
  /** How the bank account is verified. */
  readonly verification_method?: SetupIntentVerificationMethod;
}

/** Per-payment-method-type options of a SetupIntent (spec §1.7). */
export interface SetupIntentPaymentMethodOptions {
  /** Options for `acss_debit`. */
  readonly acss_debit?: SetupIntentAcssDebitOptions;
  /** Options for `bacs_debit`. */
  readonly bacs_debit?: SetupIntentDebitMandateReferenceOptions;
  /** Options for `card`. */
  readonly card?: SetupIntentCardOptions;
  /** Options for `sepa_debit`. */
  readonly sepa_debit?: SetupIntentDebitMandateReferenceOptions;
  /** Options for `us_bank_account`. */
  readonly us_bank_account?: SetupIntentUsBankAccountOptions;
}

/** Whether Managed Payments, Stripe's merchant of record solution, applies to the SetupIntent. */
export interface SetupIntentManagedPayments {
  /** `false` unless Managed Payments is enabled. */
  readonly enabled: boolean;
}

/**
 * A SetupIntent, field for field as Stripe renders it at API version 2026-07-29.dahlia.
 *
 * @remarks Keys marked optional are the ones Stripe may omit (spec §1.2). Fields that can be
 * expanded hold the id here; expansion is the shell's business.
 */
export interface SetupIntent {
  /** Unique identifier, `seti_...`. */
  readonly id: string;
  /** Always `setup_intent`. */
  readonly object: 'setup_intent';
  /** Payment method types Stripe may consider, when restricted; `null` unless set. */
  readonly allowed_payment_method_types: string[] | null;
  /** The Connect application that created the SetupIntent. */
  readonly application: string | null;
  /** Whether the payment method is attached to the calling account rather than a Customer. */
  readonly attach_to_self?: boolean;
  /** Automatic payment method settings, when enabled. */
  readonly automatic_payment_methods: SetupIntentAutomaticPaymentMethods | null;
  /** Why the SetupIntent was canceled. */
  readonly cancellation_reason: SetupIntentCancellationReason | null;
  /** The secret a client uses to confirm the SetupIntent with a publishable key. */
  readonly client_secret: string | null;
  /** When the SetupIntent was created (unix seconds). */
  readonly created: number;
  /** The Customer the payment method is attached to on success. */
  readonly customer: string | null;
  /** The Accounts v2 customer, when used instead of `customer`; rendered as `null` otherwise. */
  readonly customer_account: string | null;
  /** An arbitrary description. */
  readonly description: string | null;
  /** Payment method types excluded from consideration. */
  readonly excluded_payment_method_types: string[] | null;
  /** Funds flow directions the payment method is set up for; rendered as `null` unless set. */
  readonly flow_directions: SetupIntentFlowDirection[] | null;
  /** The error of the last failed setup attempt. */
  readonly last_setup_error: StripeApiError | null;
  /** The most recent SetupAttempt's id. */
  readonly latest_attempt: string | null;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Managed Payments (Stripe as merchant of record); live Stripe renders `{ enabled: false }` on every SetupIntent. */
  readonly managed_payments: SetupIntentManagedPayments | null;
  /** The multi-use Mandate created by the setup. */
  readonly mandate: string | null;
  /** Key-value pairs attached to the object. */
  readonly metadata: Metadata | null;
  /** What the customer must do next; non-null exactly in `requires_action`. */
  readonly next_action: SetupIntentNextAction | null;
  /** The connected account the setup is on behalf of. */
  readonly on_behalf_of: string | null;
  /** The PaymentMethod being set up. */
  readonly payment_method: string | null;
  /** The payment method configuration in use, with automatic payment methods. */
  readonly payment_method_configuration_details: SetupIntentPaymentMethodConfigurationDetails | null;
  /** Per-type payment method options. */
  readonly payment_method_options: SetupIntentPaymentMethodOptions | null;
  /** The payment method types this SetupIntent may use. */
  readonly payment_method_types: string[];
  /** The single-use Mandate created by the setup, when `single_use` was given. */
  readonly single_use_mandate: string | null;
  /** Where the SetupIntent is in its lifecycle. */
  readonly status: SetupIntentStatus;
  /** `off_session` (default) or `on_session`. */
  readonly usage: SetupIntentUsage;
}

/** The fields a publishable key sees when retrieving with the `client_secret` (spec §2.2). */
export type PublishableSetupIntent = Pick<
  SetupIntent,
  | 'id'
  | 'object'
  | 'cancellation_reason'
  | 'client_secret'
  | 'created'
  | 'description'
  | 'last_setup_error'
  | 'livemode'
  | 'next_action'
  | 'payment_method'
  | 'payment_method_types'
  | 'status'
  | 'usage'
>;

/** A page of SetupIntents in Stripe's list envelope. */
export interface SetupIntentList {
  /** Always `list`. */
  readonly object: 'list';
  /** The SetupIntents on this page, newest first. */
  readonly data: SetupIntent[];
  /** Whether more SetupIntents lie beyond this page. */
  readonly has_more: boolean;
  /** Always `/v1/setup_intents`. */
  readonly url: '/v1/setup_intents';
}
