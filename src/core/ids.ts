const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

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
  // mulberry32: tiny, fast, and good enough for unique-looking identifiers.
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const token = (length: number): string => {
    let out = '';
    while (out.length < length) {
      let word = next();
      for (let i = 0; i < 5 && out.length < length; i++) {
        out += ALPHABET[word % 62];
        word = Math.floor(word / 62);
      }
    }
    return out;
  };
  return { id: (prefix) => `${prefix}_${token(24)}`, token };
}
