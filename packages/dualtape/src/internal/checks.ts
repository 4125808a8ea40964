/**
 * Checks and adapters the umbrella runs before anything else (before `'auto'`'s probe), so bad input is
 * reported under the name of the call the user made, not of an internal probe. The point itself is
 * checked by core's `checkPoint`/`checkNumber`, the same checks every mode runs.
 */
import { type Scalar, type ScalarFunction, UsageError, type VectorFunction } from '@dualtape/core';

/** Throws a UsageError unless `f` is a function. */
export function checkedFunction<F>(operation: string, f: F): F {
  if (typeof f !== 'function') throw new UsageError(`${operation}: f must be a function, got ${typeof f}`);
  return f;
}

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
