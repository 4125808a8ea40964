/** `jacobian`: the M×N Jacobian of f: R^N -> R^M in the chosen mode. */
import type { VectorFunction } from '@dualtape/core';
import { decideBackend } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

/**
 * J(x) of f: R^N -> R^M as M rows of length N (`rows[i][j]` = ∂fᵢ/∂xⱼ); a function returning one value
 * counts as M = 1.
 * - `'forward'`: ceil(N/k) chunked passes, k columns each.
 * - `'reverse'`: one recording, one sweep per row (M sweeps).
 * - `'numeric'`: finite differences, column by column.
 * - `'auto'` (default): `chooseMode` weighs ceil(N/k) passes against M sweeps.
 *
 * Errors: `ShapeError` for an empty `x`; `DomainError` naming a non-finite entry of `x`; `UsageError`
 * for an unknown `mode`. NaN or ±Infinity produced by `f` is returned.
 *
 * @example jacobian(([t]) => [sin(t), cos(t)], [0]) // [[1], [-0]]
 */
export function jacobian(f: VectorFunction, x: ArrayLike<number>, options: ModeOptions = {}): Float64Array[] {
  const { backend, report } = decideBackend('jacobian', f, x, options);
  const rows = backend.jacobian(f, x, options);
  report(x.length, rows.length);
  return rows;
}
