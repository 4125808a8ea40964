/**
 * `vjp`: f(x) and its pullback u ↦ uᵀ·J(x). Reverse mode's native product (one sweep per pullback);
 * forward and numeric mode answer it too, by computing the whole Jacobian once, at the first pullback.
 */
import { checkPoint, DomainError, ShapeError, type VectorFunction } from '@dualtape/core';
import { jacobian as forwardJacobian } from '@dualtape/forward';
import { jacobian as numericJacobian } from '@dualtape/numeric';
import { vjp as reverseVjp } from '@dualtape/reverse';
import { asVectorFunction, plainValue } from './internal/checks.js';
import { decideMode, forwardOptions, numericOptions, reverseOptions } from './internal/dispatch.js';
import { vectorTimesJacobian } from './internal/linear-algebra.js';
import type { ModeOptions } from './mode.js';

/** The value of a vector function and its pullback. */
export interface VjpResult {
  /** f(x), M values (1 for a function that returns a single value). */
  readonly value: Float64Array;
  /**
   * uᵀ·J(x) for a cotangent `u` of length M; may be called many times.
   * @throws ShapeError when u's length is not M; DomainError for a non-finite entry of u.
   */
  pullback(u: ArrayLike<number>): Float64Array;
}

/**
 * f(x) and the pullback u ↦ uᵀ·J(x).
 * - `'reverse'`: f is recorded once; each pullback is one reverse sweep.
 * - `'forward'`: f is evaluated on numbers for the value; the first pullback computes the whole Jacobian
 *   by ceil(N/k) chunked forward passes and keeps it, so every pullback after that is a matrix-vector
 *   product. (One gradient of uᵀf per pullback would cost the same passes again for every u.)
 * - `'numeric'`: the same, with the numeric Jacobian (`scheme`, `step`).
 * - `'auto'` (default): reverse, unless the tape would exceed `maxTapeBytes`.
 * `counters` receive the work when it happens (for forward and numeric: at the first pullback).
 *
 * Errors: `ShapeError` for an empty `x`, or a `u` whose length is not M; `DomainError` naming a non-finite
 * entry of `x` or `u`; `UsageError` for an unknown `mode`.
 *
 * @example vjp(([x, y]) => [mul(x, y), x], [2, 3]).pullback([1, 0]) // [3, 2]
 */
export function vjp(f: VectorFunction, x: ArrayLike<number>, options: ModeOptions = {}): VjpResult {
  const { mode, report } = decideMode('vjp', f, x, options);
  let result: VjpResult;
  if (mode === 'reverse') {
    result = reverseVjp(f, x, reverseOptions(options));
  } else {
    const point = checkPoint('vjp', x);
    const vectorFunction = asVectorFunction(f);
    const value = plainValue(vectorFunction, point) as Float64Array;
    if (options.counters !== undefined) options.counters.evaluations++;
    let rows: Float64Array[] | undefined;
    const jacobianRows = (): Float64Array[] => {
      rows ??=
        mode === 'forward'
          ? forwardJacobian(vectorFunction, point, forwardOptions(options))
          : numericJacobian(vectorFunction, point, numericOptions(options));
      return rows;
    };
    result = {
      value,
      pullback: (u) => vectorTimesJacobian(checkedCotangent(u, value.length), jacobianRows(), point.length),
    };
  }
  report(x.length, result.value.length);
  return result;
}

function checkedCotangent(u: ArrayLike<number>, outputs: number): Float64Array {
  if (u.length !== outputs) {
    throw new ShapeError(
      'vjp pullback',
      `u has ${u.length} entries but f has ${outputs} outputs; they must match`,
    );
  }
  const cotangent = Float64Array.from(u);
  cotangent.forEach((entry, i) => {
    if (!Number.isFinite(entry)) {
      throw new DomainError('vjp pullback', `u[${i}] is ${entry}; every entry must be a finite number`);
    }
  });
  return cotangent;
}
