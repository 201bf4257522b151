import type { MicrodepositTestValue, TestCardCharge, TestCardError, TestPaymentMethod, TestSetupFailure } from './test-payment-method.js';

const succeed = { kind: 'succeed' } as const;

/** The retry advice a decline carries; every key is optional, as on Stripe's error. */
type DeclineAdvice = Pick<TestCardError, 'advice_code' | 'network_decline_code' | 'network_advice_code'>;

const cardDeclined = (decline_code: string, advice: DeclineAdvice, message = 'Your card was declined.'): TestCardError => ({
  code: 'card_declined',
  decline_code,
  message,
  ...advice,
});

const cardError = (code: string, message: string, advice: DeclineAdvice, param?: string): TestCardError =>
  param === undefined ? { code, decline_code: code, message, ...advice } : { code, decline_code: code, message, param, ...advice };

// Advice per decline. Recorded: a generic decline of 4000000000000002 in a SetupIntent confirm
// answers `advice_code: try_again_later` and `network_decline_code: "01"` and no
// `network_advice_code` (zulip/zulip corporate/tests/stripe_fixtures/
// replace_payment_method--SetupIntent.create.2.json, Stripe-Version 2025-11-17.clover).
// The others are judgements, marked so: the advice follows the meaning Stripe documents for each
// advice code (https://docs.stripe.com/declines/card#retrying-issuer-declines) and decline code
// (https://docs.stripe.com/declines/codes); the network code is the ISO 8583 response code of the
// reason (https://docs.stripe.com/declines/network-codes). Of the declines recorded, only the
// expired card carries a `network_advice_code`, so only it is given one.
const GENERIC_DECLINE: DeclineAdvice = { advice_code: 'try_again_later', network_decline_code: '01' };
/** Judgement: a soft decline; 51 is "insufficient funds". */
const INSUFFICIENT_FUNDS: DeclineAdvice = { advice_code: 'try_again_later', network_decline_code: '51' };
/** Judgement: a hard decline; 41 is "lost card, pick up". */
const LOST_CARD: DeclineAdvice = { advice_code: 'do_not_try_again', network_decline_code: '41' };
/** Judgement: a hard decline; 43 is "stolen card, pick up". */
const STOLEN_CARD: DeclineAdvice = { advice_code: 'do_not_try_again', network_decline_code: '43' };
/**
 * Recorded live at 2026-08-26.dahlia for `tok_chargeDeclinedExpiredCard` (test/fixtures/recordings/
 * stripe-world-10-setup-intents.json): 54 is "expired card", network advice 03 "do not try again".
 */
const EXPIRED_CARD: DeclineAdvice = { advice_code: 'confirm_card_data', network_advice_code: '03', network_decline_code: '54' };
/** Judgement: the card data must be corrected; N7 is Visa's "CVV2 mismatch". */
const INCORRECT_CVC: DeclineAdvice = { advice_code: 'confirm_card_data', network_decline_code: 'N7' };
/** Judgement: a retry may work; the failure is not the network's, so no network code. */
const PROCESSING_ERROR: DeclineAdvice = { advice_code: 'try_again_later' };
/** Judgement: the number fails the Luhn check before any network sees it. */
const INCORRECT_NUMBER: DeclineAdvice = { advice_code: 'confirm_card_data' };
/** Judgement: a limit that lifts later; 61 is "exceeds amount limit". */
const VELOCITY_EXCEEDED: DeclineAdvice = { advice_code: 'try_again_later', network_decline_code: '61' };
/** Judgement: Radar blocks before the issuer is asked, and advice codes are for issuer declines. */
const RADAR_BLOCK: DeclineAdvice = {};

/**
 * What Stripe's testing docs say of the cards that authenticate once (https://docs.stripe.com/testing#authentication-and-setup):
 * "This card requires authentication for one-time payments. However, if you set up this card ...
 * and use the saved card for subsequent payments, no further authentication is needed."
 */
const AUTHENTICATED_ONCE: TestCardCharge = { authentication: 'unless_set_up' };

const asFailure = (error: TestCardError): TestSetupFailure => ({ type: 'card_error', ...error });

interface CardRow {
  readonly key: string;
  readonly number: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly brand?: string;
  readonly funding?: string;
  readonly country?: string;
  readonly threeDSecure?: 'required' | 'optional' | 'not_supported';
  readonly threeDSecureUsageSupported?: boolean;
  readonly frictionless?: boolean;
  readonly declineOnConfirm?: TestCardError;
  readonly declineAfterAuthentication?: TestCardError;
  readonly charge?: TestCardCharge;
}

const card = (row: CardRow): TestPaymentMethod => ({
  key: row.key,
  description: row.description,
  aliases: row.aliases,
  details: {
    type: 'card',
    number: row.number,
    brand: row.brand ?? 'visa',
    funding: row.funding ?? 'credit',
    country: row.country ?? 'US',
    threeDSecure: row.threeDSecure ?? 'optional',
    ...(row.threeDSecureUsageSupported === undefined ? {} : { threeDSecureUsageSupported: row.threeDSecureUsageSupported }),
    ...(row.frictionless === undefined ? {} : { frictionless: row.frictionless }),
    ...(row.declineOnConfirm === undefined ? {} : { declineOnConfirm: row.declineOnConfirm }),
    ...(row.charge === undefined ? {} : { charge: row.charge }),
  },
  settlement:
    row.declineAfterAuthentication === undefined
      ? succeed
      : { kind: 'fail', failure: asFailure(row.declineAfterAuthentication) },
});

/** Test cards of Stripe's testing docs: success, authentication and declines (spec §5.1, §5.2). */
export const TEST_CARDS: readonly TestPaymentMethod[] = [
  // three_d_secure_usage.supported is true for 4242 (recorded live at 2026-08-26.dahlia, test/fixtures/recordings/).
  card({ key: 'card_visa', number: '4242424242424242', aliases: ['pm_card_visa'], description: 'Succeeds; supports 3D Secure but is not enrolled.', threeDSecure: 'not_supported', threeDSecureUsageSupported: true }),
  card({ key: 'card_visa_debit', number: '4000056655665556', aliases: ['pm_card_visa_debit'], description: 'Visa debit; succeeds.', funding: 'debit', threeDSecure: 'not_supported' }),
  card({ key: 'card_mastercard', number: '5555555555554444', aliases: ['pm_card_mastercard'], description: 'Mastercard; succeeds.', brand: 'mastercard', threeDSecure: 'not_supported' }),
  card({ key: 'card_amex', number: '378282246310005', aliases: ['pm_card_amex', 'pm_card_amex_threeDSecureNotSupported'], description: 'American Express; 3D Secure not supported, so setups carry on without authentication.', brand: 'amex', threeDSecure: 'not_supported' }),
  card({ key: 'card_discover', number: '6011111111111117', aliases: ['pm_card_discover'], description: 'Discover; succeeds.', brand: 'discover', threeDSecure: 'not_supported' }),
  card({ key: 'card_authentication_required_on_setup', number: '4000002500003155', aliases: ['pm_card_authenticationRequiredOnSetup'], description: 'Requires authentication to be set up; afterwards off-session payments need none.', threeDSecure: 'required', country: 'IE', charge: AUTHENTICATED_ONCE }),
  card({ key: 'card_authentication_required', number: '4000002760003184', aliases: ['pm_card_authenticationRequired'], description: 'Requires authentication on every transaction, set up or not.', threeDSecure: 'required', country: 'DE', charge: { authentication: 'always' } }),
  card({ key: 'card_authentication_required_setup_for_off_session', number: '4000003800000446', aliases: ['pm_card_authenticationRequiredSetupForOffSession'], description: 'Already set up for off-session use; sets up without authentication (UNCONFIRMED).', threeDSecure: 'optional', country: 'IE' }),
  card({ key: 'card_authentication_required_charge_declined_insufficient_funds', number: '4000008260003178', aliases: ['pm_card_authenticationRequiredChargeDeclinedInsufficientFunds'], description: 'Requires authentication; later payments decline with insufficient_funds. The setup itself succeeds after authentication (UNCONFIRMED).', threeDSecure: 'required', country: 'IE', charge: { ...AUTHENTICATED_ONCE, decline: cardDeclined('insufficient_funds', INSUFFICIENT_FUNDS, 'Your card has insufficient funds.') } }),
  card({ key: 'card_three_d_secure_2_required', number: '4000000000003220', aliases: ['pm_card_threeDSecure2Required'], description: '3D Secure 2 required; authentication succeeds.', threeDSecure: 'required', country: 'IE' }),
  card({ key: 'card_three_d_secure_required_us', number: '4000008400000027', aliases: [], description: '3D Secure required (US-issued); authentication succeeds.', threeDSecure: 'required' }),
  card({ key: 'card_three_d_secure_required_charge_declined', number: '4000008400001629', aliases: ['pm_card_threeDSecureRequiredChargeDeclined'], description: '3D Secure required; declined with card_declined after authentication.', threeDSecure: 'required', declineAfterAuthentication: cardDeclined('generic_decline', GENERIC_DECLINE) }),
  card({ key: 'card_three_d_secure_required_processing_error', number: '4000008400001280', aliases: ['pm_card_threeDSecureRequiredProcessingError'], description: 'The 3D Secure lookup fails and the card is declined (UNCONFIRMED: modelled as a decline at confirmation).', threeDSecure: 'required', declineOnConfirm: cardDeclined('generic_decline', GENERIC_DECLINE) }),
  card({ key: 'card_three_d_secure_optional', number: '4000000000003055', aliases: ['pm_card_threeDSecureOptional'], description: '3D Secure supported but not required: authenticates only when requested with request_three_d_secure.', threeDSecure: 'optional' }),
  card({ key: 'card_three_d_secure_optional_processing_error', number: '4000000000003097', aliases: ['pm_card_threeDSecureOptionalProcessingError'], description: '3D Secure attempts error; without a request for 3D Secure the setup succeeds (UNCONFIRMED).', threeDSecure: 'not_supported' }),
  card({ key: 'card_three_d_secure_frictionless', number: '4000000032200000', aliases: [], description: '3D Secure always runs and completes frictionlessly.', threeDSecure: 'required', frictionless: true }),
  card({ key: 'card_charge_customer_fail', number: '4000000000000341', aliases: ['pm_card_chargeCustomerFail'], description: 'Attaching to a Customer succeeds; later payments fail.', threeDSecure: 'not_supported', charge: { decline: cardDeclined('generic_decline', GENERIC_DECLINE) } }),
  card({ key: 'card_declined', number: '4000000000000002', aliases: ['pm_card_visa_chargeDeclined', 'pm_card_chargeDeclined'], description: 'Declined: card_declined / generic_decline.', declineOnConfirm: cardDeclined('generic_decline', GENERIC_DECLINE) }),
  card({ key: 'card_declined_insufficient_funds', number: '4000000000009995', aliases: ['pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclinedInsufficientFunds'], description: 'Declined: card_declined / insufficient_funds.', declineOnConfirm: cardDeclined('insufficient_funds', INSUFFICIENT_FUNDS, 'Your card has insufficient funds.') }),
  card({ key: 'card_declined_lost_card', number: '4000000000009987', aliases: ['pm_card_visa_chargeDeclinedLostCard', 'pm_card_chargeDeclinedLostCard'], description: 'Declined: card_declined / lost_card.', declineOnConfirm: cardDeclined('lost_card', LOST_CARD) }),
  card({ key: 'card_declined_stolen_card', number: '4000000000009979', aliases: ['pm_card_visa_chargeDeclinedStolenCard', 'pm_card_chargeDeclinedStolenCard'], description: 'Declined: card_declined / stolen_card.', declineOnConfirm: cardDeclined('stolen_card', STOLEN_CARD) }),
  card({ key: 'card_declined_expired_card', number: '4000000000000069', aliases: ['pm_card_chargeDeclinedExpiredCard', 'pm_card_visa_chargeDeclinedExpiredCard'], description: 'Declined: expired_card (param exp_month).', declineOnConfirm: cardError('expired_card', 'Your card has expired.', EXPIRED_CARD, 'exp_month') }),
  card({ key: 'card_declined_incorrect_cvc', number: '4000000000000127', aliases: ['pm_card_chargeDeclinedIncorrectCvc', 'pm_card_visa_chargeDeclinedIncorrectCvc'], description: 'Declined: incorrect_cvc.', declineOnConfirm: cardError('incorrect_cvc', "Your card's security code is incorrect.", INCORRECT_CVC, 'cvc') }),
  card({ key: 'card_declined_processing_error', number: '4000000000000119', aliases: ['pm_card_chargeDeclinedProcessingError', 'pm_card_visa_chargeDeclinedProcessingError'], description: 'Declined: processing_error.', declineOnConfirm: cardError('processing_error', 'An error occurred while processing your card. Try again in a little bit.', PROCESSING_ERROR) }),
  card({ key: 'card_incorrect_number', number: '4242424242424241', aliases: [], description: 'Fails the Luhn check: incorrect_number.', declineOnConfirm: cardError('incorrect_number', 'Your card number is incorrect.', INCORRECT_NUMBER, 'number') }),
  card({ key: 'card_declined_velocity_limit_exceeded', number: '4000000000006975', aliases: ['pm_card_visa_chargeDeclinedVelocityLimitExceeded'], description: 'Declined: card_declined / card_velocity_exceeded.', declineOnConfirm: cardDeclined('card_velocity_exceeded', VELOCITY_EXCEEDED, 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.') }),
  card({ key: 'card_radar_block', number: '4100000000000019', aliases: ['pm_card_radarBlock'], description: 'Radar always blocks it: card_declined / fraudulent (UNCONFIRMED decline code).', declineOnConfirm: cardDeclined('fraudulent', RADAR_BLOCK) }),
];

const sepa = (key: string, iban: string, aliases: readonly string[], description: string): TestPaymentMethod => ({
  key,
  description,
  aliases,
  details: { type: 'sepa_debit', iban },
  settlement: succeed,
});

/**
 * SEPA Direct Debit test IBANs (spec §5.3). Every one sets up successfully with a mandate; what
 * differs is how later payments behave, which a setup does not see.
 */
export const TEST_SEPA_ACCOUNTS: readonly TestPaymentMethod[] = [
  sepa('sepa_success_de', 'DE89370400440532013000', ['pm_success_de'], 'Payments succeed.'),
  sepa('sepa_success_delayed_de', 'DE08370400440532013003', ['pm_successDelayed_de'], 'Payments succeed after at least three minutes.'),
  sepa('sepa_failed_de', 'DE62370400440532013001', ['pm_failed_de'], 'Payments fail.'),
  sepa('sepa_failed_delayed_de', 'DE78370400440532013004', ['pm_failedDelayed_de'], 'Payments fail after at least three minutes.'),
  sepa('sepa_disputed_de', 'DE35370400440532013002', ['pm_disputed_de'], 'Payments succeed, then are disputed.'),
  sepa('sepa_exceeds_weekly_volume_limit_de', 'DE65370400440000343434', ['pm_exceedsWeeklyVolumeLimit_de'], 'Payments fail with charge_exceeds_source_limit.'),
  sepa('sepa_exceeds_weekly_transaction_limit_de', 'DE27370400440000121212', ['pm_exceedsWeeklyTransactionLimit_de'], 'Payments fail with charge_exceeds_weekly_limit.'),
  sepa('sepa_insufficient_funds_de', 'DE65370400440002222227', ['pm_insufficientFunds_de'], 'Payments fail with insufficient_funds.'),
  sepa('sepa_success_at', 'AT611904300234573201', ['pm_success_at'], 'Payments succeed.'),
  sepa('sepa_success_delayed_at', 'AT321904300235473204', ['pm_successDelayed_at'], 'Payments succeed after at least three minutes.'),
  sepa('sepa_failed_at', 'AT861904300235473202', ['pm_failed_at'], 'Payments fail.'),
  sepa('sepa_failed_delayed_at', 'AT051904300235473205', ['pm_failedDelayed_at'], 'Payments fail after at least three minutes.'),
  sepa('sepa_disputed_at', 'AT591904300235473203', ['pm_disputed_at'], 'Payments succeed, then are disputed.'),
  sepa('sepa_success_fr', 'FR1420041010050500013M02606', ['pm_success_fr'], 'Payments succeed.'),
  sepa('sepa_success_delayed_fr', 'FR3020041010050500013M02609', ['pm_successDelayed_fr'], 'Payments succeed after at least three minutes.'),
  sepa('sepa_failed_fr', 'FR8420041010050500013M02607', ['pm_failed_fr'], 'Payments fail.'),
  sepa('sepa_failed_delayed_fr', 'FR7920041010050500013M02600', ['pm_failedDelayed_fr'], 'Payments fail after at least three minutes.'),
  sepa('sepa_disputed_fr', 'FR5720041010050500013M02608', ['pm_disputed_fr'], 'Payments succeed, then are disputed.'),
  sepa('sepa_success_be', 'BE62510007547061', ['pm_success_be'], 'Payments succeed.'),
  sepa('sepa_failed_be', 'BE68539007547034', ['pm_failed_be'], 'Payments fail.'),
];

const achProcessingFailure: TestSetupFailure = {
  type: 'invalid_request_error',
  code: 'payment_method_provider_decline',
  message: 'The bank declined to set up this payment method.',
};

/**
 * US bank account test numbers (routing `110000000`, spec §5.4). The `pm_usBankAccount_*` aliases
 * are linked accounts that skip microdeposits; manually entered numbers are verified with them.
 */
export const TEST_US_BANK_ACCOUNTS: readonly TestPaymentMethod[] = [
  { key: 'us_bank_account_success', description: 'Payments succeed.', aliases: ['pm_usBankAccount_success'], details: { type: 'us_bank_account', accountNumber: '000123456789', instantlyVerified: true }, settlement: succeed },
  { key: 'us_bank_account_account_closed', description: 'Payments fail: account closed.', aliases: ['pm_usBankAccount_accountClosed'], details: { type: 'us_bank_account', accountNumber: '000111111113', instantlyVerified: true }, settlement: succeed },
  { key: 'us_bank_account_no_account', description: 'Payments fail: no account.', aliases: ['pm_usBankAccount_noAccount'], details: { type: 'us_bank_account', accountNumber: '000111111116', instantlyVerified: true }, settlement: succeed },
  { key: 'us_bank_account_insufficient_funds', description: 'Payments fail: insufficient funds.', aliases: ['pm_usBankAccount_insufficientFunds'], details: { type: 'us_bank_account', accountNumber: '000222222227', instantlyVerified: true }, settlement: succeed },
  { key: 'us_bank_account_debit_not_authorized', description: 'Payments fail: debit not authorized.', aliases: ['pm_usBankAccount_debitNotAuthorized'], details: { type: 'us_bank_account', accountNumber: '000333333335', instantlyVerified: true }, settlement: succeed },
  { key: 'us_bank_account_invalid_currency', description: 'Payments fail: invalid currency.', aliases: ['pm_usBankAccount_invalidCurrency'], details: { type: 'us_bank_account', accountNumber: '000444444440', instantlyVerified: true }, settlement: succeed },
  { key: 'us_bank_account_fail_microdeposits', description: 'Microdeposits cannot be sent: the setup fails with payment_method_microdeposit_failed when they are due.', aliases: ['pm_usBankAccount_failMicrodeposits'], details: { type: 'us_bank_account', accountNumber: '000666666661', instantlyVerified: false, microdepositsFail: true }, settlement: succeed },
  { key: 'us_bank_account_dispute', description: 'Payments are disputed.', aliases: ['pm_usBankAccount_dispute'], details: { type: 'us_bank_account', accountNumber: '000555555559', instantlyVerified: true }, settlement: succeed },
  {
    key: 'us_bank_account_processing',
    description: 'Stays processing until settled explicitly (the documented way to reach `processing`).',
    aliases: ['pm_usBankAccount_processing'],
    details: { type: 'us_bank_account', accountNumber: '000000000009', instantlyVerified: true },
    settlement: { kind: 'process', then: succeed, settlesAfterSeconds: null },
  },
  {
    key: 'us_bank_account_processing_fails',
    description: 'Processes for three minutes, then fails with payment_method_provider_decline (a library addition for testing the failure path).',
    aliases: ['pm_usBankAccount_processingFails'],
    details: { type: 'us_bank_account', accountNumber: '000000000017', instantlyVerified: true },
    settlement: { kind: 'process', then: { kind: 'fail', failure: achProcessingFailure }, settlesAfterSeconds: 180 },
  },
];

/** Canadian pre-authorized debit test accounts (institution `000`, transit `11000`, spec §5.5). */
export const TEST_ACSS_ACCOUNTS: readonly TestPaymentMethod[] = [
  { key: 'acss_debit_success', description: 'Payments succeed.', aliases: ['pm_acssDebit_success'], details: { type: 'acss_debit', accountNumber: '000123456789', instantlyVerified: true }, settlement: succeed },
  { key: 'acss_debit_success_delayed', description: 'Processes for three minutes, then succeeds.', aliases: [], details: { type: 'acss_debit', accountNumber: '900123456789', instantlyVerified: false }, settlement: { kind: 'process', then: succeed, settlesAfterSeconds: 180 } },
  { key: 'acss_debit_no_account', description: 'Payments fail: no account.', aliases: ['pm_acssDebit_noAccount'], details: { type: 'acss_debit', accountNumber: '000111111116', instantlyVerified: true }, settlement: succeed },
  { key: 'acss_debit_account_closed', description: 'Payments fail: account closed.', aliases: ['pm_acssDebit_accountClosed'], details: { type: 'acss_debit', accountNumber: '000111111113', instantlyVerified: true }, settlement: succeed },
  { key: 'acss_debit_insufficient_funds', description: 'Payments fail: insufficient funds.', aliases: ['pm_acssDebit_insufficientFunds'], details: { type: 'acss_debit', accountNumber: '000222222227', instantlyVerified: true }, settlement: succeed },
  { key: 'acss_debit_debit_not_authorized', description: 'Payments fail: debit not authorized.', aliases: ['pm_acssDebit_debitNotAuthorized'], details: { type: 'acss_debit', accountNumber: '000333333335', instantlyVerified: true }, settlement: succeed },
  { key: 'acss_debit_dispute', description: 'Payments are disputed.', aliases: ['pm_acssDebit_dispute'], details: { type: 'acss_debit', accountNumber: '000555555559', instantlyVerified: true }, settlement: succeed },
  { key: 'acss_debit_microdeposits_not_sent', description: 'Microdeposits cannot be sent.', aliases: [], details: { type: 'acss_debit', accountNumber: '000666666661', instantlyVerified: false, microdepositsFail: true }, settlement: succeed },
];

/** Every built-in test payment method. */
export const DEFAULT_TEST_PAYMENT_METHODS: readonly TestPaymentMethod[] = [
  ...TEST_CARDS,
  ...TEST_SEPA_ACCOUNTS,
  ...TEST_US_BANK_ACCOUNTS,
  ...TEST_ACSS_ACCOUNTS,
];

/** The documented microdeposit test values (spec §2.7); any other value is a mismatch. */
export const DEFAULT_MICRODEPOSIT_TEST_VALUES: readonly MicrodepositTestValue[] = [
  { amounts: [32, 45], outcome: 'verify' },
  { descriptorCode: 'SM11AA', outcome: 'verify' },
  { amounts: [10, 11], outcome: 'exhaust_attempts' },
  { descriptorCode: 'SM33CC', outcome: 'exhaust_attempts' },
  { amounts: [40, 41], outcome: 'time_out' },
  { descriptorCode: 'SM44DD', outcome: 'time_out' },
];
