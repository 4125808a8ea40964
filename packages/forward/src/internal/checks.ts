/**
 * Input and output checks shared by the operators, so every call reports bad input the same way:
 * `ShapeError` for sizes, `DomainError` for non-finite inputs (naming the index), `UsageError` for the
 * wrong kind of argument or option.
 */
import { DomainError, isReal, type Real, type Scalar, ShapeError, UsageError } from '@dualtape/core';
import { CHUNK_THRESHOLD, defaultChunkSize } from '../chunk.js';

/** True for a plain number or a `Real` (anything a write-once function may return as one value). */
export function isScalar(value: unknown): value is Scalar {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Real>;
  return typeof candidate.primal === 'number' && typeof candidate.apply2 === 'function';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return typeof value === 'string' ? `the string '${value}'` : String(value);
}

function checkArrayLike(operation: string, name: string, x: unknown): asserts x is ArrayLike<unknown> {
  const length = (x as { length?: unknown } | null | undefined)?.length;
  if (typeof x !== 'object' || x === null || typeof length !== 'number') {
    throw new UsageError(`${operation}: ${name} must be an array of numbers, got ${describe(x)}`);
  }
  if (length === 0)
    throw new ShapeError(operation, `${name} is empty; differentiation needs at least one input`);
}

function checkFinite(operation: string, name: string, index: number, value: number): void {
  if (!Number.isFinite(value)) {
    throw new DomainError(operation, `${name}[${index}] is ${value}; inputs must be finite numbers`);
  }
}

/**
 * Checks plain-number inputs (array-like, non-empty, finite) and copies them into a Float64Array.
 * `name` is the argument's name in messages (`x`, `v`).
 */
export function numberInputs(operation: string, name: string, x: unknown): Float64Array {
  checkArrayLike(operation, name, x);
  const length = x.length;
  let out: Float64Array;
  if (x instanceof Float64Array) {
    out = x.slice();
  } else {
    out = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const value = x[i];
      if (typeof value !== 'number') {
        const nested = isScalar(value)
          ? ` (${operation} does not nest: only derivative and gradient accept an enclosing derivative's numbers)`
          : '';
        throw new UsageError(`${operation}: ${name}[${i}] must be a number, got ${describe(value)}${nested}`);
      }
      out[i] = value;
    }
  }
  for (let i = 0; i < length; i++) {
    // x - x is 0 for finite x and NaN for NaN and ±Infinity: one cheap test in the common case.
    if (out[i]! - out[i]! !== 0) checkFinite(operation, name, i, out[i]!);
  }
  return out;
}

/**
 * Checks inputs that may be plain numbers or an enclosing derivative's numbers; returns them as a plain
 * array and whether any is not a plain number.
 */
export function scalarInputs(operation: string, x: unknown): { inputs: Scalar[]; nested: boolean } {
  checkArrayLike(operation, 'x', x);
  const inputs: Scalar[] = new Array(x.length);
  let nested = false;
  for (let i = 0; i < x.length; i++) {
    const value = x[i];
    if (!isScalar(value))
      throw new UsageError(`${operation}: x[${i}] must be a number, got ${describe(value)}`);
    checkFinite(operation, 'x', i, typeof value === 'number' ? value : value.primal);
    nested ||= isReal(value);
    inputs[i] = value;
  }
  return { inputs, nested };
}

/** Checks one input point of a univariate call. */
export function scalarInput(operation: string, x: unknown): Scalar {
  if (!isScalar(x)) throw new UsageError(`${operation}: x must be a number, got ${describe(x)}`);
  const value = typeof x === 'number' ? x : x.primal;
  if (!Number.isFinite(value))
    throw new DomainError(operation, `x is ${value}; inputs must be finite numbers`);
  return x;
}

/**
 * The chunk size to use for `n` inputs: `requested` if given (an integer in 1..n, else `UsageError`),
 * otherwise `defaultChunkSize(n)`.
 */
export function resolveChunkSize(operation: string, requested: number | undefined, n: number): number {
  if (requested === undefined) return defaultChunkSize(n);
  if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1 || requested > n) {
    throw new UsageError(
      `${operation}: chunkSize must be an integer from 1 to the number of inputs (${n}), got ${String(requested)}` +
        ` (omit it for the default, ${defaultChunkSize(n)}; ForwardDiff's threshold is ${CHUNK_THRESHOLD})`,
    );
  }
  return requested;
}

/** The single value a scalar function returned; `ShapeError` for an array, `UsageError` for anything else. */
export function singleOutput(operation: string, y: unknown): Scalar {
  if (isScalar(y)) return y;
  if (Array.isArray(y) || ArrayBuffer.isView(y)) {
    throw new ShapeError(
      operation,
      `f returned ${describe(y)} (length ${(y as ArrayLike<unknown>).length}); ${operation} needs a function ` +
        'with one output (use jacobian for vector outputs)',
    );
  }
  throw new UsageError(`${operation}: f must return a number, got ${describe(y)}`);
}

/** The outputs of a vector function; a single value counts as one output. */
export function vectorOutput(operation: string, y: unknown): readonly Scalar[] {
  if (isScalar(y)) return [y];
  if (!Array.isArray(y))
    throw new UsageError(`${operation}: f must return an array of numbers, got ${describe(y)}`);
  for (let i = 0; i < y.length; i++) {
    if (!isScalar(y[i]))
      throw new UsageError(`${operation}: output ${i} of f is ${describe(y[i])}, not a number`);
  }
  return y as readonly Scalar[];
}

/** `value` as a plain number; an enclosing call's number here means the call was nested where it cannot be. */
export function plainNumber(operation: string, value: Scalar): number {
  if (typeof value === 'number') return value;
  throw new UsageError(
    `${operation}: f produced a ${value.constructor.name} where a plain number was expected; ${operation} ` +
      "returns Float64Arrays and cannot carry an enclosing derivative's numbers (nest derivative or gradient instead)",
  );
}

/** Checks that `f` is callable. */
export function checkFunction(operation: string, f: unknown): void {
  if (typeof f !== 'function') throw new UsageError(`${operation}: f must be a function, got ${describe(f)}`);
}
