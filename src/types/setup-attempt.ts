import type { StripeApiError } from './stripe-error.js';
import type { SetupIntentFlowDirection } from './setup-intent.js';

/** The status of a SetupAttempt (spec §7.1). */
export type SetupAttemptStatus =
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'failed'
  | 'abandoned';

/** Type-specific details of the payment method used in an attempt. */
export interface SetupAttemptPaymentMethodDetails {
  /** The payment method type. */
  readonly type: string;
  /** Card details: the 3D Secure result, when authentication ran. */
  readonly card?: {
    readonly brand: string | null;
    readonly checks: null;
    readonly country: string | null;
    readonly exp_month: number | null;
    readonly exp_year: number | null;
    readonly fingerprint: string | null;
    readonly funding: string | null;
    readonly last4: string | null;
    readonly network: string | null;
    readonly three_d_secure: {
      readonly authentication_flow: 'challenge' | 'frictionless' | null;
      readonly electronic_commerce_indicator: '01' | '02' | '05' | '06' | '07' | null;
      readonly result: 'attempt_acknowledged' | 'authenticated' | 'data_share_only' | 'exempted' | 'failed' | 'not_supported' | 'processing_error' | null;
      readonly result_reason: 'abandoned' | 'bypassed' | 'canceled' | 'card_not_enrolled' | 'network_not_supported' | 'protocol_error' | 'rejected' | null;
      readonly transaction_id: string | null;
      readonly version: '1.0.2' | '2.1.0' | '2.2.0' | '2.3.0' | '2.3.1' | null;
    } | null;
    readonly wallet: null;
  };
  /** SEPA details (empty). */
  readonly sepa_debit?: Readonly<Record<string, never>>;
  /** US bank account details (empty). */
  readonly us_bank_account?: Readonly<Record<string, never>>;
  /** ACSS details (empty). */
  readonly acss_debit?: Readonly<Record<string, never>>;
}

/**
 * One confirmation of a SetupIntent, successful or not (`setatt_...`).
 */
export interface SetupAttempt {
  /** Unique identifier, `setatt_...`. */
  readonly id: string;
  /** Always `setup_attempt`. */
  readonly object: 'setup_attempt';
  /** The SetupIntent's `application` at confirmation time. */
  readonly application: string | null;
  /** The SetupIntent's `attach_to_self` at confirmation time. */
  readonly attach_to_self?: boolean;
  /** When the attempt was created (unix seconds). */
  readonly created: number;
  /** The SetupIntent's `customer` at confirmation time. */
  readonly customer: string | null;
  /** The SetupIntent's `customer_account` at confirmation time. */
  readonly customer_account: string | null;
  /** The SetupIntent's `flow_directions` at confirmation time. */
  readonly flow_directions: SetupIntentFlowDirection[] | null;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** The SetupIntent's `on_behalf_of` at confirmation time. */
  readonly on_behalf_of: string | null;
  /** The PaymentMethod used; never null. */
  readonly payment_method: string;
  /** Type-specific details of the payment method used. */
  readonly payment_method_details: SetupAttemptPaymentMethodDetails;
  /** The error of this attempt, if it failed. */
  readonly setup_error: StripeApiError | null;
  /** The SetupIntent this attempt belongs to. */
  readonly setup_intent: string;
  /** Where the attempt stands. */
  readonly status: SetupAttemptStatus;
  /** The SetupIntent's `usage` at confirmation time. */
  readonly usage: string;
}
