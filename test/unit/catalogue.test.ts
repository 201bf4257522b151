import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOGUE,
  DEFAULT_MICRODEPOSIT_TEST_VALUES,
  DEFAULT_TEST_PAYMENT_METHODS,
  TEST_ACSS_ACCOUNTS,
  TEST_CARDS,
  TEST_SEPA_ACCOUNTS,
  TEST_US_BANK_ACCOUNTS,
  advanceTime,
  createTestPaymentMethodCatalogue,
} from '../../src/index.js';
import type { TestPaymentMethod } from '../../src/index.js';
import { applied, confirm, create, harness, storedPaymentMethod } from './helpers.js';

// Spec §5.1-§5.5: the documented alias → number table, copied literally.
const DOCUMENTED_ALIASES: Readonly<Record<string, string>> = {
  pm_card_visa: '4242424242424242',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_authenticationRequiredSetupForOffSession: '4000003800000446',
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_threeDSecureRequiredChargeDeclined: '4000008400001629',
  pm_card_threeDSecureRequiredProcessingError: '4000008400001280',
  pm_card_threeDSecureOptional: '4000000000003055',
  pm_card_threeDSecureOptionalProcessingError: '4000000000003097',
  pm_card_amex_threeDSecureNotSupported: '378282246310005',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  pm_card_radarBlock: '4100000000000019',
  pm_success_de: 'DE89370400440532013000',
  pm_successDelayed_de: 'DE08370400440532013003',
  pm_failed_de: 'DE62370400440532013001',
  pm_failedDelayed_de: 'DE78370400440532013004',
  pm_disputed_de: 'DE35370400440532013002',
  pm_exceedsWeeklyVolumeLimit_de: 'DE65370400440000343434',
  pm_exceedsWeeklyTransactionLimit_de: 'DE27370400440000121212',
  pm_insufficientFunds_de: 'DE65370400440002222227',
  pm_success_at: 'AT611904300234573201',
  pm_success_fr: 'FR1420041010050500013M02606',
  pm_success_be: 'BE62510007547061',
  pm_failed_be: 'BE68539007547034',
  pm_usBankAccount_success: '000123456789',
  pm_usBankAccount_accountClosed: '000111111113',
  pm_usBankAccount_noAccount: '000111111116',
  pm_usBankAccount_insufficientFunds: '000222222227',
  pm_usBankAccount_debitNotAuthorized: '000333333335',
  pm_usBankAccount_invalidCurrency: '000444444440',
  pm_usBankAccount_failMicrodeposits: '000666666661',
  pm_usBankAccount_dispute: '000555555559',
  pm_usBankAccount_processing: '000000000009',
  pm_acssDebit_success: '000123456789',
};

function numberOf(entry: TestPaymentMethod | undefined): string | undefined {
  const details = entry?.details;
  switch (details?.type) {
    case 'card':
      return details.number;
    case 'sepa_debit':
      return details.iban;
    case 'us_bank_account':
    case 'acss_debit':
      return details.accountNumber;
    default:
      return undefined;
  }
}

describe('the default catalogue', () => {
  it('holds every built-in entry once, with unique keys, aliases and fingerprints', () => {
    const all = [...TEST_CARDS, ...TEST_SEPA_ACCOUNTS, ...TEST_US_BANK_ACCOUNTS, ...TEST_ACSS_ACCOUNTS];
    expect(DEFAULT_TEST_PAYMENT_METHODS).toEqual(all);
    expect(DEFAULT_CATALOGUE.entries).toHaveLength(all.length);
    expect(new Set(all.map((e) => e.key)).size).toBe(all.length);
    const aliases = all.flatMap((e) => e.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  for (const [alias, number] of Object.entries(DOCUMENTED_ALIASES)) {
    it(`${alias} stands for ${number}`, () => {
      expect(numberOf(DEFAULT_CATALOGUE.byAlias(alias))).toBe(number);
    });
  }

  it('unknown aliases are not in it', () => {
    expect(DEFAULT_CATALOGUE.byAlias('pm_card_nonexistent')).toBeUndefined();
    expect(DEFAULT_CATALOGUE.byFingerprint('0000000000000000')).toBeUndefined();
  });

  it('every SEPA test IBAN sets up successfully (spec §5.3)', () => {
    expect(TEST_SEPA_ACCOUNTS.every((entry) => entry.settlement.kind === 'succeed')).toBe(true);
  });

  it('3D Secure support follows spec §5.1', () => {
    const support = (alias: string): string | undefined => {
      const details = DEFAULT_CATALOGUE.byAlias(alias)?.details;
      return details?.type === 'card' ? details.threeDSecure : undefined;
    };
    expect(support('pm_card_visa')).toBe('not_supported');
    expect(support('pm_card_authenticationRequired')).toBe('required');
    expect(support('pm_card_threeDSecure2Required')).toBe('required');
    expect(support('pm_card_threeDSecureOptional')).toBe('optional');
    expect(support('pm_card_amex_threeDSecureNotSupported')).toBe('not_supported');
  });

  it('the documented microdeposit values verify, exhaust attempts or time out; others mean nothing', () => {
    expect(DEFAULT_MICRODEPOSIT_TEST_VALUES).toHaveLength(6);
    const outcome = DEFAULT_CATALOGUE.microdepositOutcome;
    expect(outcome({ amounts: [32, 45] })).toBe('verify');
    expect(outcome({ amounts: [10, 11] })).toBe('exhaust_attempts');
    expect(outcome({ amounts: [40, 41] })).toBe('time_out');
    expect(outcome({ descriptorCode: 'SM11AA' })).toBe('verify');
    expect(outcome({ descriptorCode: 'SM33CC' })).toBe('exhaust_attempts');
    expect(outcome({ descriptorCode: 'SM44DD' })).toBe('time_out');
    expect(outcome({ amounts: [1, 2] })).toBeUndefined();
    expect(outcome({ descriptorCode: 'SM00ZZ' })).toBeUndefined();
    expect(outcome({})).toBeUndefined();
  });
});

describe('recognising PaymentMethods by fingerprint', () => {
  it('a PaymentMethod created from an alias carries the fingerprint of its entry, the same for every copy', () => {
    const h = harness();
    const first = create(h, { payment_method_types: ['card'], payment_method: 'pm_card_visa' });
    const second = create(h, { payment_method_types: ['card'], payment_method: 'pm_card_visa' });
    const a = storedPaymentMethod(h, first.intent.payment_method);
    const b = storedPaymentMethod(h, second.intent.payment_method);
    expect(a.id).not.toBe(b.id);
    expect(a.card?.fingerprint).toMatch(/^[0-9A-Za-z]{16}$/);
    expect(a.card?.fingerprint).toBe(b.card?.fingerprint);
    expect(DEFAULT_CATALOGUE.byFingerprint(a.card?.fingerprint ?? '')?.key).toBe('card_visa');
  });

  it('a manually entered test bank account is recognised by routing and account number', () => {
    const h = harness();
    const record = create(h, {
      payment_method_types: ['us_bank_account'],
      payment_method_data: { type: 'us_bank_account', us_bank_account: { routing_number: '110000000', account_number: '000000000009' } },
    });
    const pm = storedPaymentMethod(h, record.intent.payment_method);
    expect(DEFAULT_CATALOGUE.byFingerprint(pm.us_bank_account?.fingerprint ?? '')?.key).toBe('us_bank_account_processing');
  });

  it('a card the catalogue does not know sets up successfully', () => {
    const h = harness();
    const known = storedPaymentMethod(h, create(h, { payment_method_types: ['card'], payment_method: 'pm_card_chargeDeclined' }).intent.payment_method);
    const card = known.card;
    if (card === undefined) throw new Error('expected a card');
    const stranger = { ...known, id: 'pm_stranger', card: { ...card, fingerprint: 'UnknownPrint0000' } };
    h.store.paymentMethods.set(stranger.id, stranger);
    expect(applied(confirm(h, create(h), { payment_method: stranger.id })).record.intent.status).toBe('succeeded');
  });
});

describe('custom catalogues', () => {
  it('a later entry with the same key replaces the earlier one and its aliases', () => {
    const visa = TEST_CARDS.find((e) => e.key === 'card_visa');
    if (visa === undefined) throw new Error('missing card_visa');
    const catalogue = createTestPaymentMethodCatalogue([...DEFAULT_TEST_PAYMENT_METHODS, { ...visa, aliases: ['pm_card_myVisa'] }]);
    expect(catalogue.entries).toHaveLength(DEFAULT_TEST_PAYMENT_METHODS.length);
    expect(catalogue.byAlias('pm_card_visa')).toBeUndefined();
    expect(catalogue.byAlias('pm_card_myVisa')?.key).toBe('card_visa');
    expect(catalogue.entries.at(-1)?.key).toBe('card_visa');
  });

  it('custom microdeposit values replace the defaults', () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [{ amounts: [1, 2], outcome: 'verify' }]);
    expect(catalogue.microdepositOutcome({ amounts: [1, 2] })).toBe('verify');
    expect(catalogue.microdepositOutcome({ amounts: [32, 45] })).toBeUndefined();
  });

  it('a custom card that processes is settled by advanceTime', () => {
    const entry: TestPaymentMethod = {
      key: 'my_card',
      description: 'Always processes',
      aliases: ['pm_card_mine'],
      details: { type: 'card', number: '4000000000000077', brand: 'visa', funding: 'credit', country: 'US', threeDSecure: 'not_supported' },
      settlement: { kind: 'process', then: { kind: 'succeed' }, settlesAfterSeconds: 60 },
    };
    const h = harness({ catalogue: createTestPaymentMethodCatalogue([...DEFAULT_TEST_PAYMENT_METHODS, entry]) });
    const processing = applied(confirm(h, create(h), { payment_method: 'pm_card_mine' })).record;
    expect(processing.intent.status).toBe('processing');
    h.advance(60);
    expect(applied(advanceTime(processing, h.env)).record.intent.status).toBe('succeeded');
  });

  it('the frictionless 3DS card authenticates frictionlessly unless a challenge is requested', () => {
    const frictionless = TEST_CARDS.find((e) => e.key === 'card_three_d_secure_frictionless');
    if (frictionless === undefined) throw new Error('missing entry');
    const h = harness({ catalogue: createTestPaymentMethodCatalogue([...DEFAULT_TEST_PAYMENT_METHODS, { ...frictionless, aliases: ['pm_card_frictionless'] }]) });
    const flow = (record: ReturnType<typeof create>) =>
      applied(confirm(h, record, { payment_method: 'pm_card_frictionless' })).record.latestAttempt?.payment_method_details.card?.three_d_secure?.authentication_flow;
    expect(flow(create(h))).toBe('frictionless');
    expect(flow(create(h, { payment_method_types: ['card'], payment_method_options: { card: { request_three_d_secure: 'challenge' } } }))).toBe('challenge');
  });
});
