/**
 * `gradient`: ∇f of f: R^N -> R by forward passes, k input directions per pass (chunked duals), so
 * ceil(N/k) passes. Called inside a function being differentiated it nests, using one-tangent duals that
 * carry the enclosing call's numbers.
 */
import {
  checkDifferentiationOptions,
  checkFunction,
  checkScalarPoint,
  type DifferentiationOptions,
  insideDifferentiation,
  type Scalar,
} from '@dualtape/core';
import { Dual } from './dual.js';
import { resolveChunkSize, singleOutput } from './internal/checks.js';
import { countWork, forEachColumnPass, passWatch, tangentFor } from './internal/passes.js';
import { closeTag, openTag } from './tag.js';
import type { DifferentiableScalar } from './types.js';

/** The option names of `ChunkOptions` beyond core's, for the option check. */
export const CHUNK_OPTIONS: readonly string[] = ['chunkSize'];

/** Options of forward-mode `gradient`, `jacobian` and `hessian`. */
export interface ChunkOptions extends DifferentiationOptions {
  /**
   * Input directions carried per pass (tangent lanes), an integer from 1 to N; 1 means one-tangent
   * `Dual`s, N passes. Ignored (1 is used) inside an enclosing derivative, whose numbers only
   * one-tangent duals can carry.
   * @default defaultChunkSize(N): N up to 12, else ceil(N / ceil(N / 12))
   */
  readonly chunkSize?: number;
}

/**
 * ∇f(x) for f: R^N -> R, by ceil(N/k) forward passes of k tangent lanes (counts the passes, and N lanes).
 *
 * Errors: `ShapeError` for an empty `x` or an `f` that returns an array; `DomainError` naming the index
 * of a non-finite `x`; `UsageError` for a `chunkSize` outside 1..N or an unknown option. NaN or ±Infinity
 * produced by `f` (e.g. `log(-1)`) comes back in the gradient, never hidden; with `detectAnomaly` the first
 * one throws `AnomalyError` naming the operation and the pass.
 *
 * Every chunk size gives the same gradient: inputs outside a pass's chunk are plain numbers and a zero
 * tangent contributes an exact 0, so the lanes see the same arithmetic as one-tangent passes.
 *
 * Memory: a one-tangent pass holds O(1) beyond the function's own values; a chunked pass writes its k
 * lanes per operation into an arena of O(operations · k) doubles, allocated once and reused by every pass.
 *
 * @example gradient(([x, y]) => add(square(x), square(y)), [4, 3]) // Float64Array [8, 6]
 */
export function gradient(f: DifferentiableScalar, x: ArrayLike<number>, options?: ChunkOptions): Float64Array;
/**
 * ∇f(x) where `x` holds an enclosing derivative's numbers (nested use): the components are such
 * numbers too. If instead only `f` closes over them, the plain-number overload returns a `Scalar[]` at
 * run time whenever a component is not a plain number.
 */
export function gradient(f: DifferentiableScalar, x: readonly Scalar[], options?: ChunkOptions): Scalar[];
export function gradient(
  f: DifferentiableScalar,
  x: ArrayLike<number> | readonly Scalar[],
  options: ChunkOptions = {},
): Float64Array | Scalar[] {
  const detect = checkDifferentiationOptions('gradient', options, CHUNK_OPTIONS);
  checkFunction('gradient', f);
  const point = checkScalarPoint('gradient', x);
  const n = point.length;
  const chunkSize = resolveChunkSize('gradient', options.chunkSize, n);
  if (!(point instanceof Float64Array) || insideDifferentiation()) {
    const nested = !(point instanceof Float64Array);
    const components = oneTangentGradient(f, nested ? point : Array.from(point), detect);
    countWork(options.counters, n, n);
    if (nested || !components.every((component) => typeof component === 'number')) return components;
    return Float64Array.from(components as number[]);
  }
  const result = new Float64Array(n);
  const passes = forEachColumnPass(
    'gradient',
    f,
    point,
    chunkSize,
    (output, pass) => {
      const y = singleOutput('gradient', output);
      for (let lane = 0; lane < pass.width; lane++) result[pass.first + lane] = pass.lane(y, lane);
    },
    detect,
  );
  countWork(options.counters, passes, n);
  return result;
}

/** N one-tangent passes whose inputs and tangents may be an enclosing call's numbers. */
function oneTangentGradient(f: DifferentiableScalar, point: readonly Scalar[], detect: boolean): Scalar[] {
  const inputs = point.slice();
  const components: Scalar[] = new Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const tag = openTag(passWatch('gradient', detect, i + 1, point.length, `x[${i}]`));
    inputs[i] = new Dual(point[i]!, 1, tag);
    try {
      components[i] = tangentFor('gradient', singleOutput('gradient', f(inputs)), tag);
    } finally {
      closeTag(tag);
      inputs[i] = point[i]!;
    }
  }
  return components;
}
