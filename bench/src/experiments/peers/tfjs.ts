/**
 * The TensorFlow.js peer: the same computations as dualtape's, written with tfjs-core's ops and
 * differentiated by `tf.grad`, on the pure-JavaScript cpu backend or the WebAssembly backend
 * (@tensorflow/tfjs-backend-wasm, whose .wasm binaries ship inside the npm package and are read from disk
 * in Node: nothing is downloaded at run time). TensorFlow.js computes in float32 (dualtape in float64),
 * which the reports say next to every number. Loaded on demand: the packages are development
 * dependencies, and without them the peer rows say so instead of failing.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { PreparedCall } from '../../calls/types.js';
import type { TensorLossData } from './tensor-loss.js';

/** The TensorFlow.js backends the peer runs on. */
export type TfjsBackend = 'cpu' | 'wasm';

/** Prepared TensorFlow.js calls, each timed like a dualtape mode. */
export interface TfjsPeer {
  /** tfjs-core's version. */
  readonly version: string;
  /** The backend in use. */
  readonly backend: TfjsBackend;
  /** What the wasm backend runs with (undefined on the cpu backend). */
  readonly wasm: { readonly simd: boolean; readonly threads: boolean } | undefined;
  /** The element type every tensor has. */
  readonly dtype: 'float32';
  /** Extended Rosenbrock at x, evaluated. */
  rosenbrockValue(x: Float64Array): PreparedCall;
  /** Extended Rosenbrock's gradient at x by `tf.grad`. */
  rosenbrockGradient(x: Float64Array): PreparedCall;
  /** mean(tanh(W·X)²), evaluated. */
  tensorLossValue(data: TensorLossData): PreparedCall;
  /** The gradient of mean(tanh(W·X)²) with respect to W by `tf.grad`. */
  tensorLossGradient(data: TensorLossData): PreparedCall;
}

let loaded: { backend: TfjsBackend; peer: Promise<TfjsPeer> } | undefined;

// Specifiers in variables: the peer is optional, and its absence must be a runtime message, not a compile
// error. The union package bundles the cpu backend and registers every gradient (tfjs-core alone registers
// none, so `tf.grad` would fail with "gradient function not found"); importing the wasm package registers
// its backend.
const TENSORFLOW_PACKAGE = '@tensorflow/tfjs';
const WASM_BACKEND_PACKAGE = '@tensorflow/tfjs-backend-wasm';

async function importPackage<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new Error(
      `TensorFlow.js is not installed (${name}, a dev dependency of @dualtape/bench): ${firstLine(error)}`,
    );
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/**
 * Loads TensorFlow.js with `backend` (once per process: TensorFlow.js has one active backend at a time).
 * @default backend 'cpu'
 * @throws Error saying what is missing when the packages are not installed, or when this process already
 *   loaded the peer with the other backend.
 */
export function loadTfjsPeer(backend: TfjsBackend = 'cpu'): Promise<TfjsPeer> {
  if (loaded !== undefined && loaded.backend !== backend) {
    throw new Error(
      `TensorFlow.js peer: this process runs the ${loaded.backend} backend; the ${backend} backend needs a process of its own`,
    );
  }
  loaded ??= { backend, peer: load(backend) };
  return loaded.peer;
}

async function load(backend: TfjsBackend): Promise<TfjsPeer> {
  const tf = await importPackage<typeof TfCore>(TENSORFLOW_PACKAGE);
  if (backend === 'wasm') await importPackage<unknown>(WASM_BACKEND_PACKAGE);
  // Production mode skips tfjs's debug checks and its "install tfjs-node" console message.
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) {
    throw new Error(`TensorFlow.js: the ${backend} backend did not initialize`);
  }
  await tf.ready();
  const wasm =
    backend === 'cpu'
      ? undefined
      : {
          simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
          threads: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true,
        };

  const rosenbrock = (v: TfCore.Tensor): TfCore.Scalar => {
    const n = v.shape[0]!;
    const head = tf.slice(v, 0, n - 1);
    const tail = tf.slice(v, 1, n - 1);
    const residual = tf.sub(tail, tf.square(head));
    return tf.sum(tf.add(tf.mul(100, tf.square(residual)), tf.square(tf.sub(1, head))));
  };
  const rosenbrockGrad = tf.grad(rosenbrock);

  // Keeps only the result's values: every intermediate tensor is freed, so repeated calls do not leak.
  const run = (compute: () => TfCore.Tensor): PreparedCall => {
    return () => {
      const result = tf.tidy(compute);
      const values = result.dataSync();
      result.dispose();
      return values;
    };
  };

  return {
    version: tf.version_core,
    backend,
    wasm,
    dtype: 'float32',
    rosenbrockValue(x) {
      const input = tf.tensor1d(Float32Array.from(x));
      return run(() => rosenbrock(input));
    },
    rosenbrockGradient(x) {
      const input = tf.tensor1d(Float32Array.from(x));
      return run(() => rosenbrockGrad(input));
    },
    tensorLossValue(data) {
      const { weights, batch } = tensors(tf, data);
      return run(() => tf.mean(tf.square(tf.tanh(tf.matMul(weights, batch)))));
    },
    tensorLossGradient(data) {
      const { weights, batch } = tensors(tf, data);
      const lossGrad = tf.grad(
        (w: TfCore.Tensor) =>
          tf.mean(tf.square(tf.tanh(tf.matMul(w as TfCore.Tensor2D, batch)))) as TfCore.Scalar,
      );
      return run(() => lossGrad(weights));
    },
  };
}

function tensors(
  tf: typeof TfCore,
  data: TensorLossData,
): { weights: TfCore.Tensor2D; batch: TfCore.Tensor2D } {
  return {
    weights: tf.tensor2d(Float32Array.from(data.weights), [data.side, data.side]),
    batch: tf.tensor2d(Float32Array.from(data.batch), [data.side, data.columns]),
  };
}
