/** `gradient`: the gradient of f: R^N -> R by one reverse sweep over a tape recorded once. */
import { checkFunction, type DifferentiationOptions, type ScalarFunction } from '@dualtape/core';
import { checkedPoint } from './internal/calls/inputs.js';
import { valueAndGradientAt } from './internal/calls/sweep.js';

/**
 * The gradient of `f` at `x`: one recording of f and one reverse sweep, whatever N is (the cheap
 * gradient principle).
 *
 * @param f - a function written once with core's free functions; it may return a plain number where its
 *   output does not depend on `x` (the gradient is then 0).
 * @param x - the point: a non-empty array of finite numbers.
 * @param options - `counters` receives one sweep, the entries recorded and the peak tape bytes.
 * @returns the gradient, length N. NaN or ±∞ produced by f come back as they are, never hidden.
 * @throws ShapeError when x is empty or f returns an array; DomainError for a non-finite entry of x;
 *   PerturbationError when f uses a Var of another call.
 */
export function gradient(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: DifferentiationOptions,
): Float64Array {
  checkFunction('gradient', f);
  const point = checkedPoint('gradient', x);
  return valueAndGradientAt('gradient', f, point, options).gradient;
}
