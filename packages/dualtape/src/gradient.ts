/** `gradient`: ∇f of f: R^N -> R in the mode the caller picks, or the one `'auto'` picks and explains. */
import type { ScalarFunction } from '@dualtape/core';
import { decideBackend } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

/**
 * ∇f(x) for f: R^N -> R, as a Float64Array of length N.
 * - `'forward'`: ceil(N/k) chunked forward passes (`chunkSize` k).
 * - `'reverse'`: one recording and one reverse sweep.
 * - `'numeric'`: finite differences (`scheme`, `step`).
 * - `'auto'` (default): `chooseMode` decides from one probe recording; reverse for large N.
 *
 * Errors are the modes' own (contracts.md): `ShapeError` for an empty `x` or an `f` that returns an
 * array, `DomainError` naming a non-finite entry of `x`, `UsageError` for an unknown `mode`. NaN or
 * ±Infinity produced by `f` is returned, never hidden.
 *
 * @example gradient(([x, y]) => add(square(x), square(y)), [4, 3]) // Float64Array [8, 6]
 */
export function gradient(f: ScalarFunction, x: ArrayLike<number>, options: ModeOptions = {}): Float64Array {
  const { backend, report } = decideBackend('gradient', f, x, options);
  const result = backend.gradient(f, x, options);
  report(result.length, 1);
  return result;
}
