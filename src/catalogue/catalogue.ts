import { fingerprintOf } from '../core/fingerprint.js';
import { DEFAULT_MICRODEPOSIT_TEST_VALUES, DEFAULT_TEST_PAYMENT_METHODS } from './default-test-payment-methods.js';
import type {
  MicrodepositTestOutcome,
  MicrodepositTestValue,
  TestPaymentDetails,
  TestPaymentMethod,
} from './test-payment-method.js';

/** The routing number of Stripe's US bank test accounts. */
export const TEST_ROUTING_NUMBER = '110000000';
/** The institution number of Stripe's Canadian test accounts. */
export const TEST_INSTITUTION_NUMBER = '000';
/** The transit number of Stripe's Canadian test accounts. */
export const TEST_TRANSIT_NUMBER = '11000';

/**
 * An index over test payment methods: find an entry by alias (`pm_card_visa`) or by the
 * fingerprint of a PaymentMethod's details, and read the meaning of microdeposit values.
 */
export interface TestPaymentMethodCatalogue {
  /** Every entry, later entries having replaced earlier ones with the same key. */
  readonly entries: readonly TestPaymentMethod[];
  /** The entry an alias such as `pm_card_visa` names. */
  readonly byAlias: (alias: string) => TestPaymentMethod | undefined;
  /** The entry whose details have this fingerprint. */
  readonly byFingerprint: (fingerprint: string) => TestPaymentMethod | undefined;
  /** The fingerprint of an entry's details, computed once when the catalogue is built. */
  readonly fingerprintOf: (entry: TestPaymentMethod) => string;
  /**
   * The microdeposit test values, as given: a later value overrides an earlier one with the same
   * amounts or descriptor code.
   */
  readonly microdepositValues: readonly MicrodepositTestValue[];
  /** What entering these microdeposit values does, when they are documented test values. */
  readonly microdepositOutcome: (entered: { readonly amounts?: readonly number[]; readonly descriptorCode?: string }) =>
    | MicrodepositTestOutcome
    | undefined;
}

/** The fingerprint of a test payment method's details, as the PaymentMethod built from it carries. */
export function fingerprintOfDetails(details: TestPaymentDetails): string {
  switch (details.type) {
    case 'card':
      return fingerprintOf('card', details.number);
    case 'sepa_debit':
      return fingerprintOf('sepa_debit', details.iban);
    case 'us_bank_account':
      return fingerprintOf('us_bank_account', `${TEST_ROUTING_NUMBER}:${details.accountNumber}`);
    case 'acss_debit':
      return fingerprintOf('acss_debit', `${TEST_INSTITUTION_NUMBER}:${TEST_TRANSIT_NUMBER}:${details.accountNumber}`);
  }
}

/**
 * Builds a catalogue from entries and microdeposit test values. Later entries replace earlier
 * ones with the same key, alias or details, so embedders add or override by appending.
 *
 * @example
 * ```ts
 * const catalogue = createTestPaymentMethodCatalogue([
 *   ...DEFAULT_TEST_PAYMENT_METHODS,
 *   { key: 'my_card', description: 'Always processes', aliases: ['pm_card_mine'],
 *     details: { type: 'card', number: '4000000000000077', brand: 'visa', funding: 'credit', country: 'US', threeDSecure: 'not_supported' },
 *     settlement: { kind: 'process', then: { kind: 'succeed' }, settlesAfterSeconds: 60 } },
 * ]);
 * ```
 */
export function createTestPaymentMethodCatalogue(
  entries: readonly TestPaymentMethod[] = DEFAULT_TEST_PAYMENT_METHODS,
  microdepositValues: readonly MicrodepositTestValue[] = DEFAULT_MICRODEPOSIT_TEST_VALUES,
): TestPaymentMethodCatalogue {
  const byKey = new Map<string, TestPaymentMethod>();
  for (const entry of entries) {
    byKey.delete(entry.key);
    byKey.set(entry.key, entry);
  }
  const aliases = new Map<string, TestPaymentMethod>();
  const fingerprints = new Map<string, TestPaymentMethod>();
  const entryFingerprints = new Map<TestPaymentMethod, string>();
  for (const entry of byKey.values()) {
    for (const alias of entry.aliases) {
      aliases.set(alias, entry);
    }
    const fingerprint = fingerprintOfDetails(entry.details);
    fingerprints.set(fingerprint, entry);
    entryFingerprints.set(entry, fingerprint);
  }
  const amountOutcomes = new Map<string, MicrodepositTestOutcome>();
  const codeOutcomes = new Map<string, MicrodepositTestOutcome>();
  for (const value of microdepositValues) {
    if (value.amounts !== undefined) {
      amountOutcomes.set(`${value.amounts[0]},${value.amounts[1]}`, value.outcome);
    }
    if (value.descriptorCode !== undefined) {
      codeOutcomes.set(value.descriptorCode, value.outcome);
    }
  }
  return {
    entries: [...byKey.values()],
    byAlias: (alias) => aliases.get(alias),
    byFingerprint: (fingerprint) => fingerprints.get(fingerprint),
    fingerprintOf: (entry) => entryFingerprints.get(entry) ?? fingerprintOfDetails(entry.details),
    microdepositValues: [...microdepositValues],
    microdepositOutcome: ({ amounts, descriptorCode }) => {
      if (amounts !== undefined) {
        return amountOutcomes.get(amounts.join(','));
      }
      return descriptorCode === undefined ? undefined : codeOutcomes.get(descriptorCode);
    },
  };
}

/** The catalogue of Stripe's documented test payment methods. */
export const DEFAULT_CATALOGUE: TestPaymentMethodCatalogue = createTestPaymentMethodCatalogue();
