const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The fingerprint of a card number or bank account: 16 alphanumerics, the same for the same
 * details, as Stripe's `fingerprint` fields are. It lets the catalogue recognise a test payment
 * method from the PaymentMethod object alone.
 */
export function fingerprintOf(type: string, number: string): string {
  // Two independent FNV-1a passes give 64 bits, enough to keep test details apart.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const text = `${type}:${number}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += ALPHABET[h1 % 62];
    h1 = Math.floor(h1 / 62) ^ (h2 & 0xff);
    out += ALPHABET[h2 % 62];
    h2 = Math.floor(h2 / 62) ^ 0x9e37;
  }
  return out;
}
