/**
 * `lift(f)`: plain JavaScript rewritten onto core's free functions (see emit/lift.ts), a generic function
 * every overloading mode runs.
 */
import * as core from '@dualtape/core';
import { liftSource } from './emit/lift.js';
import { analyse, type SourceOptions } from './pipeline.js';
import { errorClassNamed } from './resolve.js';

/** Options of `lift`. */
export type LiftOptions = SourceOptions;

/** A lifted function and its generated text. */
export interface Lifted<F> {
  /** The function on core's free functions: `(x, ...data) => value`, generic over the number type. */
  readonly fn: F;
  /** Its generated JavaScript. */
  readonly source: string;
}

/** Builds the lifted function from its generated body. */
export function instantiateLift<F>(body: string, bound: readonly { name: string; value: unknown }[]): F {
  const errors = new Proxy({}, { get: (_target, name) => errorClassNamed(String(name)) });
  const factory = new Function('$core', '$rules', '$errors', ...bound.map((b) => b.name), body) as (
    ...args: unknown[]
  ) => F;
  return factory(core, core.RULES, errors, ...bound.map((b) => b.value));
}

/**
 * The same function rewritten onto core's free functions (comparisons become `lt`, … so replay guards keep
 * working): a generic function that every mode runs — Dual, ChunkDual, Var, record/replay, compileGradient,
 * the complex step — and plain numbers too.
 *
 * @throws TransformError for JavaScript the transform does not support (naming the construct and its position).
 * @example lift((x) => x[0] * x[0] + Math.sin(x[1])).fn // (x) => $add($mul(x[0], x[0]), $sin(x[1]))
 */
export function lift<F = core.ScalarFunction>(
  f: ((...args: never[]) => unknown) | string,
  options: LiftOptions = {},
): Lifted<F> {
  const { program, fn, activity } = analyse(f, options);
  const generated = liftSource(fn, activity);
  return { fn: instantiateLift<F>(generated.body, program.bound), source: generated.text };
}
