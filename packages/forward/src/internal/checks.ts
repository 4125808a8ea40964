/**
 * Forward mode's input and output checks. The input checks are core's (`checkPoint`, `checkDirection`,
 * `checkNumber`), with what only forward mode has: inputs that may be an enclosing derivative's numbers,
 * and the note why the other calls refuse them. What `f` returns is checked here against forward mode's
 * number types, with core's errors; and the chunk size.
 */
import {
  CHUNK_THRESHOLD,
  checkDirection,
  checkNumber,
  checkPoint,
  defaultChunkSize,
  describeValue,
  outputTypeError,
  type Real,
  type Scalar,
  singleOutputError,
  UsageError,
} from '@dualtape/core';

/** True for a plain number or a `Real` (anything a write-once function may return as one value). */
export function isScalar(value: unknown): value is Scalar {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Real>;
  return typeof candidate.primal === 'number' && typeof candidate.apply2 === 'function';
}

/** Why the calls that return Float64Arrays refuse an enclosing derivative's numbers. */
const NOT_NESTING = "only derivative and gradient accept an enclosing derivative's numbers";

/** Checks plain-number inputs (core's `checkPoint`) of a call that does not nest; returns a copy. */
export function numberInputs(operation: string, x: unknown): Float64Array {
  return checkPoint(operation, x, 'x', NOT_NESTING);
}

/** Checks a direction `v` (core's `checkDirection`) against the point's length; returns a copy. */
export function numberDirection(operation: string, v: unknown, length: number): Float64Array {
  return checkDirection(operation, v, length, 'v', 'x', NOT_NESTING);
}

/**
 * Checks the inputs of a call that nests: plain numbers come back as core's checked Float64Array copy, an
 * array holding an enclosing derivative's numbers as a `Scalar[]` whose values core has checked.
 */
export function scalarInputs(operation: string, x: unknown): Float64Array | Scalar[] {
  if (!holdsReal(x)) return checkPoint(operation, x);
  const inputs = Array.from(x);
  // Core sees each Real as its value, so a non-finite one is reported at its index like a number.
  checkPoint(
    operation,
    inputs.map((input) => (isScalar(input) && typeof input !== 'number' ? input.primal : input)),
  );
  return inputs as Scalar[];
}

/** True when `x` is an array-like with a `Real` entry; a scan of type tests only, before core's check. */
function holdsReal(x: unknown): x is ArrayLike<unknown> {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return false;
  const values = x as ArrayLike<unknown>;
  const length = values.length;
  if (typeof length !== 'number') return false;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (typeof value !== 'number' && isScalar(value)) return true;
  }
  return false;
}

/** Checks one input point of a univariate call, a plain number or an enclosing derivative's number. */
export function scalarInput(operation: string, x: unknown): Scalar {
  if (isScalar(x) && typeof x !== 'number') {
    checkNumber(operation, x.primal, 'x');
    return x;
  }
  return checkNumber(operation, x, 'x');
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
  if (Array.isArray(y) || ArrayBuffer.isView(y)) throw singleOutputError(operation, describeValue(y));
  throw outputTypeError(operation, y);
}

/** The outputs of a vector function; a single value counts as one output. */
export function vectorOutput(operation: string, y: unknown): readonly Scalar[] {
  if (isScalar(y)) return [y];
  if (!Array.isArray(y)) throw outputTypeError(operation, y, undefined, 'a number or an array of numbers');
  for (let i = 0; i < y.length; i++) {
    if (!isScalar(y[i])) throw outputTypeError(operation, y[i], i);
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
