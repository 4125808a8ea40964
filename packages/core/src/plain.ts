/**
 * A write-once function on plain numbers: what the umbrella, the CLI and the benchmarks need besides
 * differentiating it — its value, and a scalar function seen as a vector function.
 */
import type { Scalar, ScalarFunction, VectorFunction } from './real.js';

/** Any function of a vector as a vector function (a single output becomes a 1-element array). */
export function asVectorFunction(f: ScalarFunction | VectorFunction): VectorFunction {
  return (<T extends Scalar>(x: readonly T[]) => {
    const y = (f as (x: readonly T[]) => T | readonly T[])(x);
    return Array.isArray(y) || ArrayBuffer.isView(y) ? (y as readonly T[]) : [y as T];
  }) as VectorFunction;
}

/** f(x) on plain numbers, as a number (scalar output) or a Float64Array (vector output). */
export function plainValue(f: ScalarFunction | VectorFunction, x: Float64Array): number | Float64Array {
  const y = (f as (x: readonly number[]) => Scalar | readonly Scalar[])(Array.from(x));
  if (typeof y === 'number') return y;
  if (ArrayBuffer.isView(y)) return Float64Array.from(y as unknown as ArrayLike<number>);
  if (Array.isArray(y)) {
    return Float64Array.from(y as readonly Scalar[], (entry) =>
      typeof entry === 'number' ? entry : entry.primal,
    );
  }
  return (y as { primal: number }).primal;
}
