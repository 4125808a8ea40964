/**
 * Runs a first-derivative scheme along every coordinate of x: the columns of a Jacobian, which
 * `gradient` (one row), `jacobian` and `derivative` (one entry) then arrange.
 */
import { lineDerivative } from './directional.js';
import type { LineEstimate } from './estimate.js';
import { type AnyFunction, Evaluator, type OutputKind } from './evaluator.js';
import { coordinateLine, type Origin } from './line.js';
import { measureNoise } from './noise.js';
import { count, type ResolvedOptions } from './validate.js';

/** One estimate per coordinate (each of length M), and the evaluations they cost. */
export interface Columns {
  readonly columns: readonly LineEstimate[];
  readonly outputSize: number;
  readonly evaluations: number;
}

/** Every column d f / d xᵢ of f at x by the resolved scheme and step; counts into the caller's counters. */
export function estimateColumns(
  call: string,
  f: AnyFunction,
  kind: OutputKind,
  x: Float64Array,
  options: ResolvedOptions,
  withError: boolean,
): Columns {
  const evaluator = new Evaluator(call, f, kind, options.detectAnomaly);
  const columns: LineEstimate[] = [];
  const origin: Origin = { values: undefined };
  try {
    const noise = withError && options.scheme !== 'complex-step' ? measureNoise(evaluator, x) : undefined;
    for (let i = 0; i < x.length; i++) {
      const line = coordinateLine(evaluator, x, i, origin, noise);
      columns.push(lineDerivative(line, options.scheme, options.step, withError));
    }
  } finally {
    count(options.counters, evaluator.evaluations);
  }
  return { columns, outputSize: columns[0]!.value.length, evaluations: evaluator.evaluations };
}
