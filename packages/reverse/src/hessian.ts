/**
 * `hessian`: second derivatives by reverse-over-reverse. f is recorded once; a `createGraph`-style
 * backward then performs the sweep itself with `Var` arithmetic recorded on the same tape, so the
 * gradient's components become tape entries; one ordinary sweep from each component gives one row.
 * The partials of that recorded sweep are re-evaluated on `Var`s from the rule table (the table's
 * partials are generic for this reason); nothing here knows a derivative formula.
 */
import { checkFunction, type DifferentiationOptions, type Scalar, type ScalarFunction } from '@dualtape/core';
import { finishCall, inputVariables, scalarOutput, withPooledTape } from './internal/calls/call.js';
import { checkedPoint } from './internal/calls/inputs.js';
import { recordedSweep } from './internal/calls/recorded-sweep.js';
import { sweepInto, watchFor } from './internal/calls/sweep.js';
import { notePeak } from './internal/tape/pool.js';
import { closeSession, openSession } from './internal/tape/session.js';
import { Var } from './var.js';

/**
 * The Hessian of `f` at `x`, as N rows of length N (reverse-over-reverse). Rows come from independent
 * sweeps, so the result is symmetric up to rounding. Checkpointed segments inside f are recorded inline
 * here (second derivatives need every intermediate).
 *
 * @param f - a scalar function written once with core's free functions.
 * @param x - the point: a non-empty array of finite numbers.
 * @param options - `counters` receives N sweeps, the entries recorded (f's and the recorded sweep's) and
 *   the peak tape bytes.
 * @throws ShapeError when x is empty or f returns an array; DomainError for a non-finite entry of x.
 */
export function hessian(
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: DifferentiationOptions,
): Float64Array[] {
  checkFunction('hessian', f);
  const point = checkedPoint('hessian', x);
  const size = point.length;
  const watching = watchFor('hessian', options);
  return withPooledTape((tape, meter) => {
    const session = openSession(tape, 'hessian', true);
    let gradient: Scalar[];
    try {
      const output = scalarOutput('hessian', f(inputVariables(tape, point, session)), session);
      gradient =
        output.index < 0 ? new Array<Scalar>(size).fill(0) : recordedSweep(tape, session, size, output.index);
    } finally {
      closeSession(session);
    }
    notePeak();
    // The values are f's and the recorded first sweep's: both are checked before the rows' sweeps.
    const watch = watching(tape);
    watch?.checkValues();
    let sweeps = 0;
    const rows = gradient.map((component, i) => {
      const row = new Float64Array(size);
      if (component instanceof Var) {
        sweepInto(tape, component.index, row, watch, `sweep of gradient component ${i}`);
        sweeps++;
      }
      return row;
    });
    finishCall(tape, meter, options?.counters, sweeps);
    return rows;
  });
}
