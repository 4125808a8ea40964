/** `derivative`: f'(x) of a function of one variable, by finite differences or the complex step. */
import { checkFunction, checkNumber, type UnivariateFunction } from '@dualtape/core';
import { estimateColumns } from './internal/columns.js';
import { flagNonFinite } from './internal/estimate.js';
import type { AnyFunction } from './internal/evaluator.js';
import { resolveOptions } from './internal/validate.js';
import type { DerivativeEstimate, NumericOptions } from './types.js';

/**
 * f'(x) by the chosen scheme (default central differences). A NaN or infinite result is returned as is.
 * @throws DomainError if x is not finite; ShapeError if f returns an array.
 */
export function derivative(f: UnivariateFunction, x: number, options?: NumericOptions): number {
  return run('derivative', f, x, options, false).value;
}

/**
 * f'(x) with a bound on its error and the number of evaluations it took (see `Estimate`).
 * @throws DomainError if x is not finite; ShapeError if f returns an array.
 */
export function derivativeWithError(
  f: UnivariateFunction,
  x: number,
  options?: NumericOptions,
): DerivativeEstimate {
  return run('derivativeWithError', f, x, options, true);
}

function run(
  call: string,
  f: UnivariateFunction,
  x: number,
  options: NumericOptions | undefined,
  withError: boolean,
): DerivativeEstimate {
  checkFunction(call, f);
  const point = Float64Array.of(checkNumber(call, x, 'x'));
  const resolved = resolveOptions(call, options, 1);
  const univariate: AnyFunction = (xs) => f(xs[0]!);
  const { columns, evaluations } = estimateColumns(call, univariate, 'scalar', point, resolved, withError);
  const column = columns[0]!;
  const error = column.error ?? new Float64Array(1);
  const nonFinite = withError ? flagNonFinite(column.value, error) : 0;
  return { value: column.value[0]!, error: error[0]!, evaluations, nonFinite, scheme: resolved.scheme };
}
