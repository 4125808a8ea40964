/** `hessian`: the N×N Hessian of f: R^N -> R in the chosen mode. */
import type { ScalarFunction } from '@dualtape/core';
import { decideBackend } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

/**
 * ∇²f(x) for f: R^N -> R as N rows of length N.
 * - `'forward'`: forward over forward, N·ceil(N/k) passes.
 * - `'reverse'`: reverse over reverse: the first sweep is itself recorded, then one sweep per row.
 * - `'numeric'`: second differences (`scheme`, `step`).
 * - `'auto'` (default): `chooseMode` weighs the two (reverse for all but tiny N, unless over the tape budget).
 *
 * Errors: `ShapeError` for an empty `x` or an `f` that returns an array; `DomainError` naming a non-finite
 * entry of `x`; `UsageError` for an unknown `mode`.
 *
 * @example hessian(([x, y]) => mul(square(x), y), [1, 2]) // [[4, 2], [2, 0]]
 */
export function hessian(f: ScalarFunction, x: ArrayLike<number>, options: ModeOptions = {}): Float64Array[] {
  const { backend, report } = decideBackend('hessian', f, x, options);
  const rows = backend.hessian(f, x, options);
  report(rows.length, 1);
  return rows;
}
