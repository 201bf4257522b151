const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The id prefixes Stripe uses for the objects this library creates. */
export type IdPrefix = 'seti' | 'setatt' | 'mandate' | 'pm' | 'cus' | 'evt' | 'req' | 'fca' | 'we';

/** A source of fresh identifiers and secrets. */
export interface IdGenerator {
  /** A new id with the given prefix: `prefix_` followed by 24 alphanumerics. */
  readonly id: (prefix: IdPrefix) => string;
  /** A new random token of the given length, for `client_secret`s. */
  readonly token: (length: number) => string;
}

const CODES: readonly number[] = Array.from(ALPHABET, (char) => char.charCodeAt(0));

/** Five base-62 digits of a number below 62^5 (any 32-bit word is), most significant first. */
function fiveDigits(word: number): string {
  const w1 = Math.floor(word / 62);
  const w2 = Math.floor(w1 / 62);
  const w3 = Math.floor(w2 / 62);
  const w4 = Math.floor(w3 / 62);
  return String.fromCharCode(
    CODES[w4 % 62] as number,
    CODES[w3 - w4 * 62] as number,
    CODES[w2 - w3 * 62] as number,
    CODES[w1 - w2 * 62] as number,
    CODES[word - w1 * 62] as number,
  );
}

const FIVE_DIGIT_SPAN = 62 ** 5;

/**
 * A deterministic id generator: the same seed yields the same ids in the same order, so a run can
 * be replayed. It never reads `Math.random` or the clock.
 *
 * @remarks Ids are built like Stripe's: a sequence part, a part fixed per generator (Stripe's is
 * per account), and a random tail. The sequence makes every id of one generator unique.
 */
export function createSeededIdGenerator(seed = 1): SeededIdGenerator {
  return resumeSeededIdGenerator({ seed, state: seed >>> 0, sequence: 0 }, true);
}

/**
 * Where a seeded generator stands: enough to resume it exactly, so a log of operations can be
 * replayed with the ids they were given.
 */
export interface SeededIdGeneratorState {
  /** The seed the generator was created with (it fixes the middle part of every id). */
  readonly seed: number;
  /** The state of the pseudo-random sequence. */
  readonly state: number;
  /** How many ids have been issued. */
  readonly sequence: number;
}

/** A seeded {@link IdGenerator} that can report and restore where it stands. */
export interface SeededIdGenerator extends IdGenerator {
  /** Where the generator stands now. */
  readonly checkpoint: () => SeededIdGeneratorState;
  /** Moves the generator to a state a {@link SeededIdGenerator.checkpoint} of the same seed reported. */
  readonly restore: (state: SeededIdGeneratorState) => void;
}

/** A seeded generator resumed from a {@link SeededIdGeneratorState}. */
export function resumeSeededIdGenerator(from: SeededIdGeneratorState, fresh = false): SeededIdGenerator {
  // mulberry32: tiny, fast, and good enough for unique-looking identifiers.
  let state = from.seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const fixed = fiveDigits(next()) + fiveDigits(next()) + fiveDigits(next()).slice(0, 1);
  let sequence = from.sequence;
  if (!fresh) {
    state = from.state >>> 0;
  }
  const token = (length: number): string => {
    let out = '';
    while (out.length + 5 <= length) {
      out += fiveDigits(next());
    }
    return out.length === length ? out : out + fiveDigits(next()).slice(0, length - out.length);
  };
  // The top three digits of the sequence change once every 62^5 ids: computed only then.
  let highOf = -1;
  let highDigits = '';
  const id = (prefix: IdPrefix): string => {
    const value = ++sequence;
    const high = Math.floor(value / FIVE_DIGIT_SPAN);
    if (high !== highOf) {
      highOf = high;
      highDigits = fiveDigits(high).slice(2);
    }
    return `${prefix}_${highDigits}${fiveDigits(value - high * FIVE_DIGIT_SPAN)}${fixed}${fiveDigits(next())}`;
  };
  return {
    id,
    token,
    checkpoint: () => ({ seed: from.seed, state, sequence }),
    restore: (to) => {
      state = to.state >>> 0;
      sequence = to.sequence;
    },
  };
}
