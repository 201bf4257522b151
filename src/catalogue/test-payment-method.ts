/** A card error a test card produces, as Stripe reports it (spec §5.2). */
export interface TestCardError {
  /** The error code, for example `card_declined` or `expired_card`. */
  readonly code: string;
  /** The issuer's reason; Stripe repeats the code for errors without one. */
  readonly decline_code: string;
  /** Stripe's message. */
  readonly message: string;
  /** The card field at fault, for example `exp_month`. */
  readonly param?: string;
  /** For an issuer decline, how to proceed: `try_again_later`, `do_not_try_again` or `confirm_card_data`. */
  readonly advice_code?: string;
  /** For a network decline, the card network's reason code, for example `01` or `51`. */
  readonly network_decline_code?: string;
  /** For the declines that carry one, the card network's two-digit advice code. */
  readonly network_advice_code?: string;
}

/** How a failed setup is reported: an error recorded in `last_setup_error`. */
export interface TestSetupFailure {
  /** The error type: `card_error` for declines, `invalid_request_error` otherwise. */
  readonly type: 'card_error' | 'invalid_request_error';
  /** The error code. */
  readonly code: string;
  /** The issuer's reason, for card declines. */
  readonly decline_code?: string;
  /** Stripe's message. */
  readonly message: string;
  /** The field at fault, if any. */
  readonly param?: string;
  /** For an issuer decline, how to proceed: `try_again_later`, `do_not_try_again` or `confirm_card_data`. */
  readonly advice_code?: string;
  /** For a network decline, the card network's reason code, for example `01` or `51`. */
  readonly network_decline_code?: string;
  /** For the declines that carry one, the card network's two-digit advice code. */
  readonly network_advice_code?: string;
}

/** When a card asks for 3D Secure during a setup. */
export type ThreeDSecureSupport =
  /** Always, whatever the request asks. */
  | 'required'
  /** Only when `request_three_d_secure` is `any` or `challenge`. */
  | 'optional'
  /** Never: the card is not enrolled or 3D Secure is not supported. */
  | 'not_supported';

/**
 * What happens once the payment method is accepted for a setup (after any authentication or
 * verification): success, a failure, or an asynchronous `processing` phase.
 */
export type TestSettlement =
  | { readonly kind: 'succeed' }
  | { readonly kind: 'fail'; readonly failure: TestSetupFailure }
  | {
      readonly kind: 'process';
      /** How processing ends. */
      readonly then: { readonly kind: 'succeed' } | { readonly kind: 'fail'; readonly failure: TestSetupFailure };
      /** Seconds until processing ends by itself; `null` waits for an explicit settlement. */
      readonly settlesAfterSeconds: number | null;
    };

/**
 * When charging a card (a PaymentIntent) asks the customer to authenticate: on every payment
 * (`always`), unless the card was set up for later payments first (`unless_set_up`), or never.
 */
export type TestChargeAuthentication = 'always' | 'unless_set_up' | 'never';

/**
 * What charging a card does, beyond what setting it up does. Absent keys follow the setup: a card
 * that requires 3D Secure to be set up requires it on every payment, and a card declined at setup
 * is declined when charged.
 */
export interface TestCardCharge {
  /** When a payment asks for authentication. */
  readonly authentication?: TestChargeAuthentication;
  /** The issuer's decline of every payment (after any authentication). */
  readonly decline?: TestCardError;
}

/** A test card. */
export interface TestCard {
  /** The payment method type. */
  readonly type: 'card';
  /** The card number. */
  readonly number: string;
  /** `visa`, `mastercard`, `amex`, ... */
  readonly brand: string;
  /** `credit`, `debit`, `prepaid` or `unknown`. */
  readonly funding: string;
  /** Two-letter issuing country. */
  readonly country: string;
  /** When the card asks for 3D Secure. */
  readonly threeDSecure: ThreeDSecureSupport;
  /**
   * `card.three_d_secure_usage.supported`; when absent, whether `threeDSecure` is not `not_supported`.
   * A card that supports 3D Secure but is not enrolled (4242...) says `true` and never authenticates.
   */
  readonly threeDSecureUsageSupported?: boolean;
  /** Whether authentication is frictionless (no challenge shown). */
  readonly frictionless?: boolean;
  /** A decline at confirmation, before any authentication. */
  readonly declineOnConfirm?: TestCardError;
  /** What charging the card does (PaymentIntents), where it differs from the setup. */
  readonly charge?: TestCardCharge;
}

/** A SEPA Direct Debit test account. */
export interface TestSepaAccount {
  /** The payment method type. */
  readonly type: 'sepa_debit';
  /** The IBAN. */
  readonly iban: string;
}

/** A US bank test account. */
export interface TestUsBankAccount {
  /** The payment method type. */
  readonly type: 'us_bank_account';
  /** The account number (routing number `110000000`). */
  readonly accountNumber: string;
  /** Whether the aliases stand for an account linked through Financial Connections (no microdeposits). */
  readonly instantlyVerified: boolean;
  /** Whether microdeposits cannot be sent to the account. */
  readonly microdepositsFail?: boolean;
}

/** A Canadian pre-authorized debit test account. */
export interface TestAcssAccount {
  /** The payment method type. */
  readonly type: 'acss_debit';
  /** The account number (institution `000`, transit `11000`). */
  readonly accountNumber: string;
  /** Whether the aliases stand for an instantly verified account. */
  readonly instantlyVerified: boolean;
  /** Whether microdeposits cannot be sent to the account. */
  readonly microdepositsFail?: boolean;
}

/** The payment details of a test payment method. */
export type TestPaymentDetails = TestCard | TestSepaAccount | TestUsBankAccount | TestAcssAccount;

/**
 * One entry of the test payment method catalogue: the details Stripe documents, the aliases that
 * name it (`pm_card_visa`), and what a setup with it does.
 */
export interface TestPaymentMethod {
  /** A unique key naming the entry; a later entry with the same key replaces an earlier one. */
  readonly key: string;
  /** What Stripe's testing docs say of it. */
  readonly description: string;
  /** PaymentMethod ids that stand for it (`pm_card_visa`, `pm_success_de`, ...). */
  readonly aliases: readonly string[];
  /** The payment details. */
  readonly details: TestPaymentDetails;
  /** What the setup leads to once accepted. */
  readonly settlement: TestSettlement;
}

/** Microdeposit values with a documented test meaning (spec §2.7). */
export type MicrodepositTestOutcome = 'verify' | 'exhaust_attempts' | 'time_out';

/** A microdeposit test value: two amounts or a descriptor code, and what entering it does. */
export interface MicrodepositTestValue {
  /** The two amounts in cents, for `amounts` verification. */
  readonly amounts?: readonly [number, number];
  /** The six-character code, for `descriptor_code` verification. */
  readonly descriptorCode?: string;
  /** What entering it does. */
  readonly outcome: MicrodepositTestOutcome;
}
