/**
 * The jax-js peer (@jax-js/jax: JAX's API in JavaScript, its kernels compiled to WebAssembly): extended
 * Rosenbrock written with jax-js's array operations — vectorised, by slices, no loop over i — and
 * differentiated by `jit(grad(f))`, in float64 like dualtape. Loaded on demand: the package is a development
 * dependency, and without it the peer rows say so instead of failing.
 *
 * On Node 20 jax-js expects a newer runtime. It reads `navigator.userAgent` when it plans a kernel (to tell
 * mobile browsers apart) and tests `data instanceof Float16Array` whenever an array is made; Node 20 has
 * neither global (Node 21 added `navigator`; `Float16Array` is newer still). Before jax-js is imported, the
 * missing ones are defined as minimal stand-ins: a `navigator` with a `userAgent` naming Node (and
 * `hardwareConcurrency` 1, read only where Web Workers exist, which Node 20 lacks: jax-js runs on one
 * thread here), and a `Float16Array` class that nothing is an instance of and that refuses to be
 * constructed (only float16 arrays would construct one; the peer makes none). A runtime that has the real
 * globals keeps them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Jax from '@jax-js/jax';
import type { PreparedCall } from '../../calls/types.js';

/** Prepared jax-js calls, each timed like a dualtape mode. */
export interface JaxPeer {
  /** The package version. */
  readonly version: string;
  /** The device the arrays live on (`wasm`). */
  readonly device: string;
  /** The element type every array has. */
  readonly dtype: 'float64';
  /** Extended Rosenbrock at x by `jit(f)`. */
  rosenbrockValue(x: Float64Array): PreparedCall;
  /** Extended Rosenbrock's gradient at x by `jit(grad(f))`, copied out as a Float64Array. */
  rosenbrockGradient(x: Float64Array): PreparedCall;
}

// A specifier in a variable: the peer is optional, and its absence must be a runtime message, not a compile
// error.
const JAX_PACKAGE = '@jax-js/jax';

/** The globals jax-js reads that Node 20 lacks, defined where missing (see the module comment). */
export function installRuntimeStandIns(): void {
  const global = globalThis as { navigator?: unknown; Float16Array?: unknown };
  global.navigator ??= { userAgent: `Node.js/${process.versions.node}`, hardwareConcurrency: 1 };
  global.Float16Array ??= class Float16Array {
    constructor() {
      throw new Error(
        'Float16Array is a stand-in on this runtime (bench/src/peers/jax.ts): no float16 arrays',
      );
    }
  };
}

let loaded: Promise<JaxPeer> | undefined;

/**
 * Loads jax-js on its WebAssembly device (once per process), after installing the stand-ins.
 * @throws Error saying what is missing when the package is not installed or the device does not start.
 */
export function loadJaxPeer(): Promise<JaxPeer> {
  loaded ??= load();
  return loaded;
}

async function importJax(): Promise<typeof Jax> {
  installRuntimeStandIns();
  try {
    return (await import(JAX_PACKAGE)) as typeof Jax;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new Error(
      `jax-js is not installed (${JAX_PACKAGE}, a dev dependency of @dualtape/bench): ${message}`,
    );
  }
}

async function load(): Promise<JaxPeer> {
  const jax = await importJax();
  const { numpy: np } = jax;
  const devices = await jax.init('wasm');
  if (!devices.includes('wasm')) {
    throw new Error(`jax-js: the wasm device did not start (available: ${devices.join(', ') || 'none'})`);
  }
  jax.defaultDevice('wasm');

  // sum(100 (x[1:] − x[:−1]²)² + (1 − x[:−1])²). jax-js moves arrays into the operations that take them:
  // `.ref` keeps one for another use.
  const rosenbrock = (v: Jax.Array): Jax.Array => {
    const n = v.shape[0]!;
    const head = v.ref.slice([0, n - 1]);
    const tail = v.slice([1, n]);
    const residual = tail.sub(head.ref.mul(head.ref));
    const offset = np.subtract(1, head);
    return residual.ref.mul(residual).mul(100).add(offset.ref.mul(offset)).sum();
  };
  const value = jax.jit(rosenbrock);
  const gradient = jax.jit(jax.grad(rosenbrock));

  // The input stays alive across calls (each call takes one reference); `dataSync` copies the result out of
  // the device and releases it, so repeated calls do not accumulate arrays.
  const run = (compute: (input: Jax.Array) => Jax.Array, x: Float64Array): PreparedCall => {
    const input = np.array(x, { dtype: np.float64 });
    return () => compute(input.ref).dataSync();
  };

  return {
    version: installedVersion(),
    device: jax.defaultDevice(),
    dtype: 'float64',
    rosenbrockValue: (x) => run(value, x),
    rosenbrockGradient: (x) => run(gradient, x),
  };
}

/** The installed package's version: jax-js exports none, so its package.json (beside dist/) is read. */
function installedVersion(): string {
  const entry = createRequire(import.meta.url).resolve(JAX_PACKAGE);
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
  return String((manifest as { version?: unknown }).version);
}
