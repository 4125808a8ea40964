/** `hvp`: the Hessian-vector product ∇²f(x)·v of f: R^N -> R in the chosen mode, without forming ∇²f. */
import type { ScalarFunction } from '@dualtape/core';
import { decideBackend, underCallName } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

/**
 * ∇²f(x)·v for f: R^N -> R (PyTorch's `hvp`, JAX's `jvp(grad(f))`).
 * - `'forward'`: forward over forward, ceil(N/k) passes of a one-tangent dual (v) over k chunked lanes.
 * - `'reverse'`: a small constant times f whatever N is, by `strategy` (`HvpStrategy`):
 *   `'forward-over-reverse'` (default: a dual flowing through the reverse tape), `'reverse-over-forward'`
 *   or `'reverse-over-reverse'`.
 * - `'numeric'`: mixed central differences of f, 4N evaluations (`step`).
 * - `'auto'` (default): `chooseMode` weighs forward's ceil(N/k) nested passes against one nested
 *   recording and sweep (reverse for all but small N, unless over the tape budget).
 * Source transformation generates first derivatives only: for plain JavaScript it supplies the lifted
 * function the overloading modes run.
 *
 * Errors: `ShapeError` for an empty `x`, `v` of another length than `x` or an `f` that returns an array;
 * `DomainError` naming a non-finite entry of `x` or `v`; `UsageError` for an unknown `mode` or `strategy`,
 * or a `strategy` outside reverse mode.
 *
 * @example hvp(([x, y]) => mul(square(x), y), [1, 2], [1, 0]) // [4, 2]
 */
export function hvp(
  f: ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ModeOptions = {},
): Float64Array {
  const { backend, report } = decideBackend('hvp', f, x, options);
  const result = underCallName('hvp', () => backend.hvp(f, x, v, options));
  report(result.length, 1);
  return result;
}
