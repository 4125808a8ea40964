/** `jacobian`: the M×N Jacobian of a function R^N → R^M, one column (coordinate) at a time. */
import { checkFunction, checkPoint, type ScalarFunction, type VectorFunction } from '@dualtape/core';
import { estimateColumns } from './internal/columns.js';
import { flagNonFinite } from './internal/estimate.js';
import { resolveOptions } from './internal/validate.js';
import type { JacobianEstimate, NumericOptions } from './types.js';

/**
 * The Jacobian of f at x as M rows of length N (a function returning one value has M = 1), by the chosen
 * scheme (default central differences: 2N evaluations).
 * @throws ShapeError if x is empty or f's output size changes; DomainError naming a non-finite x.
 */
export function jacobian(
  f: VectorFunction | ScalarFunction,
  x: ArrayLike<number>,
  options?: NumericOptions,
): Float64Array[] {
  return run('jacobian', f, x, options, false).value;
}

/**
 * The Jacobian with an error bound per entry and the number of evaluations (see `Estimate`).
 * @throws ShapeError if x is empty or f's output size changes; DomainError naming a non-finite x.
 */
export function jacobianWithError(
  f: VectorFunction | ScalarFunction,
  x: ArrayLike<number>,
  options?: NumericOptions,
): JacobianEstimate {
  return run('jacobianWithError', f, x, options, true);
}

function run(
  call: string,
  f: VectorFunction | ScalarFunction,
  x: ArrayLike<number>,
  options: NumericOptions | undefined,
  withError: boolean,
): JacobianEstimate {
  checkFunction(call, f);
  const point = checkPoint(call, x);
  const resolved = resolveOptions(call, options, 1);
  const { columns, outputSize, evaluations } = estimateColumns(call, f, 'vector', point, resolved, withError);
  const value = Array.from({ length: outputSize }, () => new Float64Array(point.length));
  const error = Array.from({ length: outputSize }, () => new Float64Array(point.length));
  columns.forEach((column, i) => {
    for (let m = 0; m < outputSize; m++) {
      value[m]![i] = column.value[m]!;
      error[m]![i] = column.error?.[m] ?? 0;
    }
  });
  let nonFinite = 0;
  if (withError) for (let m = 0; m < outputSize; m++) nonFinite += flagNonFinite(value[m]!, error[m]!);
  return { value, error, evaluations, nonFinite, scheme: resolved.scheme };
}
