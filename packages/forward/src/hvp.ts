/**
 * `hvp`: the Hessian-vector product ∇²f(x)·v of f: R^N -> R, forward over forward. One pass carries the
 * direction v as a one-tangent dual of a newer tag (the inner derivative: its tangent is ∇f·v) over k
 * input columns seeded as the lanes of chunked duals (the outer derivative): lane c of the inner tangent is
 * ∂(∇f·v)/∂x_c = (∇²f·v)_c. ceil(N/k) passes, each one evaluation of f on nested duals; no Hessian is
 * formed.
 */
import {
  checkDifferentiationOptions,
  checkFunction,
  insideDifferentiation,
  type Scalar,
} from '@dualtape/core';
import { Dual } from './dual.js';
import { CHUNK_OPTIONS, type ChunkOptions } from './gradient.js';
import { numberDirection, numberInputs, resolveChunkSize, singleOutput } from './internal/checks.js';
import { countWork, forEachColumnPass, passWatch, tangentFor } from './internal/passes.js';
import { closeTag, openTag } from './tag.js';
import type { DifferentiableScalar } from './types.js';

/**
 * ∇²f(x)·v by ceil(N/k) forward-over-forward passes (k = `chunkSize`, chosen as for `gradient`); counts
 * the passes and N lanes.
 *
 * Errors: `ShapeError` for an empty `x`, `x` and `v` of different lengths, or an `f` that returns an
 * array; `DomainError` naming the index of a non-finite entry of `x` or `v`; `UsageError` for a
 * `chunkSize` outside 1..N or an unknown option. NaN or ±Infinity produced by `f` is returned as is (with
 * `detectAnomaly`: `AnomalyError` at the first, in either layer).
 *
 * @example hvp(([x, y]) => mul(square(x), y), [1, 2], [1, 0]) // [4, 2]
 */
export function hvp(
  f: DifferentiableScalar,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ChunkOptions = {},
): Float64Array {
  const detect = checkDifferentiationOptions('hvp', options, CHUNK_OPTIONS);
  checkFunction('hvp', f);
  const point = numberInputs('hvp', x);
  const direction = numberDirection('hvp', v, point.length);
  const n = point.length;
  const requested = resolveChunkSize('hvp', options.chunkSize, n);
  const chunkSize = insideDifferentiation() ? 1 : requested;
  const total = Math.ceil(n / chunkSize);
  const result = new Float64Array(n);
  let inner = 0;
  // Each column pass (the outer derivative) runs f once with v seeded under a newer tag (the inner one):
  // the inner tangent, ∇f·v, is a chunked dual of the outer pass whose lanes are entries of ∇²f·v.
  const directional = (inputs: readonly Scalar[]): Scalar => {
    inner++;
    const tag = openTag(passWatch('hvp', detect, inner, total, 'v, inner', 'forward-over-forward pass'));
    try {
      const seeded = inputs.map((input, i) =>
        direction[i] === 0 ? input : new Dual(input, direction[i]!, tag),
      );
      return tangentFor('hvp', singleOutput('hvp', f(seeded)), tag);
    } finally {
      closeTag(tag);
    }
  };
  const passes = forEachColumnPass(
    'hvp',
    directional,
    point,
    chunkSize,
    (output, pass) => {
      for (let lane = 0; lane < pass.width; lane++)
        result[pass.first + lane] = pass.lane(output as Scalar, lane);
    },
    detect,
  );
  countWork(options.counters, passes, n);
  return result;
}
