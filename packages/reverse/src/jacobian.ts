/** `jacobian`: the M×N Jacobian of f: R^N -> R^M, one reverse sweep per output over one recording. */
import { checkFunction, type DifferentiationOptions, type VectorFunction } from '@dualtape/core';
import { finishCall, recordCall, vectorOutput, withPooledTape } from './internal/calls/call.js';
import { checkedPoint } from './internal/calls/inputs.js';
import { sweepInto, watchFor } from './internal/calls/sweep.js';
import { notePeak } from './internal/tape/pool.js';

/**
 * The Jacobian of `f` at `x`, as M rows of length N. f is recorded once; each row is one reverse sweep
 * (adjoints reset in between), so the cost is about M times a gradient: reverse mode's choice when M is
 * small compared with N.
 *
 * @param f - a vector function written once with core's free functions; a single returned value counts as
 *   M = 1, plain numbers among the outputs give zero rows.
 * @param x - the point: a non-empty array of finite numbers.
 * @param options - `counters` receives M sweeps, the entries recorded and the peak tape bytes.
 * @throws ShapeError when x is empty; DomainError for a non-finite entry of x.
 */
export function jacobian(
  f: VectorFunction,
  x: ArrayLike<number>,
  options?: DifferentiationOptions,
): Float64Array[] {
  checkFunction('jacobian', f);
  const point = checkedPoint('jacobian', x);
  const watching = watchFor('jacobian', options);
  return withPooledTape((tape, meter) => {
    const { output, session } = recordCall('jacobian', tape, point, f);
    const outputs = vectorOutput('jacobian', output, session);
    notePeak();
    const watch = watching(tape);
    watch?.checkValues();
    let sweeps = 0;
    const rows = outputs.map(({ index }, i) => {
      const row = new Float64Array(point.length);
      if (index >= 0) {
        sweepInto(tape, index, row, watch, `sweep of output ${i}`);
        sweeps++;
      }
      return row;
    });
    finishCall(tape, meter, options?.counters, sweeps);
    return rows;
  });
}
