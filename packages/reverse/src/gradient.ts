/** `gradient`: the gradient of f: R^N -> R by one reverse sweep over a tape recorded once. */
import {
  checkFunction,
  checkScalarPoint,
  type DifferentiationOptions,
  insideDifferentiation,
  type Scalar,
  type ScalarFunction,
} from '@dualtape/core';
import { nestedValueAndGradient } from './internal/calls/nested.js';
import { valueAndGradientAt } from './internal/calls/sweep.js';

/**
 * The gradient of `f` at `x`: one recording of f and one reverse sweep, whatever N is (the cheap
 * gradient principle).
 *
 * Nesting: called inside another differentiation call (forward over reverse: `jvp(x => gradient(f, x),
 * x, v)` is a Hessian-vector product), or with an enclosing call's numbers in `x`, f is recorded on the
 * nested tape, whose values, partials and adjoints are `Scalar`s; the components then carry the enclosing
 * call's perturbations (core's nesting levels keep them apart). If only `f` closes over such numbers while
 * `x` is plain, the result is a `Scalar[]` at run time whenever a component is not a plain number.
 *
 * @param f - a function written once with core's free functions; it may return a plain number where its
 *   output does not depend on `x` (the gradient is then 0).
 * @param x - the point: a non-empty array of finite numbers.
 * @param options - `counters` receives one sweep, the entries recorded and the peak tape bytes.
 * @returns the gradient, length N. NaN or ±∞ produced by f come back as they are, never hidden.
 * @throws ShapeError when x is empty or f returns an array; DomainError for a non-finite entry of x;
 *   PerturbationError when f uses a Var of another call; UsageError for `detectAnomaly` on a nested call.
 */
export function gradient(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: DifferentiationOptions,
): Float64Array;
/** ∇f(x) where `x` holds an enclosing differentiation call's numbers: the components are such numbers. */
export function gradient(f: ScalarFunction, x: readonly Scalar[], options?: DifferentiationOptions): Scalar[];
export function gradient(
  f: ScalarFunction,
  x: ArrayLike<number> | readonly Scalar[],
  options?: DifferentiationOptions,
): Float64Array | Scalar[] {
  checkFunction('gradient', f);
  const point = checkScalarPoint('gradient', x);
  if (point instanceof Float64Array && !insideDifferentiation()) {
    return valueAndGradientAt('gradient', f, point, options).gradient;
  }
  const nested = !(point instanceof Float64Array);
  const { gradient: components } = nestedValueAndGradient('gradient', f, Array.from(point), options);
  if (nested || !components.every((component) => typeof component === 'number')) return components;
  return Float64Array.from(components as number[]);
}
