import type { Metadata } from './metadata.js';
import type { BillingDetails } from './payment-method.js';

/** A Charge's status: `succeeded` once paid, `failed` when declined. */
export type ChargeStatus = 'succeeded' | 'failed';

/** Stripe's account of how the card network and Radar judged the charge (`outcome`). */
export interface ChargeOutcome {
  /** For an issuer decline, how to proceed. */
  readonly advice_code: 'confirm_card_data' | 'do_not_try_again' | 'try_again_later' | null;
  /** The network's advice code, when it gave one. */
  readonly network_advice_code: string | null;
  /** The network's decline code, when it declined. */
  readonly network_decline_code: string | null;
  /** `approved_by_network` or `declined_by_network`. */
  readonly network_status: 'approved_by_network' | 'declined_by_network';
  /** The decline reason, or `null` when approved. */
  readonly reason: string | null;
  /** Radar's risk level: `normal` here. */
  readonly risk_level: 'normal';
  /** Radar's risk score, from 0 to 99. */
  readonly risk_score: number;
  /** A message for the seller. */
  readonly seller_message: string;
  /** `authorized` or `issuer_declined`. */
  readonly type: 'authorized' | 'issuer_declined';
}

/** The 3D Secure run of a card charge. */
export interface ChargeThreeDSecure {
  /** `challenge` or `frictionless`. */
  readonly authentication_flow: 'challenge' | 'frictionless';
  /** `05` when authenticated. */
  readonly electronic_commerce_indicator: '05' | null;
  /** Not modelled: `null`. */
  readonly exemption_indicator: null;
  /** `authenticated`. */
  readonly result: 'authenticated';
  /** `null` when authenticated. */
  readonly result_reason: null;
  /** Not modelled: `null`. */
  readonly transaction_id: null;
  /** The protocol version. */
  readonly version: '2.2.0';
}

/** The card details of a card charge (`payment_method_details.card`). */
export interface ChargeCardDetails {
  /** The amount authorized. */
  readonly amount_authorized: number | null;
  /** Until when a held (uncaptured) charge may be captured (unix seconds); only on a manual-capture charge. */
  readonly capture_before?: number;
  /** The issuer's authorization code; given for declines too. */
  readonly authorization_code: string;
  /** The card brand. */
  readonly brand: string;
  /** The card checks. */
  readonly checks: { readonly address_line1_check: string | null; readonly address_postal_code_check: string | null; readonly cvc_check: string | null } | null;
  /** The issuing country. */
  readonly country: string | null;
  /** The e-commerce indicator: `07` for a card payment without 3D Secure, `05` after it. */
  readonly electronic_commerce_indicator: '05' | '07';
  /** The expiry month. */
  readonly exp_month: number;
  /** The expiry year. */
  readonly exp_year: number;
  /** Extended authorization; `disabled` unless requested. */
  readonly extended_authorization: { readonly status: 'disabled' };
  /** The card fingerprint. */
  readonly fingerprint: string | null;
  /** `credit`, `debit`, `prepaid` or `unknown`. */
  readonly funding: string;
  /** Incremental authorization; `unavailable` unless requested. */
  readonly incremental_authorization: { readonly status: 'unavailable' };
  /** Not modelled: `null`. */
  readonly installments: null;
  /** The last four digits. */
  readonly last4: string;
  /** Not modelled: `null`. */
  readonly mandate: null;
  /** Multicapture; `unavailable` unless requested. */
  readonly multicapture: { readonly status: 'unavailable' };
  /** The card network. */
  readonly network: string;
  /** Whether a network token was used; never here. */
  readonly network_token: { readonly used: false };
  /** The network's transaction id: live test mode gives one per card. */
  readonly network_transaction_id: string;
  /** Overcapture; `unavailable` unless requested, up to the amount. */
  readonly overcapture: { readonly maximum_amount_capturable: number; readonly status: 'unavailable' };
  /** Whether the card is regulated. */
  readonly regulated_status: 'regulated' | 'unregulated' | null;
  /** The 3D Secure run, when the payment was authenticated. */
  readonly three_d_secure: ChargeThreeDSecure | null;
  /** Not modelled: `null`. */
  readonly transaction_link_id: null;
  /** Not modelled: `null`. */
  readonly wallet: null;
}

/** How the charge was paid (`payment_method_details`). */
export interface ChargePaymentMethodDetails {
  /** The payment method type. */
  readonly type: string;
  /** Set for card charges. */
  readonly card?: ChargeCardDetails;
}

/**
 * A Charge, as Stripe renders it at API version 2026-07-29.dahlia, for the charges a
 * PaymentIntent's confirmation makes: one per payment attempt that reached the card network.
 */
export interface Charge {
  /** Unique identifier, `ch_...`. */
  readonly id: string;
  /** Always `charge`. */
  readonly object: 'charge';
  /** The amount, in the smallest currency unit. */
  readonly amount: number;
  /** The amount captured: all of it once paid with automatic capture; `0` while held, then the captured amount. */
  readonly amount_captured: number;
  /** The amount refunded: the whole amount once a held charge is released by a cancel; refunds are not modelled otherwise. */
  readonly amount_refunded: number;
  /** The Connect application; `null`. */
  readonly application: null;
  /** The application fee; `null`. */
  readonly application_fee: null;
  /** The application fee amount; `null`. */
  readonly application_fee_amount: number | null;
  /**
   * The balance transaction (`txn_...`); balances are not modelled. Live Stripe renders `null` at
   * first for an automatic capture and fills it in seconds later; a manual capture answers with it
   * set (stripe-world-04-money-path.json).
   */
  readonly balance_transaction: string | null;
  /** The payment method's billing details. */
  readonly billing_details: BillingDetails;
  /** The statement descriptor shown to the customer: the account's. */
  readonly calculated_statement_descriptor: string | null;
  /** Whether the charge was captured. */
  readonly captured: boolean;
  /** When the charge was created (unix seconds). */
  readonly created: number;
  /** Three-letter ISO currency code, lowercase. */
  readonly currency: string;
  /** The Customer charged. */
  readonly customer: string | null;
  /** The PaymentIntent's description. */
  readonly description: string | null;
  /** A Connect destination; `null`. */
  readonly destination: null;
  /** The dispute; disputes are not modelled. */
  readonly dispute: null;
  /** Whether the charge was disputed; disputes are not modelled. */
  readonly disputed: boolean;
  /** The balance transaction of a failure; `null`. */
  readonly failure_balance_transaction: null;
  /** The error code of a failed charge. */
  readonly failure_code: string | null;
  /** The message of a failed charge. */
  readonly failure_message: string | null;
  /** Fraud details: empty. */
  readonly fraud_details: Readonly<Record<string, never>>;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Key-value pairs: the PaymentIntent's at the time of the charge. */
  readonly metadata: Metadata;
  /** The connected account; `null`. */
  readonly on_behalf_of: null;
  /** A legacy order; `null`. */
  readonly order: null;
  /** How the network and Radar judged the charge. */
  readonly outcome: ChargeOutcome;
  /** Whether the charge succeeded. */
  readonly paid: boolean;
  /** The PaymentIntent that made the charge. */
  readonly payment_intent: string;
  /** The PaymentMethod charged. */
  readonly payment_method: string;
  /** How the charge was paid. */
  readonly payment_method_details: ChargePaymentMethodDetails;
  /** Radar options of the charge: empty. */
  readonly radar_options: Readonly<Record<string, never>>;
  /** Where the receipt is sent. */
  readonly receipt_email: string | null;
  /** The receipt number; `null` until a receipt is sent. */
  readonly receipt_number: null;
  /** The receipt page of a paid charge (not served); `null` for a failed one. */
  readonly receipt_url: string | null;
  /** Whether the charge was fully refunded. */
  readonly refunded: boolean;
  /** The Radar review; `null`. */
  readonly review: null;
  /** Shipping details; `null`. */
  readonly shipping: null;
  /** A legacy source; `null`. */
  readonly source: null;
  /** The source transfer; `null`. */
  readonly source_transfer: null;
  /** The statement descriptor; `null`. */
  readonly statement_descriptor: null;
  /** The statement descriptor suffix; `null`. */
  readonly statement_descriptor_suffix: null;
  /** `succeeded` or `failed`. */
  readonly status: ChargeStatus;
  /** Transfer data; `null`. */
  readonly transfer_data: null;
  /** The transfer group; `null`. */
  readonly transfer_group: null;
}
