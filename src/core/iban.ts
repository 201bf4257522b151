/**
 * Where the national bank code sits in an IBAN of each SEPA country: its offset after the four
 * characters of country and check digits, and its length (the IBAN registry's structure, e.g.
 * DE89 37040044 0532013000: bank code `37040044`; DK50 0040 0440116243: `0040`, as live Stripe
 * answers it, recorded in test/fixtures/recordings/pay-rails-bank-debit-payment-methods.json).
 */
const BANK_CODE: Readonly<Record<string, readonly [offset: number, length: number]>> = {
  AT: [0, 5],
  BE: [0, 3],
  CH: [0, 5],
  DE: [0, 8],
  DK: [0, 4],
  ES: [0, 4],
  FI: [0, 3],
  FR: [0, 5],
  GB: [0, 4],
  IE: [0, 4],
  IT: [1, 5],
  LU: [0, 3],
  NL: [0, 4],
  NO: [0, 4],
  PT: [0, 4],
  SE: [0, 3],
};

/** The national bank code of a normalised IBAN (upper case, no spaces); eight characters for countries not listed. */
export function ibanBankCode(iban: string): string {
  const [offset, length] = BANK_CODE[iban.slice(0, 2)] ?? [0, 8];
  return iban.slice(4 + offset, 4 + offset + length);
}
