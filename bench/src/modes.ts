/**
 * The modes the benchmarks time, each reduced to "a call to make at this point": everything a mode needs
 * before its timed call (a recording to replay, a direction, an output buffer) is built here, outside the
 * timed loop. Every experiment and the memory worker build their calls through this one table, so a
 * mode means the same thing everywhere. Modes are reached only through the packages' public APIs.
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
import type { ModeId } from './theory.js';

/** The gradient modes, in the order tables and charts list them. */
export const GRADIENT_MODES = [
  'plain',
  'plain-generic',
  'forward',
  'forward-chunked',
  'reverse',
  'reverse-replay',
  'numeric-central',
  'numeric-complex-step',
  'transform-forward',
  'transform-reverse',
] as const satisfies readonly ModeId[];

/** What each mode id means, in a few words (legends, table heads). */
export const MODE_LABELS: Readonly<Record<ModeId, string>> = {
  plain: 'plain (hand-written)',
  'plain-generic': 'plain (generic f on numbers)',
  analytic: 'analytic gradient (hand-written)',
  forward: 'forward, one tangent',
  'forward-chunked': 'forward, chunked',
  'forward-jvp': 'forward, one JVP pass',
  reverse: 'reverse',
  'reverse-replay': 'reverse, replayed recording',
  'reverse-compiled': 'reverse, compiled gradient',
  'numeric-central': 'numeric, central',
  'numeric-complex-step': 'numeric, complex step',
  'reverse-plain-loop': 'reverse, plain loop',
  'reverse-checkpointed': 'reverse, checkpointed loop',
  'transform-forward': 'tangent code, chunked (transform)',
  'transform-reverse': 'adjoint code (transform)',
  'transform-jvp': 'tangent code, one JVP pass (transform)',
};

/**
 * Which of a zoo function's two texts the transform modes compile: the generic `f` written with core's free
 * functions (what every other mode runs; the transform reads them like operators), or its hand-written
 * plain-JavaScript twin `plain` (operators and `Math.*`, the text the plain evaluation times).
 */
export type TransformSource = 'generic' | 'plain';

/** A prepared call: run it to compute once more at the prepared point. */
export type PreparedCall = () => unknown;

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
  const f = instance.f;
  const options = counters === undefined ? {} : { counters };
  switch (mode) {
    case 'plain':
      return () => instance.plain(x);
    case 'plain-generic': {
      const numbers = Array.from(x);
      return () => f(numbers);
    }
    case 'analytic': {
      const analytic = instance.analyticGradient;
      if (analytic === undefined) {
        throw new UsageError(`'${instance.name}' has no hand-written analytic gradient in the zoo`);
      }
      const gradient = new Float64Array(x.length);
      return () => analytic(x, gradient);
    }
    case 'forward':
      return () => forward.gradient(f, x, { ...options, chunkSize: 1 });
    case 'forward-chunked':
      return () => forward.gradient(f, x, options);
    case 'forward-jvp': {
      const asVector = asVectorFunction(f);
      const direction = denseDirection(x.length);
      return () => forward.jvp(asVector, x, direction, options);
    }
    case 'reverse':
      return () => reverse.gradient(f, x, options);
    case 'reverse-replay': {
      const recording = reverse.record(f, x);
      return () => recording.gradient(x, options);
    }
    case 'reverse-compiled': {
      // Recorded and compiled once before timing, like the replay: the generated code is what is timed.
      const compiled = reverse.compileGradient(f, x, options);
      const gradient = new Float64Array(x.length);
      return () => compiled(x, gradient);
    }
    case 'numeric-central':
      return () => numeric.gradient(f, x, { ...options, scheme: 'central' });
    case 'numeric-complex-step':
      return () => numeric.gradient(f, x, { ...options, scheme: 'complex-step' });
    case 'transform-forward': {
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
    }
    case 'transform-reverse': {
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
    }
    case 'transform-jvp': {
      const compiled = compileZoo(instance, source);
      const direction = denseDirection(x.length);
      return () => {
        if (counters !== undefined) {
          counters.passes += 1;
          counters.lanes += 1;
        }
        return compiled.jvp(x, direction);
      };
    }
    case 'reverse-plain-loop':
    case 'reverse-checkpointed':
      throw new UsageError(`mode '${mode}' times a loop, not a zoo gradient`);
  }
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
