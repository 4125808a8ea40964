/**
 * A small seeded generator (mulberry32), shared by every package that needs reproducible numbers: the
 * zoo's fixed data, sample points, random directions of the dot-product test, benchmark inputs. The same
 * seed gives the same numbers on every machine and in every run.
 */

/** Uniform numbers in [0, 1) determined by `seed` (32-bit state, period 2^32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` uniform numbers in [min, max) from a generator seeded with `seed`. */
export function seededUniform(seed: number, count: number, min: number, max: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = min + (max - min) * random();
  return out;
}
