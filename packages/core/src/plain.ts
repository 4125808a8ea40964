/**
 * A write-once function on plain numbers: what the umbrella, the CLI and the benchmarks need besides
 * differentiating it — its value, and a scalar function seen as a vector function.
 */
import { UsageError } from './errors.js';
import type { Real, Scalar, ScalarFunction, VectorFunction } from './real.js';
import { describeValue } from './validate.js';

/** Any function of a vector as a vector function (a single output becomes a 1-element array). */
export function asVectorFunction(f: ScalarFunction | VectorFunction): VectorFunction {
  return (<T extends Scalar>(x: readonly T[]) => {
    const y = (f as (x: readonly T[]) => T | readonly T[])(x);
    return Array.isArray(y) || ArrayBuffer.isView(y) ? (y as readonly T[]) : [y as T];
  }) as VectorFunction;
}

/**
 * f(x) on plain numbers, as a number (scalar output) or a Float64Array (vector output). A function that
 * returns something else (a string, undefined, an object; or an array holding one) is bad input: a
 * `UsageError` naming what it returned, under `operation`'s name, never a number to compare.
 *
 * @example plainValue(() => 'one', Float64Array.of(1), 'check') // UsageError: check: f returned the string 'one' ...
 */
export function plainValue(
  f: ScalarFunction | VectorFunction,
  x: Float64Array,
  operation = 'f',
): number | Float64Array {
  const y: unknown = (f as (x: readonly number[]) => unknown)(Array.from(x));
  if (ArrayBuffer.isView(y) && !(y instanceof DataView)) {
    return Float64Array.from(y as unknown as ArrayLike<number>);
  }
  if (Array.isArray(y)) {
    return Float64Array.from(y, (entry: unknown, i) => numberOf(operation, entry, ` at output [${i}]`));
  }
  return numberOf(operation, y, '');
}

/** A plain number, or a `Real`'s primal; anything else is a UsageError. */
function numberOf(operation: string, y: unknown, where: string): number {
  if (typeof y === 'number') return y;
  if (isNumberType(y)) return y.primal;
  throw new UsageError(
    `${operation}: f returned ${describeValue(y)}${where} for plain-number inputs, not a number`,
  );
}

/** True for a `Real` (a number type of some mode): it has a numeric primal and applies rules. */
function isNumberType(y: unknown): y is Real {
  if (typeof y !== 'object' || y === null) return false;
  const candidate = y as { primal?: unknown; apply1?: unknown };
  return typeof candidate.primal === 'number' && typeof candidate.apply1 === 'function';
}
