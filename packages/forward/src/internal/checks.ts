/**
 * Forward mode's input and output checks. The input checks are core's (`checkPoint`, `checkDirection`,
 * `checkNumber`), with what only forward mode has: inputs that may be an enclosing derivative's numbers,
 * and the note why the other calls refuse them. What `f` returns is checked here against forward mode's
 * number types, with core's errors; and the chunk size.
 */
import {
  CHUNK_THRESHOLD,
  checkDirection,
  checkPoint,
  defaultChunkSize,
  describeValue,
  isScalar,
  outputTypeError,
  type Scalar,
  singleOutputError,
  UsageError,
} from '@dualtape/core';

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
