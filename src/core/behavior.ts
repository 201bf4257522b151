/**
 * Switches for the behaviours the spec marks UNCONFIRMED (spec §10). Every default is the most
 * plausible reading; `docs/operations.md` explains each choice.
 */
export interface BehaviorOptions {
  /**
   * Payment method types a SetupIntent gets when neither `payment_method_types` nor
   * `automatic_payment_methods` is sent (dynamic payment methods, spec §1.4).
   */
  readonly automaticPaymentMethodTypes: readonly string[];
  /**
   * Payment method types a PaymentIntent gets when created without `payment_method_types`: the
   * account's configuration narrowed to what the payment can use. Recorded live for a USD payment:
   * `card` and `link`, on an account whose configuration gives SetupIntents six types
   * (test/fixtures/recordings/stripe-world-04-money-path.json).
   */
  readonly paymentIntentAutomaticPaymentMethodTypes: readonly string[];
  /** The payment method configuration reported with automatic payment methods. */
  readonly paymentMethodConfigurationId: string;
  /** Failed confirmations after which the SetupIntent is canceled; `null` disables the limit (§10.3). */
  readonly confirmationFailureLimit: number | null;
  /**
   * Whether metadata and description may still change on `canceled` intents (§10.2). Succeeded
   * intents accept them (and `customer`) as recorded live, whatever this says.
   */
  readonly allowMetadataUpdatesWhenCanceled: boolean;
  /** Whether the cancel refusal message quotes statuses in backticks as live Stripe does (§2.5). */
  readonly backticksInCancelMessage: boolean;
  /** Whether `usage=on_session` is honoured (documented) rather than ignored (§10.13). */
  readonly honorUsage: boolean;
  /** Whether a server-side confirm of a mandate-based method requires `mandate_data`. */
  readonly requireMandateData: boolean;
  /** Verification attempts allowed per microdeposit type (spec §2.7). */
  readonly microdepositAttempts: { readonly amounts: number; readonly descriptor_code: number };
  /** The microdeposit type Stripe sends for manually entered bank accounts. */
  readonly microdepositType: 'amounts' | 'descriptor_code';
  /** Seconds from confirmation until microdeposits arrive (`next_action.verify_with_microdeposits.arrival_date`). */
  readonly microdepositArrivalSeconds: number;
  /** Seconds from confirmation until unverified microdeposits time out (10 days). */
  readonly microdepositTimeoutSeconds: number;
  /** Seconds after which an unanswered customer action expires; `null` leaves it pending (§2.6). */
  readonly customerActionExpirySeconds: number | null;
  /**
   * What an off-session payment does with a card that needs authentication unless set up (for
   * example 4000002500003155) when it was set up with `usage: on_session` only: `require_authentication`
   * (the default: declined with `authentication_required`, the customer must come back) or `succeed`
   * (any completed setup counts). Stripe documents that `on_session` setups are likelier to be
   * declined off-session, not what a test card does, so this is a judgement (docs/future-payments.md).
   */
  readonly offSessionAfterOnSessionSetup: 'require_authentication' | 'succeed';
  /**
   * The account's statement descriptor, which Charges report as `calculated_statement_descriptor`
   * (recorded live: `Stripe`, stripe-world-04-money-path.json).
   */
  readonly statementDescriptor: string;
}

/** The defaults of {@link BehaviorOptions}. */
export const DEFAULT_BEHAVIOR: BehaviorOptions = {
  automaticPaymentMethodTypes: ['card', 'sepa_debit', 'us_bank_account'],
  paymentIntentAutomaticPaymentMethodTypes: ['card', 'link'],
  // Shaped like a live configuration id, so clients that parse ids accept it.
  paymentMethodConfigurationId: 'pmc_1SetupIntentMachine0Dflt',
  confirmationFailureLimit: null,
  allowMetadataUpdatesWhenCanceled: false,
  backticksInCancelMessage: true,
  honorUsage: true,
  requireMandateData: true,
  microdepositAttempts: { amounts: 3, descriptor_code: 10 },
  microdepositType: 'amounts',
  microdepositArrivalSeconds: 2 * 24 * 60 * 60,
  microdepositTimeoutSeconds: 10 * 24 * 60 * 60,
  customerActionExpirySeconds: null,
  offSessionAfterOnSessionSetup: 'require_authentication',
  statementDescriptor: 'Stripe',
};
