/**
 * Creates a seeded pseudo-random source (mulberry32) returning floats in `[0, 1)`: the same seed
 * gives the same sequence, so a chaotic delivery run can be replayed.
 *
 * @param seed - Any number; only its low 32 bits matter.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
