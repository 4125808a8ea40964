/** `gradient`: ∇f(x) of a function R^N → R, one coordinate at a time. */
import { checkFunction, checkPoint, type ScalarFunction } from '@dualtape/core';
import { estimateColumns } from './internal/columns.js';
import { flagNonFinite } from './internal/estimate.js';
import { resolveOptions } from './internal/validate.js';
import type { GradientEstimate, NumericOptions } from './types.js';

/**
 * ∇f(x) by the chosen scheme (default central differences: 2N evaluations). NaN/Infinity is returned.
 * @throws ShapeError if x is empty or f returns an array; DomainError naming the index of a non-finite x.
 */
export function gradient(f: ScalarFunction, x: ArrayLike<number>, options?: NumericOptions): Float64Array {
  return run('gradient', f, x, options, false).value;
}

/**
 * ∇f(x) with an error bound per component and the number of evaluations (see `Estimate`).
 * @throws ShapeError if x is empty or f returns an array; DomainError naming the index of a non-finite x.
 */
export function gradientWithError(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: NumericOptions,
): GradientEstimate {
  return run('gradientWithError', f, x, options, true);
}

function run(
  call: string,
  f: ScalarFunction,
  x: ArrayLike<number>,
  options: NumericOptions | undefined,
  withError: boolean,
): GradientEstimate {
  checkFunction(call, f);
  const point = checkPoint(call, x);
  const resolved = resolveOptions(call, options, 1);
  const { columns, evaluations } = estimateColumns(call, f, 'scalar', point, resolved, withError);
  const value = new Float64Array(point.length);
  const error = new Float64Array(point.length);
  columns.forEach((column, i) => {
    value[i] = column.value[0]!;
    error[i] = column.error?.[0] ?? 0;
  });
  const nonFinite = withError ? flagNonFinite(value, error) : 0;
  return { value, error, evaluations, nonFinite, scheme: resolved.scheme };
}
