/**
 * `hvp`: the Hessian-vector product ∇²f(x)·v of f: R^N -> R, reverse over reverse (PyTorch's double
 * backward): f is recorded once, the backward sweep is itself recorded with `Var` arithmetic (so the
 * gradient's components are tape entries), the scalar ∇f·v is recorded from them, and one ordinary sweep
 * from it gives ∇(∇f·v) = ∇²f·v. A small constant times the cost of f, whatever N is; no Hessian is formed.
 */
import {
  add,
  checkFunction,
  type DifferentiationOptions,
  mul,
  type Scalar,
  type ScalarFunction,
} from '@dualtape/core';
import { finishCall, inputVariables, scalarOutput, withPooledTape } from './internal/calls/call.js';
import { checkedDirection, checkedPoint } from './internal/calls/inputs.js';
import { recordedSweep } from './internal/calls/recorded-sweep.js';
import { sweepInto, watchFor } from './internal/calls/sweep.js';
import { notePeak } from './internal/tape/pool.js';
import { closeSession, openSession } from './internal/tape/session.js';
import { Var } from './var.js';

/**
 * ∇²f(x)·v by one recording (f, its recorded sweep and ∇f·v on one tape) and one sweep. Checkpointed
 * segments inside f are recorded inline (second derivatives need every intermediate).
 *
 * @param f - a scalar function written once with core's free functions.
 * @param x - the point: a non-empty array of finite numbers.
 * @param v - the direction, one finite number per entry of x.
 * @param options - `counters` receives one sweep, the entries recorded and the peak tape bytes.
 * @throws ShapeError when x is empty, v's length differs from x's or f returns an array; DomainError for a
 *   non-finite entry of x or v.
 */
export function hvp(
  f: ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options?: DifferentiationOptions,
): Float64Array {
  checkFunction('hvp', f);
  const point = checkedPoint('hvp', x);
  const direction = checkedDirection('hvp', v, point.length);
  const size = point.length;
  const watching = watchFor('hvp', options);
  return withPooledTape((tape, meter) => {
    const session = openSession(tape, 'hvp', true);
    let directional: Scalar = 0 as Scalar;
    try {
      const output = scalarOutput('hvp', f(inputVariables(tape, point, session)), session);
      if (output.index >= 0) {
        const gradient = recordedSweep(tape, session, size, output.index);
        gradient.forEach((component, i) => {
          const weight = direction[i]!;
          if (weight !== 0 && component !== 0) directional = add(directional, mul(weight, component));
        });
      }
    } finally {
      closeSession(session);
    }
    notePeak();
    const watch = watching(tape);
    watch?.checkValues();
    const result = new Float64Array(size);
    const last: Scalar = directional;
    if (last instanceof Var) sweepInto(tape, last.index, result, watch, 'sweep of ∇f·v');
    finishCall(tape, meter, options?.counters, last instanceof Var ? 1 : 0);
    return result;
  });
}
