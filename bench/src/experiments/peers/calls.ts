/**
 * What the peers experiment times beside the zoo's gradients: the tensor program, the TensorFlow.js and
 * jax-js peers, ADBench's GMM objective, and the transform's own work (one compilation, timed cold).
 */
import { newCounters } from '@dualtape/core';
import * as reverse from '@dualtape/reverse';
import { compile } from '@dualtape/transform';
import { zooEntry } from '@dualtape/zoo';
import {
  type BuiltCall,
  type CallKind,
  type PreparedCall,
  SMALL_SIDE,
  SMALL_SIZE,
} from '../../calls/types.js';
import { zooPoint } from '../../calls/zoo.js';
import { ADBENCH_GMM, gmm } from './gmm.js';
import { loadJaxPeer } from './jax.js';
import { PEER_GRADIENT_TOLERANCE } from './manifest.js';
import { tensorLoss, tensorLossData } from './tensor-loss.js';
import { loadTfjsPeer, type TfjsBackend } from './tfjs.js';

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
 * process's first call (see engine/jobs.ts's cold jobs).
 */
export interface TransformCompileCall {
  readonly kind: 'transform-compile';
  readonly fn: string;
  readonly size: number;
}

const SMALL_POINTS = 4;

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

async function prepareTfjsCall(spec: TfjsCall): Promise<BuiltCall> {
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

const evaluation = (gradient: boolean) => (gradient ? 'gradient' : 'evaluation');

/** The tensor program's call kind. */
export const TENSOR_CALLS: CallKind<TensorCall, 'side'> = {
  kind: 'tensor',
  sizeKey: 'side',
  prepare: (spec) => ({ call: prepareTensorCall(spec) }),
  small: (spec) => ({ ...spec, side: Math.min(spec.side, SMALL_SIDE) }),
  warmupKey: (spec) => `tensor/${spec.gradient}`,
  describe: (spec) => `tensor ${evaluation(spec.gradient)} at ${spec.side}`,
};

/** The TensorFlow.js peer's call kind. */
export const TFJS_CALLS: CallKind<TfjsCall, 'size'> = {
  kind: 'tfjs',
  sizeKey: 'size',
  prepare: prepareTfjsCall,
  small: (spec) => ({
    ...spec,
    size: Math.min(spec.size, spec.program === 'tensor' ? SMALL_SIDE : SMALL_SIZE),
  }),
  warmupKey: (spec) => `tfjs/${spec.backend ?? 'cpu'}/${spec.program}/${spec.gradient}`,
  describe: (spec) =>
    `tf.js (${spec.backend ?? 'cpu'}) ${spec.program} ${evaluation(spec.gradient)} at ${spec.size}`,
};

/** The jax-js peer's call kind. */
export const JAX_CALLS: CallKind<JaxCall, 'size'> = {
  kind: 'jax',
  sizeKey: 'size',
  prepare: async (spec) => ({ call: await prepareJaxCall(spec) }),
  small: (spec) => ({ ...spec, size: Math.min(spec.size, SMALL_SIZE) }),
  warmupKey: (spec) => `jax/${spec.gradient}`,
  describe: (spec) => `jax-js rosenbrock ${evaluation(spec.gradient)} at ${spec.size}`,
};

/** The GMM objective's call kind. */
export const GMM_CALLS: CallKind<GmmCall, 'points'> = {
  kind: 'gmm',
  sizeKey: 'points',
  prepare: prepareGmmCall,
  small: (spec) => ({ ...spec, points: Math.min(spec.points, SMALL_POINTS) }),
  warmupKey: (spec) => `gmm/${spec.mode}`,
  describe: (spec) => `gmm ${spec.mode} with ${spec.points} points`,
};

/** The transform's compilation, as a call kind. */
export const TRANSFORM_COMPILE_CALLS: CallKind<TransformCompileCall, 'size'> = {
  kind: 'transform-compile',
  sizeKey: 'size',
  prepare: (spec) => {
    const instance = zooEntry(spec.fn).instantiate(spec.size);
    return {
      call: () => {
        const compiled = compile(instance.f, { scope: instance.scope });
        return compiled.source.tangent(1).length + compiled.source.adjoint().length;
      },
    };
  },
  small: (spec) => ({ ...spec, size: Math.max(zooEntry(spec.fn).minSize, Math.min(spec.size, SMALL_SIZE)) }),
  warmupKey: (spec) => `transform-compile/${spec.fn}`,
  describe: (spec) => `transform of ${spec.fn} at ${spec.size}`,
};
