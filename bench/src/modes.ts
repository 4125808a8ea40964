/**
 * The modes the benchmarks time, one entry each in one table: what the mode is called, what the textbook
 * predicts for it (theory.ts reads that), whether the gradient sweep runs it, and how it becomes "a call
 * to make at this point": everything a mode needs before its timed call (a recording to replay, a
 * direction, an output buffer) is built there, outside the timed loop. Every experiment and the memory
 * worker build their calls through this one table, so a mode means the same thing everywhere, and a new
 * mode is one entry. Modes are reached only through the packages' public APIs; variants (chunked,
 * replayed, compiled, tangent or adjoint code) are entries of their own.
 */
import {
  type Counters,
  type Scalar,
  type ScalarFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { type CompiledFunction, compile } from '@dualtape/transform';
import type { ZooScalarInstance } from '@dualtape/zoo';
import type { PreparedCall } from './calls/types.js';

/**
 * Which of a zoo function's two texts the transform modes compile: the generic `f` written with core's free
 * functions (what every other mode runs; the transform reads them like operators), or its hand-written
 * plain-JavaScript twin `plain` (operators and `Math.*`, the text the plain evaluation times).
 */
export type TransformSource = 'generic' | 'plain';

/** What a mode's call is built from. */
interface CallContext {
  readonly instance: ZooScalarInstance;
  readonly x: Float64Array;
  /** The options every overloading call takes: `{ counters }` when counting, else `{}`. */
  readonly options: { readonly counters?: Counters };
  readonly counters: Counters | undefined;
  readonly source: TransformSource;
}

/** One mode of the table. */
export interface BenchMode {
  /** What the mode means, in a few words (legends, table heads). */
  readonly label: string;
  /**
   * Time theory: one pass or sweep costs O(operations); 1 when a gradient needs O(N) of them (forward: N or
   * ⌈N/k⌉ passes, finite differences 2N or N evaluations), 0 for one; absent when theory says nothing.
   */
  readonly passesPerInput?: 0 | 1;
  /**
   * Memory theory, what one call holds: a forward pass its inputs as dual numbers and O(1) more (garbage
   * aside); the chunk arena k lanes per operation; a tape every operation; the checkpointed loop about √T
   * steps of tape. Absent when theory says nothing definite (e.g. a plain evaluation's heap).
   */
  readonly memory?: 'inputs' | 'operations' | 'sqrt-operations';
  /**
   * True where memory theory bounds from above rather than predicts: the adjoint code saves only the values
   * its reverse sweep needs and that are overwritten before it runs (to-be-recorded analysis), a fraction
   * of the operations that may be constant (Rosenbrock's loop saves its trip count, nothing per iteration)
   * or all of them (a chain of sin, each partial reading a loop-carried value).
   */
  readonly memoryBoundedOnly?: boolean;
  /** True for the modes the gradient sweep runs (in table order). */
  readonly inGradientSweep?: boolean;
  /** The call at the context's point (see `prepareScalarCall`). */
  readonly prepare: (context: CallContext) => PreparedCall;
}

const notAZooGradient = (mode: string) => () => {
  throw new UsageError(`mode '${mode}' times a loop, not a zoo gradient`);
};

/** Every mode the benchmarks time, by id, in the order tables and charts list them. */
export const BENCH_MODES = {
  plain: {
    label: 'plain (hand-written)',
    passesPerInput: 0,
    inGradientSweep: true,
    prepare:
      ({ instance, x }) =>
      () =>
        instance.plain(x),
  },
  'plain-generic': {
    label: 'plain (generic f on numbers)',
    passesPerInput: 0,
    inGradientSweep: true,
    prepare: ({ instance: { f }, x }) => {
      const numbers = Array.from(x);
      return () => f(numbers);
    },
  },
  analytic: {
    label: 'analytic gradient (hand-written)',
    passesPerInput: 0,
    prepare: ({ instance, x }) => {
      const analytic = instance.analyticGradient;
      if (analytic === undefined) {
        throw new UsageError(`'${instance.name}' has no hand-written analytic gradient in the zoo`);
      }
      const gradient = new Float64Array(x.length);
      return () => analytic(x, gradient);
    },
  },
  forward: {
    label: 'forward, one tangent',
    passesPerInput: 1,
    memory: 'inputs',
    inGradientSweep: true,
    prepare:
      ({ instance: { f }, x, options }) =>
      () =>
        forward.gradient(f, x, { ...options, chunkSize: 1 }),
  },
  'forward-chunked': {
    label: 'forward, chunked',
    passesPerInput: 1,
    memory: 'operations',
    inGradientSweep: true,
    prepare:
      ({ instance: { f }, x, options }) =>
      () =>
        forward.gradient(f, x, options),
  },
  'forward-jvp': {
    label: 'forward, one JVP pass',
    passesPerInput: 0,
    memory: 'inputs',
    prepare: ({ instance, x, options }) => {
      const asVector = asVectorFunction(instance.f);
      const direction = denseDirection(x.length);
      return () => forward.jvp(asVector, x, direction, options);
    },
  },
  reverse: {
    label: 'reverse',
    passesPerInput: 0,
    memory: 'operations',
    inGradientSweep: true,
    prepare:
      ({ instance: { f }, x, options }) =>
      () =>
        reverse.gradient(f, x, options),
  },
  'reverse-replay': {
    label: 'reverse, replayed recording',
    passesPerInput: 0,
    memory: 'operations',
    inGradientSweep: true,
    prepare: ({ instance, x, options }) => {
      const recording = reverse.record(instance.f, x);
      return () => recording.gradient(x, options);
    },
  },
  'reverse-compiled': {
    label: 'reverse, compiled gradient',
    passesPerInput: 0,
    memory: 'operations',
    prepare: ({ instance, x, options }) => {
      // Recorded and compiled once before timing, like the replay: the generated code is what is timed.
      const compiled = reverse.compileGradient(instance.f, x, options);
      const gradient = new Float64Array(x.length);
      return () => compiled(x, gradient);
    },
  },
  'numeric-central': {
    label: 'numeric, central',
    passesPerInput: 1,
    inGradientSweep: true,
    prepare:
      ({ instance: { f }, x, options }) =>
      () =>
        numeric.gradient(f, x, { ...options, scheme: 'central' }),
  },
  'numeric-complex-step': {
    label: 'numeric, complex step',
    passesPerInput: 1,
    inGradientSweep: true,
    prepare:
      ({ instance: { f }, x, options }) =>
      () =>
        numeric.gradient(f, x, { ...options, scheme: 'complex-step' }),
  },
  'reverse-plain-loop': {
    label: 'reverse, plain loop',
    passesPerInput: 0,
    memory: 'operations',
    prepare: notAZooGradient('reverse-plain-loop'),
  },
  'reverse-checkpointed': {
    label: 'reverse, checkpointed loop',
    passesPerInput: 0,
    memory: 'sqrt-operations',
    prepare: notAZooGradient('reverse-checkpointed'),
  },
  'transform-forward': {
    label: 'tangent code, chunked (transform)',
    // Tangent code: ⌈N/k⌉ passes of k lanes, like the chunked duals.
    passesPerInput: 1,
    inGradientSweep: true,
    prepare: ({ instance, x, counters, source }) => {
      const compiled = compileZoo(instance, source);
      return () => {
        const [gradient] = compiled.jacobian(x);
        if (counters !== undefined) {
          const lanes = forward.defaultChunkSize(x.length);
          counters.passes += Math.ceil(x.length / lanes);
          counters.lanes += x.length;
        }
        return gradient;
      };
    },
  },
  'transform-reverse': {
    label: 'adjoint code (transform)',
    // Adjoint code: one forward and one reverse sweep; it saves at most what a tape would hold.
    passesPerInput: 0,
    memory: 'operations',
    memoryBoundedOnly: true,
    inGradientSweep: true,
    prepare: ({ instance, x, counters, source }) => {
      const compiled = compileZoo(instance, source);
      const gradient = new Float64Array(x.length);
      return () => {
        compiled.gradient(x, gradient);
        if (counters !== undefined) {
          counters.sweeps += 1;
          counters.peakTapeBytes = Math.max(counters.peakTapeBytes, compiled.stats.bytesSaved);
        }
        return gradient;
      };
    },
  },
  'transform-jvp': {
    label: 'tangent code, one JVP pass (transform)',
    passesPerInput: 0,
    prepare: ({ instance, x, counters, source }) => {
      const compiled = compileZoo(instance, source);
      const direction = denseDirection(x.length);
      return () => {
        if (counters !== undefined) {
          counters.passes += 1;
          counters.lanes += 1;
        }
        return compiled.jvp(x, direction);
      };
    },
  },
} as const satisfies Readonly<Record<string, BenchMode>>;

/** Every way of computing (or evaluating) that the benchmarks time, by id. */
export type ModeId = keyof typeof BENCH_MODES;

/** The table's entry of `mode`. */
export function benchMode(mode: ModeId): BenchMode {
  return BENCH_MODES[mode];
}

const MODE_IDS = Object.keys(BENCH_MODES) as ModeId[];

/** The gradient modes, in the order tables and charts list them. */
export const GRADIENT_MODES: readonly ModeId[] = MODE_IDS.filter((mode) => benchMode(mode).inGradientSweep);

/** What each mode id means, in a few words (legends, table heads). */
export const MODE_LABELS: Readonly<Record<ModeId, string>> = Object.fromEntries(
  MODE_IDS.map((mode) => [mode, benchMode(mode).label]),
) as Record<ModeId, string>;

/**
 * Builds the call that computes `mode` for a scalar zoo instance at `x` (the function value for the
 * plain modes, the gradient for the others, one JVP in a dense direction for `'forward-jvp'` and
 * `'transform-jvp'`). When `counters` is given the call adds its work to it (tape bytes — for the adjoint
 * code the bytes its forward sweep saved —, passes, evaluations). The transform modes compile the text
 * `source` names (default: the generic `f`) before the call is returned: the generated code is timed,
 * not its generation.
 *
 * @throws UsageError for a mode that does not apply (e.g. `'analytic'` without a hand-written gradient),
 *   or for the checkpointing modes, which are not gradients of zoo functions.
 * @throws TransformError when the transform modes cannot read the text.
 */
export function prepareScalarCall(
  mode: ModeId,
  instance: ZooScalarInstance,
  x: Float64Array,
  counters?: Counters,
  source: TransformSource = 'generic',
): PreparedCall {
  const options = counters === undefined ? {} : { counters };
  return benchMode(mode).prepare({ instance, x, options, counters, source });
}

/** The zoo instance's `source` text compiled with the scope the instance carries. */
function compileZoo(instance: ZooScalarInstance, source: TransformSource): CompiledFunction {
  return compile(source === 'plain' ? instance.plain : instance.f, { scope: instance.scope });
}

/** A scalar function seen as a vector function with one output (for `jvp`). */
export function asVectorFunction(f: ScalarFunction): VectorFunction {
  return <T extends Scalar>(x: readonly T[]): readonly T[] => [f(x)];
}

/**
 * A direction with every entry non-zero (so every input carries a tangent) and no special structure:
 * forward mode may keep inputs with a zero tangent as plain numbers, which would time a cheaper program.
 */
export function denseDirection(length: number): Float64Array {
  const direction = new Float64Array(length);
  for (let i = 0; i < length; i++) direction[i] = 1 + ((i * 7919) % 13) / 13;
  return direction;
}
