/**
 * `derivative`: the derivative of a function of one variable, in one forward pass with one tangent.
 * Called inside a function being differentiated, it nests: `x` (or what `f` closes over) may be an
 * enclosing call's numbers, and tags keep the two derivatives apart.
 */
import {
  checkDifferentiationOptions,
  checkFunction,
  checkScalarNumber,
  type DifferentiationOptions,
  type Scalar,
} from '@dualtape/core';
import { Dual } from './dual.js';
import { ForwardWatch } from './internal/anomaly.js';
import { singleOutput } from './internal/checks.js';
import { countWork, tangentFor } from './internal/passes.js';
import { closeTag, openTag } from './tag.js';
import type { DifferentiableUnivariate } from './types.js';

/**
 * f'(x), by one forward pass (counts 1 pass and 1 lane).
 *
 * Errors: `DomainError` for a non-finite `x`; `ShapeError` when `f` returns an array; `UsageError` for an
 * unknown option. NaN or ±Infinity produced by `f` (e.g. `log` at a negative point) is returned as is,
 * unless `detectAnomaly` is set: then the first one throws `AnomalyError` naming the operation.
 *
 * Nesting: inside a function being differentiated, `x` may be the enclosing call's number and the result
 * is then one too (`Scalar`). If `f` closes over an enclosing call's numbers while `x` is a plain number,
 * the result carries them too although it is typed `number`; it works with core's functions as any
 * `Scalar` does, and JavaScript operators on it throw a `UsageError` instead of giving NaN. Pass `x`
 * typed as `Scalar` to get the honest type.
 *
 * @example derivative((x) => mul(x, sin(x)), 1) // sin(1) + cos(1)
 */
export function derivative(f: DifferentiableUnivariate, x: number, options?: DifferentiationOptions): number;
/** f'(x) where `x` may be an enclosing derivative's number; the result is then one too. */
export function derivative(f: DifferentiableUnivariate, x: Scalar, options?: DifferentiationOptions): Scalar;
export function derivative(
  f: DifferentiableUnivariate,
  x: Scalar,
  options: DifferentiationOptions = {},
): Scalar {
  const detect = checkDifferentiationOptions('derivative', options);
  checkFunction('derivative', f);
  const point = checkScalarNumber('derivative', x);
  const tag = openTag(detect ? new ForwardWatch('derivative', 'forward pass 1 of 1 (seeding x)') : null);
  let result: Scalar;
  try {
    result = tangentFor('derivative', singleOutput('derivative', f(new Dual(point, 1, tag))), tag);
  } finally {
    closeTag(tag);
  }
  countWork(options.counters, 1, 1);
  return result;
}
