/**
 * The TensorFlow.js peer: the same computations as dualtape's, written with tfjs-core's ops and
 * differentiated by `tf.grad`, on the pure-JavaScript cpu backend. TensorFlow.js computes in float32
 * (dualtape in float64), which the reports say next to every number. Loaded on demand: the packages are
 * development dependencies, and without them the peer rows say so instead of failing.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { TensorLossData } from '../families/tensor-loss.js';
import type { PreparedCall } from '../modes.js';

/** Prepared TensorFlow.js calls, each timed like a dualtape mode. */
export interface TfjsPeer {
  /** tfjs-core's version. */
  readonly version: string;
  /** The backend in use (`cpu`). */
  readonly backend: string;
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

let loaded: Promise<TfjsPeer> | undefined;

// A specifier in a variable: the peer is optional, and its absence must be a runtime message, not a compile
// error. The union package bundles the cpu backend and registers every gradient (tfjs-core alone registers
// none, so `tf.grad` would fail with "gradient function not found").
const TENSORFLOW_PACKAGE = '@tensorflow/tfjs';

async function importTensorFlow(): Promise<typeof TfCore> {
  try {
    return (await import(TENSORFLOW_PACKAGE)) as typeof TfCore;
  } catch (error) {
    throw new Error(
      `TensorFlow.js is not installed (${TENSORFLOW_PACKAGE}, a dev dependency of @dualtape/bench): ${firstLine(error)}`,
    );
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/**
 * Loads tfjs-core with the cpu backend (once per process).
 * @throws Error saying what is missing when the packages are not installed.
 */
export function loadTfjsPeer(): Promise<TfjsPeer> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<TfjsPeer> {
  const tf = await importTensorFlow();
  // Production mode skips tfjs's debug checks and its "install tfjs-node" console message.
  tf.enableProdMode();
  if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js: the cpu backend did not initialize');
  await tf.ready();

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
    backend: tf.getBackend(),
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
