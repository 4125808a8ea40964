/** `vjp`: f's value and its pullback u ↦ uᵀJ, which keeps its own recording and can be called many times. */
import { checkFunction, type DifferentiationOptions, type VectorFunction } from '@dualtape/core';
import { finishCall, recordCall, vectorOutput, withOwnTape, withPooledTape } from './internal/calls/call.js';
import { checkedPoint, checkedSeed } from './internal/calls/inputs.js';
import { watchFor } from './internal/calls/sweep.js';
import { notePeak } from './internal/tape/pool.js';

/** The value of a vector function and its pullback. */
export interface VectorJacobianProduct {
  /** f(x), length M. */
  readonly value: Float64Array;
  /**
   * uᵀ·J(x) for a cotangent `u` of length M, by one reverse sweep over the recording kept by this object.
   * @throws ShapeError when u's length is not M; DomainError for a non-finite entry of u.
   */
  pullback(u: ArrayLike<number>): Float64Array;
}

/**
 * Records `f` at `x` once and returns its value and a pullback. Each pullback call is one reverse sweep
 * (the same cost as a gradient), adds one sweep to `options.counters`, and leaves the recording intact
 * for the next call.
 *
 * @param f - a vector function written once with core's free functions (a single value counts as M = 1).
 * @param x - the point: a non-empty array of finite numbers.
 * @param options - `counters` receives the entries recorded, the peak tape bytes, and one sweep per pullback.
 * @throws ShapeError when x is empty; DomainError for a non-finite entry of x.
 */
export function vjp(
  f: VectorFunction,
  x: ArrayLike<number>,
  options?: DifferentiationOptions,
): VectorJacobianProduct {
  checkFunction('vjp', f);
  const point = checkedPoint('vjp', x);
  const counters = options?.counters;
  const watching = watchFor('vjp', options);
  const { tape, outputs } = withPooledTape((pooled, meter) => {
    const { output, session } = recordCall('vjp', pooled, point, f);
    const checked = vectorOutput('vjp', output, session);
    notePeak();
    finishCall(pooled, meter, counters, 0);
    return { tape: pooled.detach(), outputs: checked };
  });
  const watch = watching(tape);
  watch?.checkValues();
  const value = Float64Array.from(outputs, (output) => output.value);
  const entries = Int32Array.from(outputs, (output) => output.index);
  const pullback = (u: ArrayLike<number>): Float64Array => {
    const seed = checkedSeed('vjp pullback', u, outputs.length);
    return withOwnTape(tape, (meter) => {
      const from = tape.seedAndSweep(entries, seed);
      watch?.checkAdjoints(from, 'sweep of the pullback');
      const gradient = tape.adjoints.slice(0, point.length);
      if (counters !== undefined) {
        counters.sweeps++;
        counters.peakTapeBytes = Math.max(counters.peakTapeBytes, meter.peak, tape.bytes);
      }
      return gradient;
    });
  };
  return { value, pullback };
}
