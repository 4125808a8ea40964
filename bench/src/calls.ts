/**
 * Every call the benchmarks time, described as plain data (`CallSpec`) so it can be sent to a child
 * process and built there: a zoo function in some mode, the Jacobian family, the checkpointing loop, the
 * tensor program, or the TensorFlow.js peer. `prepareCall` builds the call and everything it needs
 * beforehand (input points, recordings, buffers), outside any timed loop.
 */
import { newCounters, seededRandom, UsageError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { zooEntry } from '@dualtape/zoo';
import { denseTanh } from './families/dense-tanh.js';
import { loopGradient } from './families/loop.js';
import { tensorLoss, tensorLossData } from './families/tensor-loss.js';
import { denseDirection, type PreparedCall, prepareScalarCall } from './modes.js';
import { loadTfjsPeer } from './peers/tfjs.js';
import type { ModeId } from './theory.js';

/** A scalar zoo function in one mode (`prepareScalarCall`'s modes). */
export interface ZooCall {
  readonly kind: 'zoo';
  readonly fn: string;
  readonly size: number;
  readonly mode: ModeId;
  readonly seed: number;
}

/** What the Jacobian family can be asked for: a full Jacobian per mode, or the cost model's pieces. */
export type JacobianMode =
  | 'forward'
  | 'forward-chunked'
  | 'reverse'
  | 'numeric-central'
  | 'forward-pass'
  | 'reverse-record'
  | 'reverse-sweep';

/** tanh(A·x) with N = `inputs`, M = `product / inputs`. */
export interface JacobianCall {
  readonly kind: 'jacobian';
  readonly product: number;
  readonly inputs: number;
  readonly mode: JacobianMode;
  readonly seed: number;
}

/** The T-step loop's reverse gradient, plain or checkpointed. */
export interface LoopCall {
  readonly kind: 'loop';
  readonly steps: number;
  readonly checkpointed: boolean;
}

/** The tensor program mean(tanh(W·X)²) with W side×side: gradient (forward + backward) or evaluation (noGrad). */
export interface TensorCall {
  readonly kind: 'tensor';
  readonly side: number;
  readonly gradient: boolean;
  readonly seed: number;
}

/** The TensorFlow.js peer: Rosenbrock (at N = `size`) or the tensor program (W `size`×`size`). */
export interface TfjsCall {
  readonly kind: 'tfjs';
  readonly program: 'rosenbrock' | 'tensor';
  readonly gradient: boolean;
  readonly size: number;
  readonly seed: number;
}

/** One call to time, as data. */
export type CallSpec = ZooCall | JacobianCall | LoopCall | TensorCall | TfjsCall;

/** A call spec without its size, completed per point of a sweep. */
export type CallTemplate =
  | Omit<ZooCall, 'size'>
  | Omit<JacobianCall, 'inputs'>
  | Omit<LoopCall, 'steps'>
  | Omit<TensorCall, 'side'>
  | Omit<TfjsCall, 'size'>;

/** A built call, and numbers about it that are not times (tape entries, peak tape bytes). */
export interface BuiltCall {
  readonly call: PreparedCall;
  /** Counts from one extra call (reverse modes: operations and peak tape bytes); undefined otherwise. */
  readonly stats?: () => Readonly<Record<string, number>>;
}

/**
 * The same call at a small size: what a fresh process runs first, many times, so that V8 has optimized the
 * mode's code before the real size is timed. (Cold, a reverse gradient of Rosenbrock at N = 256 took 5–30 ms
 * per call for its first few dozen calls, 67 µs once optimized; at N = 10^6 cold calls would take seconds.)
 */
export function smallVariant(spec: CallSpec): CallSpec {
  switch (spec.kind) {
    case 'zoo': {
      const entry = zooEntry(spec.fn);
      return { ...spec, size: Math.max(entry.minSize, Math.min(spec.size, SMALL_SIZE)) };
    }
    case 'tfjs':
      return { ...spec, size: Math.min(spec.size, spec.program === 'tensor' ? SMALL_SIDE : SMALL_SIZE) };
    case 'jacobian': {
      const product = Math.min(spec.product, SMALL_SIZE * 2);
      return { ...spec, product, inputs: Math.min(spec.inputs, product) };
    }
    case 'loop':
      return { ...spec, steps: Math.min(spec.steps, SMALL_SIZE) };
    case 'tensor':
      return { ...spec, side: Math.min(spec.side, SMALL_SIDE) };
  }
}

/** What a call's warm-up runs at: small enough that a cold call costs microseconds. */
const SMALL_SIZE = 32;
const SMALL_SIDE = 8;

/** Calls that warm up the same code (the same function in the same mode), whatever their size. */
export function warmupKey(spec: CallSpec): string {
  const { kind } = spec;
  switch (spec.kind) {
    case 'zoo':
      return `${kind}/${spec.fn}/${spec.mode}`;
    case 'jacobian':
      return `${kind}/${spec.mode}`;
    case 'loop':
      return `${kind}/${spec.checkpointed}`;
    case 'tensor':
      return `${kind}/${spec.gradient}`;
    case 'tfjs':
      return `${kind}/${spec.program}/${spec.gradient}`;
  }
}

/** The spec of `template` at `size` (N for zoo and tfjs calls, inputs for the Jacobian, steps for the loop). */
export function atSize(template: CallTemplate, size: number): CallSpec {
  switch (template.kind) {
    case 'zoo':
    case 'tfjs':
      return { ...template, size } as CallSpec;
    case 'jacobian':
      return { ...template, inputs: size } as CallSpec;
    case 'loop':
      return { ...template, steps: size } as CallSpec;
    case 'tensor':
      return { ...template, side: size } as CallSpec;
  }
}

/**
 * Builds `spec`'s call. Async only because the TensorFlow.js peer loads on demand.
 * @throws UsageError for a spec that names nothing the benchmarks know.
 */
export async function prepareCall(spec: CallSpec): Promise<BuiltCall> {
  switch (spec.kind) {
    case 'zoo':
      return prepareZooCall(spec);
    case 'jacobian':
      return prepareJacobianCall(spec);
    case 'loop': {
      return {
        call: loopGradient(spec.checkpointed, spec.steps),
        stats: () => {
          const counters = newCounters();
          loopGradient(spec.checkpointed, spec.steps, counters)();
          return { operations: counters.operations, peakTapeBytes: counters.peakTapeBytes };
        },
      };
    }
    case 'tensor':
      return { call: prepareTensorCall(spec) };
    case 'tfjs': {
      const peer = await loadTfjsPeer();
      if (spec.program === 'rosenbrock') {
        const x = zooPoint('rosenbrock', spec.size, spec.seed).x;
        return { call: spec.gradient ? peer.rosenbrockGradient(x) : peer.rosenbrockValue(x) };
      }
      const data = tensorLossData(spec.size, spec.seed);
      return { call: spec.gradient ? peer.tensorLossGradient(data) : peer.tensorLossValue(data) };
    }
  }
}

function prepareZooCall(spec: ZooCall): BuiltCall {
  const { instance, x } = zooPoint(spec.fn, spec.size, spec.seed);
  const call = prepareScalarCall(spec.mode, instance, x);
  if (!spec.mode.startsWith('reverse')) return { call };
  return {
    call,
    stats: () => {
      const counters = newCounters();
      prepareScalarCall(spec.mode, instance, x, counters)();
      return { operations: counters.operations, peakTapeBytes: counters.peakTapeBytes };
    },
  };
}

/** A scalar zoo instance and its seeded point. */
export function zooPoint(fn: string, size: number, seed: number) {
  const instance = zooEntry(fn).instantiate(size);
  if (instance.kind !== 'scalar')
    throw new UsageError(`'${fn}' is a vector function; a scalar one is needed here`);
  return { instance, x: instance.sample(seededRandom(seed)) };
}

function prepareJacobianCall(spec: JacobianCall): BuiltCall {
  if (spec.product % spec.inputs !== 0) {
    throw new UsageError(`jacobian call: N = ${spec.inputs} does not divide N·M = ${spec.product}`);
  }
  const family = denseTanh(spec.inputs, spec.product / spec.inputs, spec.seed);
  const x = family.sample(seededRandom(spec.seed));
  const f = family.f;
  switch (spec.mode) {
    case 'forward':
      return { call: () => forward.jacobian(f, x, { chunkSize: 1 }) };
    case 'forward-chunked':
      return { call: () => forward.jacobian(f, x) };
    case 'reverse':
      return { call: () => reverse.jacobian(f, x) };
    case 'numeric-central':
      return { call: () => numeric.jacobian(f, x, { scheme: 'central' }) };
    case 'forward-pass': {
      const direction = denseDirection(family.inputs);
      return { call: () => forward.jvp(f, x, direction) };
    }
    case 'reverse-record':
      return { call: () => reverse.vjp(f, x) };
    case 'reverse-sweep': {
      const recorded = reverse.vjp(f, x);
      const cotangent = denseDirection(family.outputs);
      return { call: () => recorded.pullback(cotangent) };
    }
  }
}

function prepareTensorCall(spec: TensorCall): PreparedCall {
  const data = tensorLossData(spec.side, spec.seed);
  const weights = reverse.tensor(data.weights, { shape: [data.side, data.side], requiresGrad: true });
  const batch = reverse.tensor(data.batch, { shape: [data.side, data.columns] });
  if (!spec.gradient) return () => reverse.noGrad(() => tensorLoss(weights, batch).item());
  return () => {
    // A fresh accumulation each call, as tf.grad returns a fresh gradient.
    weights.grad?.zero_();
    tensorLoss(weights, batch).backward();
    return weights.grad;
  };
}
