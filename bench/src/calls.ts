/**
 * Every call the benchmarks time, described as plain data (`CallSpec`) so it can be sent to a child
 * process and built there: a zoo function in some mode, the Jacobian family, the checkpointing loop, the
 * tensor program, the GMM objective, the TensorFlow.js and jax-js peers, or the transform's own work (one
 * compilation). `prepareCall` builds the call and everything it needs beforehand (input points,
 * recordings, compiled code, buffers), outside any timed loop.
 */
import { newCounters, seededRandom, UsageError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { compile } from '@dualtape/transform';
import { zooEntry } from '@dualtape/zoo';
import { PEER_GRADIENT_TOLERANCE } from './defaults.js';
import { denseTanh } from './families/dense-tanh.js';
import { ADBENCH_GMM, gmm } from './families/gmm.js';
import { loopGradient } from './families/loop.js';
import { tensorLoss, tensorLossData } from './families/tensor-loss.js';
import { denseDirection, type PreparedCall, prepareScalarCall, type TransformSource } from './modes.js';
import { loadJaxPeer } from './peers/jax.js';
import { loadTfjsPeer, type TfjsBackend } from './peers/tfjs.js';
import type { ModeId } from './theory.js';

/** A scalar zoo function in one mode (`prepareScalarCall`'s modes). */
export interface ZooCall {
  readonly kind: 'zoo';
  readonly fn: string;
  readonly size: number;
  readonly mode: ModeId;
  readonly seed: number;
  /** The text the transform modes compile (see `TransformSource`). @default 'generic' */
  readonly source?: TransformSource;
}

/** What the Jacobian family can be asked for: a full Jacobian per mode, or the cost model's pieces. */
export type JacobianMode =
  | 'forward'
  | 'forward-chunked'
  | 'reverse'
  | 'numeric-central'
  | 'forward-pass'
  | 'reverse-record'
  | 'reverse-sweep'
  | 'transform-forward'
  | 'transform-reverse';

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
  /** @default 'cpu' */
  readonly backend?: TfjsBackend;
}

/** The jax-js peer: extended Rosenbrock at N = `size`, evaluated or its gradient (jit-compiled, float64). */
export interface JaxCall {
  readonly kind: 'jax';
  readonly gradient: boolean;
  readonly size: number;
  readonly seed: number;
}

/** How the GMM objective is computed: evaluated, its gradient by the adjoint code, or by the tape. */
export type GmmMode = 'plain' | 'transform-reverse' | 'reverse';

/** ADBench's GMM objective (d = 10, K = 10) with `points` data points. */
export interface GmmCall {
  readonly kind: 'gmm';
  readonly mode: GmmMode;
  readonly points: number;
  readonly seed: number;
}

/**
 * The transform's own work on a zoo function: `compile` (parse, lower, analyse, lift) and generating its
 * tangent code (one lane) and adjoint code, as `dualtape transform` does. Meant to be timed cold: a fresh
 * process's first call (see jobs.ts's cold jobs).
 */
export interface TransformCompileCall {
  readonly kind: 'transform-compile';
  readonly fn: string;
  readonly size: number;
}

/** One call to time, as data. */
export type CallSpec =
  | ZooCall
  | JacobianCall
  | LoopCall
  | TensorCall
  | TfjsCall
  | JaxCall
  | GmmCall
  | TransformCompileCall;

/** A call spec without its size, completed per point of a sweep. */
export type CallTemplate =
  | Omit<ZooCall, 'size'>
  | Omit<JacobianCall, 'inputs'>
  | Omit<LoopCall, 'steps'>
  | Omit<TensorCall, 'side'>
  | Omit<TfjsCall, 'size'>
  | Omit<JaxCall, 'size'>
  | Omit<GmmCall, 'points'>
  | Omit<TransformCompileCall, 'size'>;

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
    case 'zoo':
    case 'transform-compile': {
      const entry = zooEntry(spec.fn);
      return { ...spec, size: Math.max(entry.minSize, Math.min(spec.size, SMALL_SIZE)) };
    }
    case 'tfjs':
      return { ...spec, size: Math.min(spec.size, spec.program === 'tensor' ? SMALL_SIDE : SMALL_SIZE) };
    case 'jax':
      return { ...spec, size: Math.min(spec.size, SMALL_SIZE) };
    case 'gmm':
      return { ...spec, points: Math.min(spec.points, SMALL_POINTS) };
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
const SMALL_POINTS = 4;

/** Calls that warm up the same code (the same function in the same mode), whatever their size. */
export function warmupKey(spec: CallSpec): string {
  const { kind } = spec;
  switch (spec.kind) {
    case 'zoo':
      return `${kind}/${spec.fn}/${spec.mode}/${spec.source ?? 'generic'}`;
    case 'jacobian':
      return `${kind}/${spec.mode}`;
    case 'loop':
      return `${kind}/${spec.checkpointed}`;
    case 'tensor':
      return `${kind}/${spec.gradient}`;
    case 'tfjs':
      return `${kind}/${spec.backend ?? 'cpu'}/${spec.program}/${spec.gradient}`;
    case 'jax':
      return `${kind}/${spec.gradient}`;
    case 'gmm':
      return `${kind}/${spec.mode}`;
    case 'transform-compile':
      return `${kind}/${spec.fn}`;
  }
}

/**
 * The spec of `template` at `size` (N for zoo, tfjs and jax calls, inputs for the Jacobian, steps for the
 * loop, the data points of the GMM).
 */
export function atSize(template: CallTemplate, size: number): CallSpec {
  switch (template.kind) {
    case 'zoo':
    case 'tfjs':
    case 'jax':
    case 'transform-compile':
      return { ...template, size } as CallSpec;
    case 'gmm':
      return { ...template, points: size } as CallSpec;
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
      const peer = await loadTfjsPeer(spec.backend);
      const { wasm } = peer;
      // The wasm backend's build, as numbers: 1 where SIMD / threads are on.
      const stats =
        wasm === undefined
          ? undefined
          : () => ({ wasmSimd: wasm.simd ? 1 : 0, wasmThreads: wasm.threads ? 1 : 0 });
      let call: PreparedCall;
      if (spec.program === 'rosenbrock') {
        const x = zooPoint('rosenbrock', spec.size, spec.seed).x;
        call = spec.gradient ? peer.rosenbrockGradient(x) : peer.rosenbrockValue(x);
      } else {
        const data = tensorLossData(spec.size, spec.seed);
        call = spec.gradient ? peer.tensorLossGradient(data) : peer.tensorLossValue(data);
      }
      return stats === undefined ? { call } : { call, stats };
    }
    case 'jax':
      return { call: await prepareJaxCall(spec) };
    case 'gmm':
      return prepareGmmCall(spec);
    case 'transform-compile': {
      const instance = zooEntry(spec.fn).instantiate(spec.size);
      return {
        call: () => {
          const compiled = compile(instance.f, { scope: instance.scope });
          return compiled.source.tangent(1).length + compiled.source.adjoint().length;
        },
      };
    }
  }
}

function prepareZooCall(spec: ZooCall): BuiltCall {
  const { instance, x } = zooPoint(spec.fn, spec.size, spec.seed);
  const call = prepareScalarCall(spec.mode, instance, x, undefined, spec.source);
  if (!spec.mode.startsWith('reverse') && spec.mode !== 'transform-reverse') return { call };
  return {
    call,
    stats: (): Readonly<Record<string, number>> => {
      const counters = newCounters();
      prepareScalarCall(spec.mode, instance, x, counters, spec.source)();
      return spec.mode === 'transform-reverse'
        ? { savedBytes: counters.peakTapeBytes }
        : { operations: counters.operations, peakTapeBytes: counters.peakTapeBytes };
    },
  };
}

/**
 * The jax-js call; a gradient is first checked against the zoo's hand-written one (both float64), so a
 * wrong gradient is never timed.
 */
async function prepareJaxCall(spec: JaxCall): Promise<PreparedCall> {
  const peer = await loadJaxPeer();
  const { instance, x } = zooPoint('rosenbrock', spec.size, spec.seed);
  if (!spec.gradient) return peer.rosenbrockValue(x);
  const call = peer.rosenbrockGradient(x);
  const analytic = new Float64Array(x.length);
  instance.analyticGradient!(x, analytic);
  checkGradient(`jax-js jit(grad(rosenbrock)) at N = ${x.length}`, call() as ArrayLike<number>, analytic);
  return call;
}

/**
 * Throws unless `computed` equals `reference` entry by entry within PEER_GRADIENT_TOLERANCE relative to
 * the largest |reference| entry, naming the worst entry.
 */
export function checkGradient(what: string, computed: ArrayLike<number>, reference: ArrayLike<number>): void {
  if (computed.length !== reference.length) {
    throw new Error(`${what}: ${computed.length} gradient entries, expected ${reference.length}`);
  }
  let scale = 0;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]!));
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < reference.length; i++) {
    const error = Math.abs(computed[i]! - reference[i]!);
    // NaN compares false: a NaN entry is the worst whatever the others are.
    if (!(error <= worstError)) {
      worst = i;
      worstError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
    }
  }
  if (worst >= 0 && !(worstError <= PEER_GRADIENT_TOLERANCE * Math.max(scale, 1))) {
    throw new Error(
      `${what}: gradient entry ${worst} is ${computed[worst]}, expected ${reference[worst]} (relative error ${(worstError / Math.max(scale, 1)).toExponential(2)} > ${PEER_GRADIENT_TOLERANCE})`,
    );
  }
}

function prepareGmmCall(spec: GmmCall): BuiltCall {
  const problem = gmm({ ...ADBENCH_GMM, points: spec.points }, spec.seed);
  const { objective, params } = problem;
  switch (spec.mode) {
    case 'plain':
      return { call: () => objective(params) };
    case 'transform-reverse': {
      const compiled = compile(objective, { scope: problem.scope });
      const gradient = new Float64Array(params.length);
      return {
        call: () => compiled.gradient(params, gradient),
        stats: () => {
          compiled.gradient(params, gradient);
          return { savedBytes: compiled.stats.bytesSaved };
        },
      };
    }
    case 'reverse': {
      // The tape runs the objective lifted onto core's free functions (a Float64Array holds no Var).
      const lifted = compile(objective, { scope: problem.scope }).lift;
      return {
        call: () => reverse.gradient(lifted, params),
        stats: () => {
          const counters = newCounters();
          reverse.gradient(lifted, params, { counters });
          return { operations: counters.operations, peakTapeBytes: counters.peakTapeBytes };
        },
      };
    }
  }
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
    case 'transform-forward': {
      const compiled = compile(f, { scope: family.scope });
      return { call: () => compiled.jacobian(x) };
    }
    case 'transform-reverse': {
      const compiled = compile(f, { scope: family.scope });
      return { call: () => compiled.jacobian(x, { mode: 'reverse' }) };
    }
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
