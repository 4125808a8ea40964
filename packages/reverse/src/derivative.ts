/** `derivative`: df/dx of f: R -> R by one reverse sweep. */
import { checkFunction, type DifferentiationOptions, type UnivariateFunction } from '@dualtape/core';
import { checkedNumber } from './internal/calls/inputs.js';
import { valueAndGradientAt } from './internal/calls/sweep.js';

/**
 * The derivative of `f` at `x`.
 *
 * @param f - a function of one variable written once with core's free functions.
 * @param x - a finite number.
 * @param options - `counters` receives one sweep, the entries recorded and the peak tape bytes.
 * @throws DomainError for a non-finite x; ShapeError when f returns an array.
 */
export function derivative(f: UnivariateFunction, x: number, options?: DifferentiationOptions): number {
  checkFunction('derivative', f);
  const point = Float64Array.of(checkedNumber('derivative', x, 'x'));
  return valueAndGradientAt('derivative', (inputs) => f(inputs[0]!), point, options).gradient[0]!;
}
