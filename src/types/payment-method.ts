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
  /** What the PaymentMethod was generated from; live Stripe renders an object of nulls. */
  readonly generated_from: { readonly charge: string | null; readonly setup_attempt: string | null } | null;
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
export type ModelledPaymentMethodType = 'card' | 'sepa_debit' | 'us_bank_account' | 'acss_debit' | 'klarna';

/** `allow_redisplay` of a PaymentMethod. */
export type PaymentMethodAllowRedisplay = 'always' | 'limited' | 'unspecified';

/**
 * A PaymentMethod with the fields setup flows need; assignable to the official SDK's
 * `Stripe.PaymentMethod`.
 */
export interface PaymentMethod {
  /** Unique identifier, `pm_...`. */
  readonly id: string;
  /** Always `payment_method`. */
  readonly object: 'payment_method';
  /** Whether the payment method may be shown to its customer again in checkout flows: `unspecified` until set. */
  readonly allow_redisplay: PaymentMethodAllowRedisplay;
  /** Billing details collected with the payment method; the address is an object of nulls when none was given. */
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
  /** The shared payment token it was granted from; live Stripe renders `null` on every PaymentMethod. */
  readonly shared_payment_granted_token: string | null;
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
  /** For `klarna`: live Stripe renders an empty hash (recorded at 2026-08-26.dahlia). */
  readonly klarna?: Readonly<Record<string, never>>;
}

/** A custom field shown on a Customer's invoices. */
export interface CustomerInvoiceCustomField {
  /** The field's name, up to 40 characters. */
  readonly name: string;
  /** The field's value, up to 140 characters. */
  readonly value: string;
}

/** How a Customer's invoices are rendered. */
export interface CustomerInvoiceRenderingOptions {
  /** How line-item prices show tax: `exclude_tax` or `include_inclusive_tax`. */
  readonly amount_tax_display: string | null;
  /** The invoice rendering template id. */
  readonly template: string | null;
}

/** A Customer's default invoice settings. */
export interface CustomerInvoiceSettings {
  /** Up to four custom fields shown on every invoice. */
  readonly custom_fields: CustomerInvoiceCustomField[] | null;
  /** The PaymentMethod invoices and subscriptions charge by default; attached to this Customer. */
  readonly default_payment_method: string | null;
  /** The default footer of invoices. */
  readonly footer: string | null;
  /** The default rendering options of invoices. */
  readonly rendering_options: CustomerInvoiceRenderingOptions | null;
}

/** A Customer's shipping details. */
export interface CustomerShipping {
  /** The shipping address. */
  readonly address: Address;
  /** The recipient's name. */
  readonly name: string;
  /** The recipient's phone number. */
  readonly phone: string | null;
}

/**
 * A Customer, with every key Stripe renders on it; assignable to the official SDK's
 * `Stripe.Customer`.
 *
 * @remarks Keys and defaults follow the object in Stripe's API reference
 * (https://docs.stripe.com/api/customers/object). Billing state the library does not model
 * (`currency`, `default_source`, `delinquent`, `next_invoice_sequence`, `test_clock`) keeps the
 * value a new Customer has.
 */
export interface Customer {
  /** Unique identifier, `cus_...`. */
  readonly id: string;
  /** Always `customer`. */
  readonly object: 'customer';
  /** The Customer's billing address. */
  readonly address: Address | null;
  /** The balance, in the smallest currency unit, applied to future invoices (negative: a credit). */
  readonly balance: number;
  /** When the Customer was created (unix seconds). */
  readonly created: number;
  /** The currency the Customer is billed in; `null` until something is billed. */
  readonly currency: string | null;
  /** The Accounts v2 account the Customer belongs to; live Stripe renders `null` (recorded at 2026-08-26.dahlia). */
  readonly customer_account: string | null;
  /** The default Source (legacy API); always `null` here. */
  readonly default_source: string | null;
  /** Whether the latest invoice is overdue; always `false` here. */
  readonly delinquent: boolean;
  /** An arbitrary description. */
  readonly description: string | null;
  /** The discount applied to the Customer; coupons are not modelled, so always `null` (rendered live, recorded at 2026-08-26.dahlia). */
  readonly discount: null;
  /** The Customer's email address. */
  readonly email: string | null;
  /** The prefix of the Customer's invoice numbers. */
  readonly invoice_prefix: string;
  /** Default invoice settings. */
  readonly invoice_settings: CustomerInvoiceSettings;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Key-value pairs attached to the object. */
  readonly metadata: Metadata;
  /** The Customer's full name or business name. */
  readonly name: string | null;
  /** The sequence number of the Customer's next invoice. */
  readonly next_invoice_sequence: number;
  /** The Customer's phone number. */
  readonly phone: string | null;
  /** Preferred languages, most preferred first. */
  readonly preferred_locales: string[];
  /** Shipping details. */
  readonly shipping: CustomerShipping | null;
  /** The Customer's tax exemption: `none`, `exempt` or `reverse`. */
  readonly tax_exempt: 'none' | 'exempt' | 'reverse';
  /** The test clock the Customer belongs to; always `null` here. */
  readonly test_clock: string | null;
}

/** What Stripe answers for a deleted Customer: on the delete itself and on every later retrieve. */
export interface DeletedCustomer {
  /** The deleted Customer's id. */
  readonly id: string;
  /** Always `customer`. */
  readonly object: 'customer';
  /** Always `true`. */
  readonly deleted: true;
}
