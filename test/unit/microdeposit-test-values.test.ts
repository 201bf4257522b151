import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOGUE,
  DEFAULT_TEST_PAYMENT_METHODS,
  createTestPaymentMethodCatalogue,
  microdepositTestValuesFor,
  verifyingMicrodepositParams,
} from '../../src/index.js';

describe('the catalogue\'s microdeposit test values', () => {
  it('by default: Stripe\'s documented amounts and descriptor codes, in order', () => {
    expect(microdepositTestValuesFor(DEFAULT_CATALOGUE, 'amounts')).toEqual([
      { amounts: [32, 45], outcome: 'verify' },
      { amounts: [10, 11], outcome: 'exhaust_attempts' },
      { amounts: [40, 41], outcome: 'time_out' },
    ]);
    expect(microdepositTestValuesFor(DEFAULT_CATALOGUE, 'descriptor_code').map((value) => value.descriptorCode)).toEqual(['SM11AA', 'SM33CC', 'SM44DD']);
    expect(verifyingMicrodepositParams(DEFAULT_CATALOGUE, 'amounts')).toEqual({ amounts: [32, 45] });
    expect(verifyingMicrodepositParams(DEFAULT_CATALOGUE, 'descriptor_code')).toEqual({ descriptor_code: 'SM11AA' });
  });

  it('a later value overrides an earlier one with the same amounts or code, as microdepositOutcome reads them', () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [
      { amounts: [32, 45], outcome: 'verify' },
      { amounts: [1, 2], outcome: 'verify' },
      { amounts: [32, 45], outcome: 'time_out' },
    ]);
    expect(microdepositTestValuesFor(catalogue, 'amounts')).toEqual([
      { amounts: [1, 2], outcome: 'verify' },
      { amounts: [32, 45], outcome: 'time_out' },
    ]);
    expect(catalogue.microdepositOutcome({ amounts: [32, 45] })).toBe('time_out');
    expect(verifyingMicrodepositParams(catalogue, 'amounts')).toEqual({ amounts: [1, 2] });
    expect(verifyingMicrodepositParams(catalogue, 'descriptor_code')).toBeUndefined();
  });

  it('the verifying amounts are a copy, never the catalogue\'s own array', () => {
    const params = verifyingMicrodepositParams(DEFAULT_CATALOGUE, 'amounts');
    expect(params?.amounts).not.toBe(DEFAULT_CATALOGUE.microdepositValues[0]?.amounts);
  });
});
