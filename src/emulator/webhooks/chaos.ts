import { createSeededRandom } from './seeded-random.js';

/** Switches for chaotic delivery: shuffled order and duplicates, replayable from a seed. */
export interface ChaosOptions {
  /** The seed of the pseudo-random source, so the same run replays. */
  readonly seed: number;
  /** The chance that a delivery is also sent a second time; defaults to 0.3. */
  readonly duplicateProbability?: number;
  /** The upper bound (exclusive) of the random extra delay of each delivery, in ms; defaults to 2000. */
  readonly maxDelayMs?: number;
}

/** Gives the initial delays of the copies of one (event, endpoint) delivery. */
export type DeliveryPlanner = () => readonly number[];

const DEFAULT_DUPLICATE_PROBABILITY = 0.3;
const DEFAULT_MAX_DELAY_MS = 2000;
// Node timers fire at once for any longer delay, which would silently undo the shuffle.
const MAX_TIMER_MS = 2_147_483_647;

/** Plans every delivery as one copy sent at once, the orderly default. */
export const orderlyPlanner: DeliveryPlanner = () => [0];

/**
 * Creates a planner that delays each delivery by a random `[0, maxDelayMs)` ms and, with
 * `duplicateProbability`, adds a second copy with its own random delay.
 *
 * @remarks Stripe does not guarantee delivery order and may deliver an event more than once
 * (Stripe docs, "Handle duplicate events" and "Event ordering"); this makes both happen on purpose.
 * @throws {@link RangeError} when a probability or delay is out of range.
 */
export function createChaosPlanner(options: ChaosOptions): DeliveryPlanner {
  const duplicateProbability = options.duplicateProbability ?? DEFAULT_DUPLICATE_PROBABILITY;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  if (!(duplicateProbability >= 0 && duplicateProbability <= 1)) {
    throw new RangeError(`chaos.duplicateProbability must be in [0, 1], got ${duplicateProbability}`);
  }
  if (!(maxDelayMs >= 0 && maxDelayMs <= MAX_TIMER_MS)) {
    throw new RangeError(`chaos.maxDelayMs must be in [0, ${MAX_TIMER_MS}], got ${maxDelayMs}`);
  }
  const random = createSeededRandom(options.seed);
  const delay = (): number => Math.floor(random() * maxDelayMs);
  return () => {
    const first = delay();
    return random() < duplicateProbability ? [first, delay()] : [first];
  };
}
