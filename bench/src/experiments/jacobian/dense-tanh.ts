/**
 * The Jacobian experiment's family: y = tanh(A·x) with a fixed seeded M×N matrix A, f: R^N -> R^M,
 * written once with core's free functions so every mode runs it. With N·M fixed its operation count
 * (2·N·M) stays the same while the aspect ratio N/M sweeps, so the only thing that changes between
 * aspect ratios is how many passes (forward: N) or sweeps (reverse: M) a full Jacobian needs.
 */
import { add, mul, type Scalar, seededRandom, tanh, UsageError, type VectorFunction } from '@dualtape/core';

/** One member of the family: sizes, the function, its plain version and a point to evaluate it at. */
export interface DenseTanhInstance {
  /** N. */
  readonly inputs: number;
  /** M. */
  readonly outputs: number;
  /** Elementary operations of one evaluation: N·M products, (N−1)·M sums, M tanh. */
  readonly operations: number;
  /** tanh(A·x), generic over the number type. */
  readonly f: VectorFunction;
  /** The free names f's text reads, with their values, for `compile(f, { scope })` (source transformation). */
  readonly scope: Readonly<Record<string, unknown>>;
  /** tanh(A·x) on plain numbers, in the same operation order. */
  plain(x: Float64Array): Float64Array;
  /** A point with entries uniform in [-1, 1). */
  sample(random: () => number): Float64Array;
}

/**
 * The member with N = `inputs` and M = `outputs`; A's entries are uniform in [-1, 1)/√N (seeded), so the
 * sums stay of order one and tanh is neither linear nor saturated.
 * @throws UsageError unless both sizes are positive integers.
 */
export function denseTanh(inputs: number, outputs: number, seed = 1): DenseTanhInstance {
  for (const [name, value] of [
    ['inputs', inputs],
    ['outputs', outputs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new UsageError(`denseTanh: ${name} must be a positive integer, got ${value}`);
    }
  }
  const random = seededRandom(seed);
  const scale = 1 / Math.sqrt(inputs);
  const weights = new Float64Array(inputs * outputs);
  for (let k = 0; k < weights.length; k++) weights[k] = (2 * random() - 1) * scale;

  const f = <T extends Scalar>(x: readonly T[]): readonly T[] => {
    const y: T[] = new Array(outputs);
    for (let i = 0; i < outputs; i++) {
      const row = i * inputs;
      let total = mul(weights[row]!, x[0]!);
      for (let j = 1; j < inputs; j++) total = add(total, mul(weights[row + j]!, x[j]!));
      y[i] = tanh(total);
    }
    return y;
  };

  const plain = (x: Float64Array): Float64Array => {
    const y = new Float64Array(outputs);
    for (let i = 0; i < outputs; i++) {
      const row = i * inputs;
      let total = weights[row]! * x[0]!;
      for (let j = 1; j < inputs; j++) total = total + weights[row + j]! * x[j]!;
      y[i] = Math.tanh(total);
    }
    return y;
  };

  const sample = (next: () => number): Float64Array => {
    const x = new Float64Array(inputs);
    for (let j = 0; j < inputs; j++) x[j] = 2 * next() - 1;
    return x;
  };

  return {
    inputs,
    outputs,
    operations: 2 * inputs * outputs,
    f,
    scope: { weights, inputs, outputs },
    plain,
    sample,
  };
}
