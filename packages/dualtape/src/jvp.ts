/**
 * `jvp`: f(x) and the directional derivative J(x)·v. Forward mode's native product (one pass); reverse
 * mode answers it too, with one sweep per output row.
 */
import { checkDirection, checkPoint, type VectorFunction } from '@dualtape/core';
import { jvp as forwardJvp } from '@dualtape/forward';
import { jvp as numericJvp } from '@dualtape/numeric';
import { vjp as reverseVjp } from '@dualtape/reverse';
import { decideMode, numericOptions, reverseOptions } from './internal/dispatch.js';
import { jacobianTimesVector } from './internal/linear-algebra.js';
import type { ModeOptions } from './mode.js';

/** The value and the directional derivative of a function at a point. */
export interface JvpResult {
  /** f(x), M values (1 for a function that returns a single value). */
  readonly value: Float64Array;
  /** J(x)·v, M values. */
  readonly tangent: Float64Array;
}

/**
 * f(x) and J(x)·v.
 * - `'forward'`: one forward pass with one tangent.
 * - `'reverse'`: one recording, then M sweeps (one per Jacobian row), each row dotted with v — reverse
 *   mode has no cheaper way to push a tangent forwards, so this costs M sweeps.
 * - `'numeric'`: a directional finite difference (`scheme`, `step`).
 * - `'auto'` (default): forward, which needs one pass and no tape.
 *
 * Errors: `ShapeError` for an empty `x` or `x` and `v` of different lengths; `DomainError` naming a
 * non-finite entry of `x` or `v`; `UsageError` for an unknown `mode`.
 *
 * @example jvp(([x, y]) => [mul(x, y)], [2, 3], [1, 0]) // { value: [6], tangent: [3] }
 */
export function jvp(
  f: VectorFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ModeOptions = {},
): JvpResult {
  const { mode, report } = decideMode('jvp', f, x, options);
  let result: JvpResult;
  if (mode === 'forward') {
    result = forwardJvp(f, x, v, options.counters === undefined ? {} : { counters: options.counters });
  } else if (mode === 'numeric') {
    result = numericJvp(f, x, v, numericOptions(options));
  } else {
    result = reverseJvp(f, x, v, options);
  }
  report(x.length, result.value.length);
  return result;
}

function reverseJvp(
  f: VectorFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ModeOptions,
): JvpResult {
  const point = checkPoint('jvp', x);
  const direction = checkDirection('jvp', v, point.length);
  const product = reverseVjp(f, point, reverseOptions(options));
  const outputs = product.value.length;
  const rows: Float64Array[] = [];
  const seed = new Float64Array(outputs);
  for (let i = 0; i < outputs; i++) {
    seed.fill(0);
    seed[i] = 1;
    rows.push(product.pullback(seed));
  }
  return { value: product.value, tangent: jacobianTimesVector(rows, direction) };
}
