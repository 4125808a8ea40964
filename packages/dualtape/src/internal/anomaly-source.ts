/**
 * Where in f's source an anomaly came from, for the functions source transformation reads (plain
 * JavaScript, and dualtape's dialect too): the transform's traced lift runs again up to the anomalous
 * operation, and the statement it was running is the answer. Forward mode raises an anomaly during the
 * operation, so the traced lift run through the same call stops there; reverse mode finds anomalies on
 * the tape afterwards, so the traced lift runs on counting numbers up to the anomaly's tape entry. The
 * statement is claimed only when the operation found there is the anomaly's own; otherwise the anomaly
 * is reported as the mode found it.
 */
import {
  type Anomaly,
  AnomalyError,
  anomaly,
  type ScalarFunction,
  type UnivariateFunction,
  type VectorFunction,
} from '@dualtape/core';
import type { SourceStatement } from '@dualtape/transform';
import { runToTapeEntry } from './probe.js';
import { transformed } from './transformed.js';

type Differentiable = UnivariateFunction | ScalarFunction | VectorFunction;

const statements = new WeakMap<AnomalyError, SourceStatement>();

/** The source statement a located anomaly came from (see `locatedAnomaly`). */
export function anomalyStatement(error: AnomalyError): SourceStatement | undefined {
  return statements.get(error);
}

/** The statement as a message names it: `f, line 3: const big = Math.exp(x[0]);`. */
export function describeStatement(statement: SourceStatement): string {
  return `${statement.functionName}, line ${statement.line}: ${statement.text}`;
}

/**
 * `error` with the source statement it came from in its `where` (and message), when f transforms and the
 * statement can be told: `rerun` runs the same call again on the function it is given (forward mode), and
 * `point` is the call's x (reverse mode's tape entries are counted from it). Otherwise `error` itself.
 */
export function locatedAnomaly(
  error: AnomalyError,
  f: Differentiable,
  univariate: boolean,
  point: number | ArrayLike<number>,
  rerun: (g: Differentiable) => unknown,
): AnomalyError {
  const { compiled } = transformed(f, univariate);
  if (compiled === undefined || statements.has(error)) return error;
  const trace = compiled.traceLift();
  const traced = univariate
    ? (((t: unknown) => (trace.fn as (x: unknown[]) => unknown)([t])) as unknown as Differentiable)
    : (trace.fn as Differentiable);
  const found = error.anomaly;
  let statement: SourceStatement | undefined;
  if (found.mode === 'forward') {
    try {
      rerun(traced);
    } catch (again) {
      const same =
        again instanceof AnomalyError &&
        again.anomaly.operation === found.operation &&
        again.anomaly.step === found.step;
      if (same) statement = trace.current();
    }
  } else if (found.mode === 'reverse') {
    const x = typeof point === 'number' ? Float64Array.of(point) : Float64Array.from(point);
    runToTapeEntry(trace.fn as unknown as VectorFunction, x, found.step, (what) => {
      if (what === found.operation) statement = trace.current();
    });
  }
  if (statement === undefined) return error;
  const where = `${found.where}; in ${describeStatement(statement)}`;
  const { message: _message, ...fields }: Anomaly = found;
  const located = new AnomalyError(anomaly({ ...fields, where }), error.operation);
  statements.set(located, statement);
  return located;
}
