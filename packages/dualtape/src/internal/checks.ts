/**
 * Input checks the umbrella runs before anything else (before `'auto'`'s probe), so a bad point is
 * reported under the name of the call the user made, not of an internal probe.
 */
import {
  DomainError,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';

/** `x` as a Float64Array; ShapeError if empty, DomainError naming the first non-finite index. */
export function checkedPoint(operation: string, x: ArrayLike<number>, name = 'x'): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new UsageError(`${operation}: ${name} must be an array of numbers`);
  }
  if (x.length === 0) throw new ShapeError(operation, `${name} is empty; there is nothing to differentiate`);
  const point = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const value = x[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DomainError(
        operation,
        `${name}[${i}] is ${String(value)}; every entry must be a finite number`,
      );
    }
    point[i] = value;
  }
  return point;
}

/** A finite scalar point (for `derivative`), or a DomainError. */
export function checkedScalar(operation: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new DomainError(operation, `x is ${String(x)}; it must be a finite number`);
  }
  return x;
}

/** Throws a UsageError unless `f` is a function. */
export function checkedFunction<F>(operation: string, f: F): F {
  if (typeof f !== 'function') throw new UsageError(`${operation}: f must be a function, got ${typeof f}`);
  return f;
}

/** Any function of a vector as a vector function (a single output becomes a 1-element array). */
export function asVectorFunction(f: ScalarFunction | VectorFunction): VectorFunction {
  return (<T extends Scalar>(x: readonly T[]) => {
    const y = (f as (x: readonly T[]) => T | readonly T[])(x);
    return Array.isArray(y) ? (y as readonly T[]) : [y as T];
  }) as VectorFunction;
}

/** f(x) on plain numbers, as a number (scalar output) or a Float64Array (vector output). */
export function plainValue(f: ScalarFunction | VectorFunction, x: Float64Array): number | Float64Array {
  const y = (f as (x: readonly number[]) => Scalar | readonly Scalar[])(Array.from(x));
  if (typeof y === 'number') return y;
  if (Array.isArray(y)) {
    return Float64Array.from(y as readonly Scalar[], (entry) =>
      typeof entry === 'number' ? entry : entry.primal,
    );
  }
  return (y as { primal: number }).primal;
}
