/**
 * How a backend answers a call its mode has no native product for, from the calls it does have:
 * uᵀ·J from a whole Jacobian (forward and numeric mode), J·v from one pullback per output row (reverse
 * mode). Also the small option helper every backend's options mapping uses.
 */
import {
  asVectorFunction,
  checkDirection,
  checkPoint,
  plainValue,
  type VectorFunction,
} from '@dualtape/core';
import { jacobianTimesVector, vectorTimesJacobian } from '../internal/linear-algebra.js';
import type { BackendOptions, JvpResult, VjpResult } from './types.js';

/** `options` without its undefined fields (a mode package's defaults apply to what is left out). */
export function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

/**
 * f(x) and a pullback that computes the whole Jacobian once, at the first pullback, and keeps it: every
 * pullback after that is a matrix-vector product. (One gradient of uᵀf per pullback would cost the same
 * passes again for every u.) The value is f on plain numbers, counted as one evaluation.
 */
export function pullbackThroughJacobian(
  f: VectorFunction,
  x: ArrayLike<number>,
  options: BackendOptions,
  jacobian: (f: VectorFunction, point: Float64Array) => Float64Array[],
): VjpResult {
  const point = checkPoint('vjp', x);
  const vectorFunction = asVectorFunction(f);
  const value = plainValue(vectorFunction, point) as Float64Array;
  if (options.counters !== undefined) options.counters.evaluations++;
  let rows: Float64Array[] | undefined;
  const jacobianRows = (): Float64Array[] => {
    rows ??= jacobian(vectorFunction, point);
    return rows;
  };
  // A watched call reports an anomaly where it is called, not at its first pullback.
  if (options.detectAnomaly === true) jacobianRows();
  return {
    value,
    pullback: (u) => vectorTimesJacobian(checkedCotangent(u, value.length), jacobianRows(), point.length),
  };
}

/**
 * f(x) and J(x)·v from one pullback per output row, each row dotted with v: a mode with no cheaper way
 * to push a tangent forwards pays M sweeps.
 */
export function tangentThroughPullbacks(
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  vjp: (point: Float64Array) => VjpResult,
): JvpResult {
  const point = checkPoint('jvp', x);
  const direction = checkDirection('jvp', v, point.length);
  const product = vjp(point);
  const outputs = product.value.length;
  const rows: Float64Array[] = [];
  const seed = new Float64Array(outputs);
  for (let i = 0; i < outputs; i++) {
    seed.fill(0);
    seed[i] = 1;
    rows.push(product.pullback(seed));
  }
  return { value: product.value, tangent: jacobianTimesVector(rows, direction) };
}

function checkedCotangent(u: ArrayLike<number>, outputs: number): Float64Array {
  return checkDirection('vjp pullback', u, outputs, 'u', "f's output");
}
