/**
 * `jvp`: one Jacobian-vector product J·v (with the value f(x)) in a single forward pass with one tangent:
 * the directional derivative, forward mode's native product.
 */
import {
  checkDifferentiationOptions,
  checkFunction,
  type DifferentiationOptions,
  type Scalar,
} from '@dualtape/core';
import { Dual } from './dual.js';
import { ForwardWatch } from './internal/anomaly.js';
import { numberDirection, numberInputs, plainNumber, vectorOutput } from './internal/checks.js';
import { countWork, tangentFor, valueFor } from './internal/passes.js';
import { closeTag, openTag } from './tag.js';
import type { DifferentiableVector } from './types.js';

/** The value and the directional derivative of a function at a point. */
export interface JvpResult {
  /** f(x), M values (1 for a function that returns a single value). */
  readonly value: Float64Array;
  /** J·v, M values. */
  readonly tangent: Float64Array;
}

/**
 * f(x) and J(x)·v in one forward pass (counts 1 pass and 1 lane). `f` may return one value (M = 1) or an
 * array. Inputs with v[i] = 0 stay plain numbers, which changes no result (a zero tangent contributes
 * an exact 0) and saves work.
 *
 * Errors: `ShapeError` for an empty `x` or `x` and `v` of different lengths; `DomainError` naming the
 * index of a non-finite entry of `x` or `v`; `UsageError` for an unknown option. NaN or ±Infinity produced
 * by `f` is returned as is (with `detectAnomaly`: `AnomalyError` at the first).
 *
 * @example jvp(([x, y]) => [mul(x, y)], [2, 3], [1, 0]) // { value: [6], tangent: [3] }
 */
export function jvp(
  f: DifferentiableVector,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: DifferentiationOptions = {},
): JvpResult {
  const detect = checkDifferentiationOptions('jvp', options);
  checkFunction('jvp', f);
  const point = numberInputs('jvp', x);
  const direction = numberDirection('jvp', v, point.length);
  const tag = openTag(detect ? new ForwardWatch('jvp', 'forward pass 1 of 1 (seeding v)') : null);
  let value: Float64Array;
  let tangent: Float64Array;
  try {
    const inputs: Scalar[] = [];
    for (let i = 0; i < point.length; i++) {
      inputs.push(direction[i] === 0 ? point[i]! : new Dual(point[i]!, direction[i]!, tag));
    }
    const outputs = vectorOutput('jvp', f(inputs));
    value = new Float64Array(outputs.length);
    tangent = new Float64Array(outputs.length);
    for (let i = 0; i < outputs.length; i++) {
      const y = outputs[i]!;
      tangent[i] = plainNumber('jvp', tangentFor('jvp', y, tag));
      value[i] = plainNumber('jvp', valueFor(y, tag));
    }
  } finally {
    closeTag(tag);
  }
  countWork(options.counters, 1, 1);
  return { value, tangent };
}
