/** `derivative`: f'(x) of f: R -> R in the chosen mode. */
import type { UnivariateFunction } from '@dualtape/core';
import { derivative as forwardDerivative } from '@dualtape/forward';
import { derivative as numericDerivative } from '@dualtape/numeric';
import { derivative as reverseDerivative } from '@dualtape/reverse';
import { decideMode, numericOptions, reverseOptions } from './internal/dispatch.js';
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
  const { mode, report } = decideMode('derivative', f, x, options);
  const counters = options.counters === undefined ? {} : { counters: options.counters };
  const result =
    mode === 'forward'
      ? forwardDerivative(f, x, counters)
      : mode === 'reverse'
        ? reverseDerivative(f, x, reverseOptions(options))
        : numericDerivative(f, x, numericOptions(options));
  report(1, 1);
  return result;
}
