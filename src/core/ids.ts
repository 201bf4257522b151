const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODES: readonly number[] = Array.from(ALPHABET, (char) => char.charCodeAt(0));

/** The id prefixes Stripe uses for the objects this library creates. */
export type IdPrefix = 'seti' | 'setatt' | 'mandate' | 'pm' | 'cus' | 'evt' | 'req' | 'fca';

/** A source of fresh identifiers and secrets. */
export interface IdGenerator {
  /** A new id with the given prefix: `prefix_` followed by 24 alphanumerics. */
  readonly id: (prefix: IdPrefix) => string;
  /** A new random token of the given length, for `client_secret`s. */
  readonly token: (length: number) => string;
}

/**
 * A deterministic id generator: the same seed yields the same ids in the same order, so a run can
 * be replayed. It never reads `Math.random` or the clock.
 */
export function createSeededIdGenerator(seed = 1): IdGenerator {
  // mulberry32: tiny, fast, and good enough for unique-looking identifiers. The state lives in a
  // typed array, which wraps at 2^32 by itself and stores without allocating.
  const state = new Uint32Array([seed >>> 0]);
  const next = (): number => {
    state[0] = state[0]! + 0x6d2b79f5;
    const s = state[0]!;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  // Each 32-bit word gives five base-62 digits, least significant first; a token that ends
  // mid-word drops the word's remaining digits.
  const token = (length: number): string => {
    let out = '';
    let left = length;
    for (; left >= 5; left -= 5) {
      out += fiveDigits(next());
    }
    if (left > 0) {
      let word = next();
      for (; left > 0; left--) {
        const rest = (word / 62) >>> 0;
        out += ALPHABET[word - rest * 62]!;
        word = rest;
      }
    }
    return out;
  };
  // token(24), unrolled: ids are made on every operation, and one fromCharCode call with all 24
  // digits is several times faster than building the string piece by piece.
  const id = (prefix: IdPrefix): string => {
    const a0 = next(), a1 = (a0 / 62) >>> 0, a2 = (a1 / 62) >>> 0, a3 = (a2 / 62) >>> 0, a4 = (a3 / 62) >>> 0;
    const b0 = next(), b1 = (b0 / 62) >>> 0, b2 = (b1 / 62) >>> 0, b3 = (b2 / 62) >>> 0, b4 = (b3 / 62) >>> 0;
    const c0 = next(), c1 = (c0 / 62) >>> 0, c2 = (c1 / 62) >>> 0, c3 = (c2 / 62) >>> 0, c4 = (c3 / 62) >>> 0;
    const d0 = next(), d1 = (d0 / 62) >>> 0, d2 = (d1 / 62) >>> 0, d3 = (d2 / 62) >>> 0, d4 = (d3 / 62) >>> 0;
    const e0 = next(), e1 = (e0 / 62) >>> 0, e2 = (e1 / 62) >>> 0, e3 = (e2 / 62) >>> 0;
    return `${prefix}_${String.fromCharCode(
      CODES[a0 - a1 * 62]!, CODES[a1 - a2 * 62]!, CODES[a2 - a3 * 62]!, CODES[a3 - a4 * 62]!, CODES[a4 % 62]!,
      CODES[b0 - b1 * 62]!, CODES[b1 - b2 * 62]!, CODES[b2 - b3 * 62]!, CODES[b3 - b4 * 62]!, CODES[b4 % 62]!,
      CODES[c0 - c1 * 62]!, CODES[c1 - c2 * 62]!, CODES[c2 - c3 * 62]!, CODES[c3 - c4 * 62]!, CODES[c4 % 62]!,
      CODES[d0 - d1 * 62]!, CODES[d1 - d2 * 62]!, CODES[d2 - d3 * 62]!, CODES[d3 - d4 * 62]!, CODES[d4 % 62]!,
      CODES[e0 - e1 * 62]!, CODES[e1 - e2 * 62]!, CODES[e2 - e3 * 62]!, CODES[e3 % 62]!,
    )}`;
  };
  return { id, token };
}

/** The five base-62 digits of a 32-bit word, least significant first. */
function fiveDigits(word: number): string {
  const w1 = (word / 62) >>> 0;
  const w2 = (w1 / 62) >>> 0;
  const w3 = (w2 / 62) >>> 0;
  const w4 = (w3 / 62) >>> 0;
  return String.fromCharCode(CODES[word - w1 * 62]!, CODES[w1 - w2 * 62]!, CODES[w2 - w3 * 62]!, CODES[w3 - w4 * 62]!, CODES[w4 % 62]!);
}
