/**
 * Seeded randomness for fault dice: the emulator rolls `Math.random()` for a fault's probability,
 * so seeding it makes "429 on 30 % of requests" the same requests on every run.
 */

/** mulberry32: a tiny, good-enough PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Replaces `Math.random` with a seeded generator for the rest of the test file (jest restores spies). */
export function seedMathRandom(seed: number): jest.SpyInstance<number, []> {
  return jest.spyOn(Math, 'random').mockImplementation(mulberry32(seed));
}
