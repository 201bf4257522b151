/** How the customer accepted a mandate. */
export interface MandateCustomerAcceptance {
  /** When the customer accepted (unix seconds). */
  readonly accepted_at: number | null;
  /** Present for offline acceptance. */
  readonly offline?: Readonly<Record<string, never>>;
  /** Present for online acceptance. */
  readonly online?: { readonly ip_address: string | null; readonly user_agent: string | null };
  /** `online` or `offline`. */
  readonly type: 'online' | 'offline';
}

/**
 * A Mandate: the customer's permission to debit their payment method (`mandate_...`).
 */
export interface Mandate {
  /** Unique identifier, `mandate_...`. */
  readonly id: string;
  /** Always `mandate`. */
  readonly object: 'mandate';
  /** How the customer accepted. */
  readonly customer_acceptance: MandateCustomerAcceptance;
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Present on multi-use mandates. */
  readonly multi_use?: Readonly<Record<string, never>>;
  /** The PaymentMethod the mandate covers. */
  readonly payment_method: string;
  /** Type-specific mandate details. */
  readonly payment_method_details: {
    readonly type: string;
    readonly sepa_debit?: { readonly reference: string; readonly url: string };
    readonly us_bank_account?: { readonly collection_method?: 'paper' };
    readonly acss_debit?: {
      readonly default_for?: ('invoice' | 'subscription')[];
      readonly interval_description: string | null;
      readonly payment_schedule: 'combined' | 'interval' | 'sporadic';
      readonly transaction_type: 'business' | 'personal';
    };
  };
  /** Present on single-use mandates. */
  readonly single_use?: { readonly amount: number; readonly currency: string };
  /** `active`, `inactive` or `pending`. */
  readonly status: 'active' | 'inactive' | 'pending';
  /** `multi_use` or `single_use`. */
  readonly type: 'multi_use' | 'single_use';
}
