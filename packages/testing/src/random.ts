/** Seeded randomness for reproducible test points: core's generator, and a helper for intervals. */

export { seededRandom } from '@dualtape/core';

/** A uniform number in [min, max) from `random`. */
export function uniformIn(random: () => number, min: number, max: number): number {
  return min + (max - min) * random();
}
