/** `derivative`: df/dx of f: R -> R by one reverse sweep. */
import {
  checkFunction,
  checkScalarNumber,
  type DifferentiationOptions,
  insideDifferentiation,
  type Scalar,
  type UnivariateFunction,
} from '@dualtape/core';
import { nestedValueAndGradient } from './internal/calls/nested.js';
import { valueAndGradientAt } from './internal/calls/sweep.js';

/**
 * The derivative of `f` at `x`.
 *
 * Nesting: inside another differentiation call, or with an enclosing call's number as `x`, f is recorded
 * on the nested tape (see `gradient`) and the result carries the enclosing call's perturbation.
 *
 * @param f - a function of one variable written once with core's free functions.
 * @param x - a finite number.
 * @param options - `counters` receives one sweep, the entries recorded and the peak tape bytes.
 * @throws DomainError for a non-finite x; ShapeError when f returns an array.
 */
export function derivative(f: UnivariateFunction, x: number, options?: DifferentiationOptions): number;
/** f'(x) where `x` may be an enclosing differentiation call's number; the result is then one too. */
export function derivative(f: UnivariateFunction, x: Scalar, options?: DifferentiationOptions): Scalar;
export function derivative(f: UnivariateFunction, x: Scalar, options?: DifferentiationOptions): Scalar {
  checkFunction('derivative', f);
  const point = checkScalarNumber('derivative', x);
  if (typeof point === 'number' && !insideDifferentiation()) {
    return valueAndGradientAt('derivative', (inputs) => f(inputs[0]!), Float64Array.of(point), options)
      .gradient[0]!;
  }
  return nestedValueAndGradient('derivative', (inputs) => f(inputs[0]!), [point], options).gradient[0]!;
}
