import { describe, expect, it } from 'vitest';
import { ibanBankCode } from '../../src/core/iban.js';

describe('ibanBankCode', () => {
  it("takes each country's national bank code", () => {
    // Recorded live: DE89370400440532013000 → 37040044 (test/fixtures/recordings/stripe-world-*, Stripe's test IBAN)
    // and DK5000400440116243 → 0040 (test/fixtures/recordings/pay-rails-bank-debit-payment-methods.json).
    expect(ibanBankCode('DE89370400440532013000')).toBe('37040044');
    expect(ibanBankCode('DK5000400440116243')).toBe('0040');
    // The IBAN registry's structure: France 5 digits, Italy 5 after the check character, Netherlands 4 letters.
    expect(ibanBankCode('FR1420041010050500013M02606')).toBe('20041');
    expect(ibanBankCode('IT60X0542811101000000123456')).toBe('05428');
    expect(ibanBankCode('NL91ABNA0417164300')).toBe('ABNA');
  });

  it('takes eight characters for a country it does not list', () => {
    expect(ibanBankCode('XK051212012345678906')).toBe('12120123');
  });
});
