/**
 * What the dualtape tests share: the tolerance table (from @dualtape/testing — one table for the whole
 * project), fast-check run counts, reproducible zoo points, and a function with a known Hessian.
 */
import { mul, type Scalar, sin, square } from '@dualtape/core';
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

/** x² · sin(y): a function of two inputs with every second derivative non-zero at (1, 2). */
export const curved = <T extends Scalar>([x, y]: readonly T[]): T => mul(square(x!), sin(y!));

/** The exact Hessian of `curved` at (x, y). */
export function curvedHessian(x: number, y: number): number[][] {
  return [
    [2 * Math.sin(y), 2 * x * Math.cos(y)],
    [2 * x * Math.cos(y), -x * x * Math.sin(y)],
  ];
}

/** The Hessian strategies of `compare`/`check` with `kind: 'hessian'`, in table order. */
export const HESSIAN_STRATEGIES = ['forward-over-forward', 'reverse-over-reverse', 'reverse-over-forward'];

/** The Hessian of extended Rosenbrock, derived by hand (tridiagonal). */
export function rosenbrockHessian(x: Float64Array): Float64Array[] {
  const n = x.length;
  const h = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n - 1; i++) {
    h[i]![i]! += 1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2;
    h[i + 1]![i + 1]! += 200;
    h[i]![i + 1]! += -400 * x[i]!;
    h[i + 1]![i]! += -400 * x[i]!;
  }
  return h;
}

/** The matrix-vector product H·v of rows `h`. */
export function timesVector(h: readonly ArrayLike<number>[], v: ArrayLike<number>): Float64Array {
  return Float64Array.from(h, (row) => {
    let total = 0;
    for (let j = 0; j < v.length; j++) total += row[j]! * v[j]!;
    return total;
  });
}
