import type { Metadata } from './metadata.js';

/** A postal address. */
export interface Address {
  readonly city: string | null;
  readonly country: string | null;
  readonly line1: string | null;
  readonly line2: string | null;
  readonly postal_code: string | null;
  readonly state: string | null;
}

/** Billing details of a PaymentMethod. */
export interface BillingDetails {
  readonly address: Address | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly phone: string | null;
  readonly tax_id: string | null;
}

/** The card details of a card PaymentMethod (the fields setup flows need). */
export interface PaymentMethodCard {
  readonly brand: string;
  readonly checks: {
    readonly address_line1_check: string | null;
    readonly address_postal_code_check: string | null;
    readonly cvc_check: string | null;
  } | null;
  readonly country: string | null;
  readonly display_brand: string | null;
  readonly exp_month: number;
  readonly exp_year: number;
  readonly fingerprint: string | null;
  readonly funding: string;
  readonly generated_from: null;
  readonly last4: string;
  readonly networks: { readonly available: string[]; readonly preferred: string | null } | null;
  readonly regulated_status: 'regulated' | 'unregulated' | null;
  readonly three_d_secure_usage: { readonly supported: boolean } | null;
  readonly wallet: null;
}

/** The bank details of a `sepa_debit` PaymentMethod. */
export interface PaymentMethodSepaDebit {
  readonly bank_code: string | null;
  readonly branch_code: string | null;
  readonly country: string | null;
  readonly fingerprint: string | null;
  readonly generated_from: null;
  readonly last4: string | null;
}

/** The bank details of a `us_bank_account` PaymentMethod. */
export interface PaymentMethodUsBankAccount {
  readonly account_holder_type: 'company' | 'individual' | null;
  readonly account_type: 'checking' | 'savings' | null;
  readonly bank_name: string | null;
  /** Set when the account was linked through Financial Connections (verified instantly). */
  readonly financial_connections_account: string | null;
  readonly fingerprint: string | null;
  readonly last4: string | null;
  readonly networks: { readonly preferred: string | null; readonly supported: ('ach' | 'us_domestic_wire')[] } | null;
  readonly routing_number: string | null;
  readonly status_details: null;
}

/** The bank details of an `acss_debit` PaymentMethod. */
export interface PaymentMethodAcssDebit {
  readonly bank_name: string | null;
  readonly fingerprint: string | null;
  readonly institution_number: string | null;
  readonly last4: string | null;
  readonly transit_number: string | null;
}

/** The payment method types this library models in detail. */
export type ModelledPaymentMethodType = 'card' | 'sepa_debit' | 'us_bank_account' | 'acss_debit';

/**
 * A PaymentMethod with the fields setup flows need; assignable to the official SDK's
 * `Stripe.PaymentMethod`.
 */
export interface PaymentMethod {
  /** Unique identifier, `pm_...`. */
  readonly id: string;
  /** Always `payment_method`. */
  readonly object: 'payment_method';
  /** Billing details collected with the payment method. */
  readonly billing_details: BillingDetails;
  /** When the PaymentMethod was created (unix seconds). */
  readonly created: number;
  /** The Customer it is attached to, if any. */
  readonly customer: string | null;
  /** The Accounts v2 customer it is attached to, if any. */
  readonly customer_account: string | null;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Key-value pairs attached to the object. */
  readonly metadata: Metadata;
  /** The payment method type. */
  readonly type: ModelledPaymentMethodType;
  /** Card details, for `card`. */
  readonly card?: PaymentMethodCard;
  /** Bank details, for `sepa_debit`. */
  readonly sepa_debit?: PaymentMethodSepaDebit;
  /** Bank details, for `us_bank_account`. */
  readonly us_bank_account?: PaymentMethodUsBankAccount;
  /** Bank details, for `acss_debit`. */
  readonly acss_debit?: PaymentMethodAcssDebit;
}

/** A Customer with the fields setup flows need. */
export interface Customer {
  /** Unique identifier, `cus_...`. */
  readonly id: string;
  /** Always `customer`. */
  readonly object: 'customer';
  /** When the Customer was created (unix seconds). */
  readonly created: number;
  /** The Customer's email address. */
  readonly email: string | null;
  /** The Customer's name. */
  readonly name?: string | null;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Key-value pairs attached to the object. */
  readonly metadata: Metadata;
}
