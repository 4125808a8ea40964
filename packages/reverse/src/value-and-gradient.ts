/** `valueAndGradient`: f's value and gradient from the same recording. */
import { checkFunction, type DifferentiationOptions, type ScalarFunction } from '@dualtape/core';
import { checkedPoint } from './internal/calls/inputs.js';
import { valueAndGradientAt } from './internal/calls/sweep.js';

/** The value of a scalar function and its gradient at one point. */
export interface ValueAndGradient {
  /** f(x). */
  readonly value: number;
  /** ∇f(x), length N. */
  readonly gradient: Float64Array;
}

/**
 * The value and the gradient of `f` at `x`: one recording (which computes the value) and one sweep.
 *
 * @param f - a function written once with core's free functions.
 * @param x - the point: a non-empty array of finite numbers.
 * @param options - `counters` receives one sweep, the entries recorded and the peak tape bytes.
 * @throws as `gradient`.
 */
export function valueAndGradient(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: DifferentiationOptions,
): ValueAndGradient {
  checkFunction('valueAndGradient', f);
  const point = checkedPoint('valueAndGradient', x);
  return valueAndGradientAt('valueAndGradient', f, point, options);
}
