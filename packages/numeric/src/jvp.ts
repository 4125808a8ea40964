/** `jvp`: the directional derivative J·v of f at x, one scheme application along v. */
import {
  checkDirection,
  checkFunction,
  checkPoint,
  type ScalarFunction,
  type VectorFunction,
} from '@dualtape/core';
import { lineDerivative } from './internal/directional.js';
import { flagNonFinite } from './internal/estimate.js';
import { Evaluator } from './internal/evaluator.js';
import { directionLine, infinityNorm } from './internal/line.js';
import { measureNoise } from './internal/noise.js';
import { count, resolveOptions } from './internal/validate.js';
import type { JvpEstimate, JvpResult, NumericOptions } from './types.js';

/**
 * f(x) and J·v = d/dt f(x + t·v) at t = 0 (f may return one value or a list). The step along v is
 * `step · max(1, ‖x‖∞) / ‖v‖∞`; v = 0 gives a zero tangent without differencing.
 * @throws ShapeError if x is empty or x and v differ in length; DomainError naming a non-finite entry.
 */
export function jvp(
  f: VectorFunction | ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options?: NumericOptions,
): JvpResult {
  const { value, tangent } = run('jvp', f, x, v, options, false);
  return { value, tangent };
}

/**
 * f(x), J·v and a bound on the error of each entry of J·v (see `Estimate`).
 * @throws ShapeError if x is empty or x and v differ in length; DomainError naming a non-finite entry.
 */
export function jvpWithError(
  f: VectorFunction | ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options?: NumericOptions,
): JvpEstimate {
  return run('jvpWithError', f, x, v, options, true);
}

function run(
  call: string,
  f: VectorFunction | ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: NumericOptions | undefined,
  withError: boolean,
): JvpEstimate {
  checkFunction(call, f);
  const point = checkPoint(call, x);
  const direction = checkDirection(call, v, point.length);
  const resolved = resolveOptions(call, options, 1);
  const evaluator = new Evaluator(call, f, 'vector', resolved.detectAnomaly);
  try {
    const value = evaluator.real(Array.from(point));
    let tangent: Float64Array = new Float64Array(value.length);
    let error: Float64Array = new Float64Array(value.length);
    if (infinityNorm(direction) > 0) {
      const noise =
        withError && resolved.scheme !== 'complex-step' ? measureNoise(evaluator, point) : undefined;
      const line = directionLine(evaluator, point, direction, { values: value }, noise);
      const estimate = lineDerivative(line, resolved.scheme, resolved.step, withError);
      tangent = estimate.value;
      error = estimate.error ?? error;
    }
    const nonFinite = withError ? flagNonFinite(tangent, error) : 0;
    return { value, tangent, error, evaluations: evaluator.evaluations, nonFinite, scheme: resolved.scheme };
  } finally {
    count(resolved.counters, evaluator.evaluations);
  }
}
