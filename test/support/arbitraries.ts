// Arbitraries for operation sequences on SetupIntents: each step is one reducer call (an API
// operation or a Stripe-side outcome), described as plain data so a shrunk counterexample reads
// as a list of calls.
import fc from 'fast-check';

/** Test payment method aliases of the catalogue that set up without further steps (spec §5.1). */
export const SUCCESS_CARD_ALIASES = ['pm_card_visa', 'pm_card_mastercard'] as const;

/** Test cards that ask for 3D Secure (always, or when `request_three_d_secure` asks for it). */
export const AUTHENTICATION_CARD_ALIASES = [
  'pm_card_authenticationRequiredOnSetup',
  'pm_card_threeDSecure2Required',
  'pm_card_threeDSecureRequiredChargeDeclined',
  'pm_card_threeDSecureOptional',
] as const;

/** Test cards declined at confirmation (spec §5.2). */
export const DECLINE_CARD_ALIASES = [
  'pm_card_visa_chargeDeclined',
  'pm_card_chargeDeclinedInsufficientFunds',
  'pm_card_chargeDeclinedExpiredCard',
  'pm_card_chargeDeclinedIncorrectCvc',
  'pm_card_radarBlock',
] as const;

/** Bank debit aliases: SEPA (§5.3) and linked US bank accounts (§5.4). */
export const BANK_ALIASES = [
  'pm_success_de',
  'pm_failed_de',
  'pm_usBankAccount_success',
  'pm_usBankAccount_processing',
  'pm_usBankAccount_processingFails',
] as const;

/**
 * Aliases of test payment methods the tests add to the catalogue (see `TEST_CATALOGUE`): the
 * default catalogue has no card whose setup is still processing after 3D Secure.
 */
export const ADDED_ALIASES = ['pm_card_authenticationThenProcessing'] as const;

/** Every alias the arbitraries use. */
export type TestAlias =
  | (typeof SUCCESS_CARD_ALIASES)[number]
  | (typeof AUTHENTICATION_CARD_ALIASES)[number]
  | (typeof DECLINE_CARD_ALIASES)[number]
  | (typeof BANK_ALIASES)[number]
  | (typeof ADDED_ALIASES)[number];

/** The routing number of Stripe's US bank test accounts. */
export const TEST_ROUTING_NUMBER = '110000000';

/**
 * Account numbers entered by hand through `payment_method_data[us_bank_account]`: verified with
 * microdeposits. The last one is not a documented test number.
 */
export const MANUAL_ACCOUNT_NUMBERS = ['000123456789', '000666666661', '000000000009', '000000000017', '000999999999'] as const;

/** A manually entered account number. */
export type ManualAccountNumber = (typeof MANUAL_ACCOUNT_NUMBERS)[number];

/** How a step supplies a payment method. */
export type PaymentMethodChoice =
  | { readonly kind: 'alias'; readonly alias: TestAlias }
  | { readonly kind: 'bank_account'; readonly accountNumber: ManualAccountNumber };

/** How a create call chooses payment method types (spec §1.4). */
export type PaymentMethodTypesChoice = 'explicit' | 'automatic' | 'automatic_without_redirects';

/** Values sent to `verify_microdeposits`. */
export type MicrodepositValues =
  | { readonly kind: 'amounts'; readonly amounts: readonly [number, number] }
  | { readonly kind: 'single_amount'; readonly amount: number }
  | { readonly kind: 'descriptor_code'; readonly code: string };

/** Operations a bad-parameter step can target. */
export type BadParamsOperation = 'create' | 'update' | 'confirm' | 'cancel' | 'verify_microdeposits';

/**
 * A request with a parameter problem. `phase` says when the problem is noticed: `params` before
 * anything else (the status does not matter), `after_status` only once the status allows the
 * operation. `code` is the error code expected then (`null`: Stripe answers without a code).
 */
export interface BadParamsCase {
  readonly name: string;
  readonly operation: BadParamsOperation;
  readonly params: Readonly<Record<string, unknown>>;
  readonly phase: 'params' | 'after_status';
  readonly code: string | null;
  /** For updates: whether the request tries to change the payment method. */
  readonly touchesPaymentMethod?: boolean;
}

const EXPLICIT_TYPES = ['card', 'sepa_debit', 'us_bank_account'] as const;

/** Requests with parameter problems, one per kind of problem. */
const BAD_PARAMS_CASES: readonly BadParamsCase[] = [
  { name: 'create with an unknown parameter', operation: 'create', params: { payment_method_types: EXPLICIT_TYPES, colour: 'blue' }, phase: 'params', code: 'parameter_unknown' },
  { name: 'create with return_url but no confirm', operation: 'create', params: { payment_method_types: EXPLICIT_TYPES, return_url: 'https://example.com/return' }, phase: 'params', code: 'setup_intent_invalid_parameter' },
  {
    name: 'create with mandate_data but no confirm',
    operation: 'create',
    params: { payment_method_types: EXPLICIT_TYPES, mandate_data: { customer_acceptance: { type: 'offline' } } },
    phase: 'params',
    code: 'setup_intent_invalid_parameter',
  },
  { name: 'create with an invalid usage', operation: 'create', params: { payment_method_types: EXPLICIT_TYPES, usage: 'sometimes' }, phase: 'params', code: null },
  { name: 'create with both payment_method_types and automatic_payment_methods', operation: 'create', params: { payment_method_types: EXPLICIT_TYPES, automatic_payment_methods: { enabled: true } }, phase: 'params', code: 'parameters_exclusive' },
  { name: 'create and confirm without a payment method', operation: 'create', params: { payment_method_types: EXPLICIT_TYPES, confirm: true }, phase: 'params', code: 'setup_intent_unexpected_state' },
  { name: 'create for an unknown customer', operation: 'create', params: { payment_method_types: EXPLICIT_TYPES, customer: 'cus_doesNotExist' }, phase: 'params', code: 'resource_missing' },
  { name: 'update with confirm', operation: 'update', params: { confirm: true }, phase: 'params', code: 'parameter_unknown' },
  { name: 'update with usage', operation: 'update', params: { usage: 'on_session' }, phase: 'params', code: 'parameter_unknown' },
  { name: 'update with a too long description', operation: 'update', params: { description: 'x'.repeat(1001) }, phase: 'params', code: null },
  { name: 'update with a too long metadata key', operation: 'update', params: { metadata: { ['k'.repeat(41)]: 'v' } }, phase: 'params', code: null },
  {
    name: 'update with both payment_method and payment_method_data',
    operation: 'update',
    params: { payment_method: 'pm_card_visa', payment_method_data: { type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' } } },
    phase: 'params',
    code: 'parameters_exclusive',
    touchesPaymentMethod: true,
  },
  { name: 'update with an unknown payment method', operation: 'update', params: { payment_method: 'pm_doesNotExist' }, phase: 'after_status', code: 'resource_missing', touchesPaymentMethod: true },
  { name: 'confirm with an unknown parameter', operation: 'confirm', params: { colour: 'blue' }, phase: 'params', code: 'parameter_unknown' },
  { name: 'confirm with an empty return_url', operation: 'confirm', params: { return_url: '' }, phase: 'params', code: 'parameter_invalid_empty' },
  { name: 'confirm with a confirmation token', operation: 'confirm', params: { confirmation_token: 'ctoken_doesNotExist' }, phase: 'params', code: 'resource_missing' },
  { name: 'confirm with an unknown payment method', operation: 'confirm', params: { payment_method: 'pm_doesNotExist' }, phase: 'after_status', code: 'resource_missing' },
  {
    name: 'confirm with a short routing number',
    operation: 'confirm',
    params: { payment_method_data: { type: 'us_bank_account', us_bank_account: { account_number: '000123456789', routing_number: '11000' } } },
    phase: 'after_status',
    code: null,
  },
  { name: 'cancel with an invalid reason', operation: 'cancel', params: { cancellation_reason: 'fraudulent' }, phase: 'params', code: null },
  { name: 'cancel with an unknown parameter', operation: 'cancel', params: { colour: 'blue' }, phase: 'params', code: 'parameter_unknown' },
  { name: 'verify with amounts that are not integers', operation: 'verify_microdeposits', params: { amounts: ['thirty-two', 'forty-five'] }, phase: 'params', code: 'parameter_invalid_integer' },
  { name: 'verify with both amounts and a descriptor code', operation: 'verify_microdeposits', params: { amounts: [32, 45], descriptor_code: 'SM11AA' }, phase: 'after_status', code: 'parameters_exclusive' },
];

/** One call in a sequence: an API operation on the current SetupIntent, or a Stripe-side outcome. */
export type Step =
  | {
      readonly kind: 'create';
      readonly paymentMethod: PaymentMethodChoice | null;
      readonly confirm: boolean;
      readonly mandateData: boolean;
      readonly returnUrl: boolean;
      readonly paymentMethodTypes: PaymentMethodTypesChoice;
      readonly customer: boolean;
      readonly metadata: Readonly<Record<string, string>> | null;
    }
  | { readonly kind: 'update_payment_method'; readonly paymentMethod: PaymentMethodChoice }
  | { readonly kind: 'unset_payment_method' }
  | { readonly kind: 'update_metadata'; readonly metadata: Readonly<Record<string, string>> }
  | { readonly kind: 'update_description'; readonly description: string }
  | {
      readonly kind: 'confirm';
      readonly paymentMethod: PaymentMethodChoice | null;
      readonly mandateData: boolean;
      readonly returnUrl: boolean;
      readonly requestThreeDSecure: boolean;
    }
  | { readonly kind: 'cancel'; readonly reason: 'abandoned' | 'duplicate' | 'requested_by_customer' | null }
  | { readonly kind: 'verify_microdeposits'; readonly values: MicrodepositValues }
  | { readonly kind: 'complete_action'; readonly outcome: 'succeeded' | 'failed' }
  | { readonly kind: 'expire_attempt' }
  | { readonly kind: 'settle_processing'; readonly outcome: 'succeeded' | 'failed' | null }
  | { readonly kind: 'advance_time'; readonly seconds: number }
  | { readonly kind: 'bad_params'; readonly badCase: BadParamsCase };

/** The kinds of step. */
export type StepKind = Step['kind'];

/** A step of one kind. */
export type StepOf<K extends StepKind> = Extract<Step, { readonly kind: K }>;

/**
 * A sequence of steps, the seed of its id generator, and the optional confirmation limit (failed
 * confirmations after which Stripe cancels the SetupIntent, spec T10).
 */
export interface OperationSequence {
  readonly seed: number;
  readonly confirmationFailureLimit: number | null;
  readonly steps: readonly Step[];
}

const DAY = 24 * 60 * 60;

/** Any of the aliases above: the catalogue's, and the one the tests add to it. */
const testAliasArb: fc.Arbitrary<TestAlias> = fc.oneof(
  { arbitrary: fc.constantFrom(...SUCCESS_CARD_ALIASES), weight: 2 },
  { arbitrary: fc.constantFrom(...AUTHENTICATION_CARD_ALIASES), weight: 3 },
  { arbitrary: fc.constantFrom(...ADDED_ALIASES), weight: 1 },
  { arbitrary: fc.constantFrom(...DECLINE_CARD_ALIASES), weight: 2 },
  { arbitrary: fc.constantFrom(...BANK_ALIASES), weight: 4 },
);

/** A payment method: mostly aliases, sometimes a bank account entered by hand. */
const paymentMethodChoiceArb: fc.Arbitrary<PaymentMethodChoice> = fc.oneof(
  { arbitrary: testAliasArb.map((alias) => ({ kind: 'alias', alias }) as const), weight: 3 },
  { arbitrary: fc.constantFrom(...MANUAL_ACCOUNT_NUMBERS).map((accountNumber) => ({ kind: 'bank_account', accountNumber }) as const), weight: 1 },
);

/** Metadata to send: short keys, values that may be empty (an empty value unsets a key). */
const metadataArb: fc.Arbitrary<Readonly<Record<string, string>>> = fc.dictionary(
  fc.constantFrom('order_id', 'customer_ref', 'campaign', 'note'),
  fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 12 })),
  { maxKeys: 3, noNullPrototype: true },
);

/** Any create call, including ones Stripe refuses (confirm-only parameters without `confirm`). */
export const createStepArb: fc.Arbitrary<StepOf<'create'>> = fc.record({
  kind: fc.constant('create' as const),
  paymentMethod: fc.option(paymentMethodChoiceArb, { nil: null }),
  confirm: fc.boolean(),
  mandateData: fc.boolean(),
  returnUrl: fc.boolean(),
  paymentMethodTypes: fc.constantFrom<PaymentMethodTypesChoice>('explicit', 'explicit', 'automatic', 'automatic_without_redirects'),
  customer: fc.boolean(),
  metadata: fc.option(metadataArb, { nil: null }),
});

/**
 * A create call Stripe accepts: without `confirm` (optionally with a payment method, T1/T2), or
 * with `confirm`, a payment method, `mandate_data` and `return_url` (T3).
 */
export const acceptedCreateStepArb: fc.Arbitrary<StepOf<'create'>> = fc.oneof(
  createStepArb.map((step) => ({ ...step, confirm: false, mandateData: false, returnUrl: false })),
  fc
    .record({ step: createStepArb, paymentMethod: paymentMethodChoiceArb })
    .map(({ step, paymentMethod }) => ({ ...step, paymentMethod, confirm: true, mandateData: true, returnUrl: true })),
);

/** Setting the payment method by update (T4). */
export const updatePaymentMethodStepArb: fc.Arbitrary<StepOf<'update_payment_method'>> = paymentMethodChoiceArb.map((paymentMethod) => ({
  kind: 'update_payment_method' as const,
  paymentMethod,
}));

/** Unsetting the payment method by update (`payment_method=''`, T5). */
export const unsetPaymentMethodStepArb: fc.Arbitrary<StepOf<'unset_payment_method'>> = fc.constant({ kind: 'unset_payment_method' as const });

/** Updating metadata only. */
export const updateMetadataStepArb: fc.Arbitrary<StepOf<'update_metadata'>> = metadataArb.map((metadata) => ({
  kind: 'update_metadata' as const,
  metadata,
}));

/** Updating the description only (`''` unsets it). */
export const updateDescriptionStepArb: fc.Arbitrary<StepOf<'update_description'>> = fc
  .oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 40 }))
  .map((description) => ({ kind: 'update_description' as const, description }));

/** A confirmation: a new payment method or the SetupIntent's own, with or without mandate data. */
export const confirmStepArb: fc.Arbitrary<StepOf<'confirm'>> = fc.record({
  kind: fc.constant('confirm' as const),
  paymentMethod: fc.option(paymentMethodChoiceArb, { nil: null, freq: 4 }),
  mandateData: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
  returnUrl: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  requestThreeDSecure: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
});

/** A cancel call with any of the documented reasons, or none. */
export const cancelStepArb: fc.Arbitrary<StepOf<'cancel'>> = fc
  .constantFrom('abandoned', 'duplicate', 'requested_by_customer', null)
  .map((reason) => ({ kind: 'cancel' as const, reason }));

/**
 * Microdeposit values: the documented test amounts (verify 32/45, exhaust 10/11, time out 40/41,
 * spec §2.7), other amounts (a mismatch), and shapes Stripe refuses.
 */
const microdepositValuesArb: fc.Arbitrary<MicrodepositValues> = fc.oneof(
  { arbitrary: fc.constantFrom<readonly [number, number]>([32, 45], [10, 11], [40, 41]).map((amounts) => ({ kind: 'amounts', amounts }) as const), weight: 4 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }))
      .map((amounts) => ({ kind: 'amounts', amounts }) as const),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 1, max: 99 }).map((amount) => ({ kind: 'single_amount', amount }) as const), weight: 1 },
  { arbitrary: fc.constantFrom('SM11AA', 'SM33CC', 'SM44DD').map((code) => ({ kind: 'descriptor_code', code }) as const), weight: 1 },
);

/** A `verify_microdeposits` call. */
export const verifyMicrodepositsStepArb: fc.Arbitrary<StepOf<'verify_microdeposits'>> = microdepositValuesArb.map((values) => ({
  kind: 'verify_microdeposits' as const,
  values,
}));

/** The customer completes or fails the pending action (3D Secure, a redirect). */
export const completeActionStepArb: fc.Arbitrary<StepOf<'complete_action'>> = fc
  .constantFrom('succeeded', 'failed')
  .map((outcome) => ({ kind: 'complete_action' as const, outcome }));

/** The pending attempt expires. */
export const expireAttemptStepArb: fc.Arbitrary<StepOf<'expire_attempt'>> = fc.constant({ kind: 'expire_attempt' as const });

/** The bank answers a `processing` setup: its own outcome, or a forced one. */
export const settleProcessingStepArb: fc.Arbitrary<StepOf<'settle_processing'>> = fc
  .constantFrom('succeeded', 'failed', null)
  .map((outcome) => ({ kind: 'settle_processing' as const, outcome }));

/**
 * The clock moves on and whatever is due happens: a few seconds, the three minutes of a delayed
 * settlement, the two days until microdeposits arrive, the ten days of the microdeposit timeout.
 */
export const advanceTimeStepArb: fc.Arbitrary<StepOf<'advance_time'>> = fc
  .oneof(fc.integer({ min: 1, max: 3600 }), fc.constantFrom(180, 2 * DAY, 10 * DAY, 11 * DAY))
  .map((seconds) => ({ kind: 'advance_time' as const, seconds }));

/** A request with a parameter problem. */
export const badParamsStepArb: fc.Arbitrary<StepOf<'bad_params'>> = fc
  .constantFrom(...BAD_PARAMS_CASES)
  .map((badCase) => ({ kind: 'bad_params' as const, badCase }));

/** Any step after the first create, weighted towards the lifecycle operations. */
export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: createStepArb, weight: 2 },
  { arbitrary: updatePaymentMethodStepArb, weight: 3 },
  { arbitrary: unsetPaymentMethodStepArb, weight: 1 },
  { arbitrary: updateMetadataStepArb, weight: 1 },
  { arbitrary: updateDescriptionStepArb, weight: 1 },
  { arbitrary: confirmStepArb, weight: 8 },
  { arbitrary: cancelStepArb, weight: 1 },
  { arbitrary: verifyMicrodepositsStepArb, weight: 4 },
  { arbitrary: completeActionStepArb, weight: 4 },
  { arbitrary: expireAttemptStepArb, weight: 2 },
  { arbitrary: settleProcessingStepArb, weight: 3 },
  { arbitrary: advanceTimeStepArb, weight: 3 },
  { arbitrary: badParamsStepArb, weight: 2 },
);

/** What Stripe or the customer does after a confirmation: the steps that settle a pending setup. */
const followUpStepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: verifyMicrodepositsStepArb, weight: 3 },
  { arbitrary: completeActionStepArb, weight: 3 },
  { arbitrary: settleProcessingStepArb, weight: 2 },
  { arbitrary: advanceTimeStepArb, weight: 2 },
  { arbitrary: expireAttemptStepArb, weight: 1 },
);

/**
 * A confirmation with a payment method followed by one to three follow-ups, so that sequences
 * often go past `requires_action` and `processing` instead of wandering off before they settle.
 */
const confirmEpisodeArb: fc.Arbitrary<readonly Step[]> = fc
  .tuple(
    confirmStepArb.chain((step) => paymentMethodChoiceArb.map((paymentMethod) => ({ ...step, paymentMethod }))),
    fc.array(followUpStepArb, { minLength: 1, maxLength: 3 }),
  )
  .map(([confirm, followUps]) => [confirm, ...followUps]);

/** A seed for the id generator. */
export const seedArb: fc.Arbitrary<number> = fc.integer({ min: 1, max: 0x7fffffff });

/** The confirmation limit: mostly off (Stripe's default here), sometimes a small number. */
export const confirmationFailureLimitArb: fc.Arbitrary<number | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 },
);

/** A sequence: an accepted create, then any steps. */
export const operationSequenceArb: fc.Arbitrary<OperationSequence> = fc
  .record({
    seed: seedArb,
    confirmationFailureLimit: confirmationFailureLimitArb,
    first: acceptedCreateStepArb,
    rest: fc.array(fc.oneof({ arbitrary: stepArb.map((step) => [step]), weight: 4 }, { arbitrary: confirmEpisodeArb, weight: 1 }), {
      maxLength: 20,
    }),
  })
  .map(({ seed, confirmationFailureLimit, first, rest }) => ({ seed, confirmationFailureLimit, steps: [first, ...rest.flat()] }));
