/**
 * The shape of a zoo entry: a benchmark/test function family with its metadata, instantiated at a size.
 * Every mode, the benchmarks and the tests code against these interfaces.
 */
import type { ScalarFunction, VectorFunction } from '@dualtape/core';

/** A family of test functions, one per size (the size is usually the input dimension N). */
export interface ZooEntry {
  /** Kebab-case identifier, e.g. `'rosenbrock'`. */
  readonly name: string;
  /** One line saying what the function is. */
  readonly description: string;
  /** `'scalar'` for R^N -> R, `'vector'` for R^N -> R^M. */
  readonly kind: 'scalar' | 'vector';
  /** The size used when none is asked for. */
  readonly defaultSize: number;
  /** The smallest size that makes sense. */
  readonly minSize: number;
  /** N for this size parameter. Throws a `UsageError` for a size `instantiate` would refuse. */
  inputSize(size: number): number;
  /** M for this size parameter (1 for a scalar function). Throws like `inputSize`. */
  outputSize(size: number): number;
  /** The function at this size. Throws a `UsageError` if `size` is not an integer >= `minSize`. */
  instantiate(size: number): ZooInstance;
}

/** What every instance of a zoo function offers, scalar or vector. */
export interface ZooInstanceBase {
  /** The entry's name. */
  readonly name: string;
  /** The size it was instantiated with. */
  readonly size: number;
  /** N: the number of inputs. */
  readonly inputSize: number;
  /** M: the number of outputs (1 for a scalar function). */
  readonly outputSize: number;
  /** A point inside the function's domain, from the given uniform [0,1) generator. */
  sample(random: () => number): Float64Array;
  /**
   * The values f's source text reads besides core's functions — its size and constants, data arrays,
   * helpers — by name, so source transformation can read f as written: `compile(f, { scope })`.
   */
  readonly scope: Readonly<Record<string, unknown>>;
}

/** A zoo function R^N -> R at one size. */
export interface ZooScalarInstance extends ZooInstanceBase {
  readonly kind: 'scalar';
  /** The function, written once with core's free functions: runs in every mode. */
  readonly f: ScalarFunction;
  /** Hand-written plain-number version over a Float64Array (same operation order as f). */
  plain(x: Float64Array): number;
  /** Hand-written analytic gradient where known: fills `gradient`, returns the value. */
  readonly analyticGradient?: (x: Float64Array, gradient: Float64Array) => number;
}

/** A zoo function R^N -> R^M at one size. */
export interface ZooVectorInstance extends ZooInstanceBase {
  readonly kind: 'vector';
  /** The function, written once with core's free functions: runs in every mode. */
  readonly f: VectorFunction;
  /** Hand-written plain-number version over a Float64Array (same operation order as f). */
  plain(x: Float64Array): Float64Array;
}

/** A zoo function at one size. */
export type ZooInstance = ZooScalarInstance | ZooVectorInstance;
