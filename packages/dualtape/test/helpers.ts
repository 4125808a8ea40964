/**
 * What the dualtape tests share: the tolerance table (from @dualtape/testing — one table for the whole
 * project), fast-check run counts, and reproducible zoo points.
 */
import { seededRandom, TOLERANCES } from '@dualtape/testing';

export { expectAllClose, expectClose, oracleGradient, oracleJacobian } from '@dualtape/testing';
export { seededRandom, TOLERANCES };

/**
 * Numeric Hessians (second differences) against an exact Hessian: the rounding error is ε·|f|/h² instead
 * of ε·|f|/h, so they hold fewer digits than first derivatives (TOLERANCES.central).
 */
export const NUMERIC_HESSIAN = { atol: 1e-5, rtol: 1e-6 } as const;

/** fast-check runs for properties that call every mode (each run is a handful of differentiations). */
export const PROPERTY_RUNS = 25;

/** A point of a zoo instance, sampled reproducibly from `seed`. */
export function zooPoint(sample: (random: () => number) => Float64Array, seed: number): Float64Array {
  return sample(seededRandom(seed));
}
