const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The id prefixes Stripe uses for the objects this library creates. */
export type IdPrefix = 'seti' | 'setatt' | 'mandate' | 'pm' | 'cus' | 'evt' | 'req' | 'fca' | 'we' | 'pi' | 'ch' | 'payatt' | 'txn' | 're';

/** A source of fresh identifiers and secrets. */
export interface IdGenerator {
  /** A new id with the given prefix: `prefix_` followed by 24 alphanumerics. */
  readonly id: (prefix: IdPrefix) => string;
  /** A new random token of the given length, for `client_secret`s and webhook signing secrets. */
  readonly token: (length: number) => string;
}

/**
 * A keyed pseudo-random function: the same message always gives the same bytes (at least 32), and
 * without the key nobody can tell what they will be. HMAC-SHA256 under a secret key is one.
 * Injected, so the core needs no crypto library and runs anywhere.
 */
export type SecretBytes = (message: Uint8Array) => Uint8Array;

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

// The largest multiple of 62 below 256: bytes at or above it are dropped so every character is
// equally likely (a plain `% 62` would favour the first ones).
const UNBIASED_LIMIT = 248;
// A keyed function that yields no usable byte in this many blocks is broken, not unlucky.
const MAX_BLOCKS = 64;

/**
 * `length` base-62 characters from `secretBytes` of the generator's position: the sequence state
 * and the id count together never repeat within 2^32 draws, so no two tokens share a message.
 */
function keyedToken(secretBytes: SecretBytes, state: number, sequence: number, length: number): string {
  const message = new Uint8Array(20);
  const view = new DataView(message.buffer);
  view.setUint32(0, state >>> 0);
  view.setUint32(4, Math.floor(sequence / 2 ** 32) >>> 0);
  view.setUint32(8, sequence >>> 0);
  view.setUint32(12, length >>> 0);
  let out = '';
  for (let block = 0; block < MAX_BLOCKS && out.length < length; block++) {
    view.setUint32(16, block);
    for (const byte of secretBytes(message)) {
      if (byte < UNBIASED_LIMIT && out.length < length) {
        out += ALPHABET.charAt(byte % 62);
      }
    }
  }
  if (out.length < length) {
    throw new RangeError('token: the secret source returned no usable bytes');
  }
  return out;
}

/**
 * A deterministic id generator: the same seed yields the same ids in the same order, so a run can
 * be replayed. It never reads `Math.random` or the clock.
 *
 * @remarks Ids are built like Stripe's: a sequence part, a part fixed per generator (Stripe's is
 * per account), and a random tail. The sequence makes every id of one generator unique.
 *
 * @param options - `secretBytes`: a keyed function (HMAC-SHA256 under a secret key, say) the
 *   characters of {@link IdGenerator.token} come from. Without it they are drawn from the seeded sequence, so
 *   anyone who knows the seed (or recovers it from one id) can predict every secret: fine for
 *   tests, never for secrets that guard anything.
 */
export function createSeededIdGenerator(seed = 1, options: { readonly secretBytes?: (message: Uint8Array) => Uint8Array } = {}): SeededIdGenerator {
  return resumeSeededIdGenerator({ seed, state: seed >>> 0, sequence: 0 }, true, options);
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

/**
 * A seeded generator resumed from a {@link SeededIdGeneratorState}.
 *
 * @param options - As for {@link createSeededIdGenerator}.
 * @remarks With `options.secretBytes`, a token still advances the seeded sequence by as many draws
 * as without it (so ids are the same either way), and its characters come from `secretBytes` of
 * where the sequence then stands: a checkpoint restored replays the same tokens under the same key.
 */
export function resumeSeededIdGenerator(
  from: SeededIdGeneratorState,
  fresh = false,
  options: { readonly secretBytes?: (message: Uint8Array) => Uint8Array } = {},
): SeededIdGenerator {
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
  const seededToken = (length: number): string => {
    let out = '';
    while (out.length + 5 <= length) {
      out += fiveDigits(next());
    }
    return out.length === length ? out : out + fiveDigits(next()).slice(0, length - out.length);
  };
  const secretBytes = options.secretBytes;
  const token =
    secretBytes === undefined
      ? seededToken
      : (length: number): string => {
          seededToken(length);
          return keyedToken(secretBytes, state, sequence, length);
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
