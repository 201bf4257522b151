import type { SetupIntentCancellationReason, SetupIntentFlowDirection, SetupIntentUsage } from './setup-intent.js';

/**
 * An empty string unsets a parameter that can be unset. `null` does too: Stripe's SDKs send it as an
 * empty string.
 */
export type Emptyable<T> = T | '' | null;

/** Metadata as a request parameter: an empty value unsets a key. */
export type MetadataParam = Readonly<Record<string, string | number | null>>;

/** A customer's acceptance of a mandate, sent with a confirmation. */
export interface MandateDataParam {
  readonly customer_acceptance: {
    readonly type: 'online' | 'offline';
    readonly accepted_at?: number;
    readonly offline?: Readonly<Record<string, never>>;
    readonly online?: { readonly ip_address?: string; readonly user_agent?: string };
  };
}

/**
 * `mandate_data` as a confirmation takes it: with a publishable key, Stripe.js may leave
 * `customer_acceptance` out and let Stripe infer it.
 */
export interface ConfirmMandateDataParam {
  readonly customer_acceptance?: MandateDataParam['customer_acceptance'];
}

/** Raw payment method details that create a PaymentMethod in the same request. */
export interface PaymentMethodDataParam {
  readonly type: string;
  readonly billing_details?: {
    readonly email?: Emptyable<string>;
    readonly name?: Emptyable<string>;
    readonly phone?: Emptyable<string>;
  };
  readonly metadata?: MetadataParam;
  readonly sepa_debit?: { readonly iban: string };
  readonly us_bank_account?: {
    readonly account_holder_type?: 'company' | 'individual';
    readonly account_number?: string;
    readonly account_type?: 'checking' | 'savings';
    readonly financial_connections_account?: string;
    readonly routing_number?: string;
  };
  readonly acss_debit?: {
    readonly account_number: string;
    readonly institution_number: string;
    readonly transit_number: string;
  };
}

/** Per-type payment method options as request parameters. */
export interface PaymentMethodOptionsParam {
  readonly card?: {
    readonly request_three_d_secure?: 'any' | 'automatic' | 'challenge';
    readonly network?: string;
    readonly moto?: boolean;
    readonly mandate_options?: Readonly<Record<string, unknown>>;
  };
  readonly sepa_debit?: { readonly mandate_options?: { readonly reference_prefix?: Emptyable<string> } };
  readonly us_bank_account?: {
    readonly verification_method?: 'automatic' | 'instant' | 'microdeposits';
    readonly financial_connections?: Readonly<Record<string, unknown>>;
    readonly mandate_options?: Readonly<Record<string, unknown>>;
    readonly networks?: Readonly<Record<string, unknown>>;
  };
  readonly acss_debit?: Readonly<Record<string, unknown>>;
}

/** Parameters of `POST /v1/setup_intents` (create). */
export interface SetupIntentCreateParams {
  readonly allowed_payment_method_types?: readonly string[];
  readonly attach_to_self?: boolean;
  readonly automatic_payment_methods?: { readonly enabled: boolean; readonly allow_redirects?: 'always' | 'never' };
  readonly confirm?: boolean;
  readonly confirmation_token?: string;
  readonly customer?: string;
  readonly customer_account?: string;
  readonly description?: string;
  readonly excluded_payment_method_types?: readonly string[];
  readonly expand?: readonly string[];
  readonly flow_directions?: readonly SetupIntentFlowDirection[];
  readonly mandate_data?: Emptyable<MandateDataParam>;
  readonly metadata?: MetadataParam;
  readonly on_behalf_of?: string;
  readonly payment_method?: string;
  readonly payment_method_configuration?: string;
  readonly payment_method_data?: PaymentMethodDataParam;
  readonly payment_method_options?: PaymentMethodOptionsParam;
  readonly payment_method_types?: readonly string[];
  readonly return_url?: string;
  readonly single_use?: { readonly amount: number; readonly currency: string };
  readonly usage?: SetupIntentUsage;
  readonly use_stripe_sdk?: boolean;
}

/** Parameters of `POST /v1/setup_intents/:id` (update). */
export interface SetupIntentUpdateParams {
  readonly allowed_payment_method_types?: Emptyable<readonly string[]>;
  readonly attach_to_self?: boolean;
  readonly customer?: string;
  readonly customer_account?: string;
  readonly description?: string;
  readonly excluded_payment_method_types?: Emptyable<readonly string[]>;
  readonly expand?: readonly string[];
  readonly flow_directions?: readonly SetupIntentFlowDirection[];
  readonly metadata?: Emptyable<MetadataParam>;
  readonly payment_method?: string;
  readonly payment_method_configuration?: string;
  readonly payment_method_data?: PaymentMethodDataParam;
  readonly payment_method_options?: PaymentMethodOptionsParam;
  readonly payment_method_types?: readonly string[];
}

/** Parameters of `POST /v1/setup_intents/:id/confirm`. */
export interface SetupIntentConfirmParams {
  readonly allowed_payment_method_types?: readonly string[];
  readonly client_secret?: string;
  readonly confirmation_token?: string;
  readonly expand?: readonly string[];
  readonly mandate_data?: Emptyable<ConfirmMandateDataParam>;
  readonly payment_method?: string;
  readonly payment_method_data?: PaymentMethodDataParam;
  readonly payment_method_options?: PaymentMethodOptionsParam;
  readonly return_url?: string;
  readonly use_stripe_sdk?: boolean;
}

/** Parameters of `POST /v1/setup_intents/:id/cancel`. */
export interface SetupIntentCancelParams {
  readonly cancellation_reason?: SetupIntentCancellationReason;
  readonly expand?: readonly string[];
}

/** Parameters of `POST /v1/setup_intents/:id/verify_microdeposits`. */
export interface SetupIntentVerifyMicrodepositsParams {
  readonly amounts?: readonly (number | string)[];
  readonly client_secret?: string;
  readonly descriptor_code?: string;
  readonly expand?: readonly string[];
}

/** Parameters of `GET /v1/setup_intents/:id` (retrieve). */
export interface SetupIntentRetrieveParams {
  readonly client_secret?: string;
  readonly expand?: readonly string[];
}

/** A `created` filter: an exact timestamp or a range. */
export type CreatedFilter =
  | number
  | { readonly gt?: number; readonly gte?: number; readonly lt?: number; readonly lte?: number };

/** Parameters of `GET /v1/setup_intents` (list). */
export interface SetupIntentListParams {
  readonly attach_to_self?: boolean;
  readonly created?: CreatedFilter;
  readonly customer?: string;
  readonly customer_account?: string;
  readonly ending_before?: string;
  readonly expand?: readonly string[];
  readonly limit?: number;
  readonly payment_method?: string;
  readonly starting_after?: string;
}
