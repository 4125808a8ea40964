/** `derivative`: f'(x) of f: R -> R in the chosen mode. */
import type { UnivariateFunction } from '@dualtape/core';
import { decideBackend } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

/**
 * f'(x) for f: R -> R. `'auto'` (default) always lands on forward mode (one pass, no tape), and says so.
 *
 * Errors: `DomainError` for a non-finite `x`; `ShapeError` for an `f` that returns an array;
 * `UsageError` for an unknown `mode`. NaN or ±Infinity produced by `f` is returned.
 *
 * @example derivative((x) => add(mul(4, pow(x, 3)), add(square(x), 3)), 2) // 52
 */
export function derivative(f: UnivariateFunction, x: number, options: ModeOptions = {}): number {
  const { backend, report } = decideBackend('derivative', f, x, options);
  const result = backend.derivative(f, x, options);
  report(1, 1);
  return result;
}
