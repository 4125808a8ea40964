/**
 * What each mode pays for a zoo function's whole gradient (R^N -> R) or Jacobian (R^N -> R^M), counted by
 * the library itself while it computes it (`counters`): forward passes with one tangent (N), chunked
 * forward passes (⌈N/k⌉, k = forward's default chunk size), reverse sweeps (one per output) and the bytes
 * the tape held. The dual-number and tape implementations are asked for by name, since the pass counts
 * are theirs.
 */
import { defaultChunkSize, newCounters, seededRandom } from '@dualtape/core';
import { type ZooInstance, zooEntry } from '@dualtape/zoo';
import { gradient, jacobian, type ModeOptions } from 'dualtape';

/** One mode's bill for the whole derivative. */
export interface ModeCost {
  /** Forward passes (forward rows) or reverse sweeps (reverse row) the library counted. */
  readonly count: number;
  /** What the textbook predicts for that count. */
  readonly predicted: number;
  /** Tangent lanes per pass (forward) — 0 for reverse. */
  readonly lanes: number;
  /** Most bytes a tape held (reverse); 0 for forward, which needs no tape. */
  readonly tapeBytes: number;
}

/** The three bills of one zoo function at one size. */
export interface PassCounts {
  readonly name: string;
  readonly size: number;
  /** N and M. */
  readonly inputs: number;
  readonly outputs: number;
  /** The chunk size k of the chunked passes. */
  readonly chunkSize: number;
  readonly forwardOneTangent: ModeCost;
  readonly forwardChunked: ModeCost;
  readonly reverse: ModeCost;
}

function run(instance: ZooInstance, x: Float64Array, options: ModeOptions): void {
  if (instance.kind === 'scalar') gradient(instance.f, x, options);
  else jacobian(instance.f, x, options);
}

/** Computes the derivative of zoo function `name` at `size` three ways and returns what each counted. */
export function passCounts(name: string, size: number): PassCounts {
  const instance = zooEntry(name).instantiate(size);
  const x = instance.sample(seededRandom(1));
  const inputs = instance.inputSize;
  const outputs = instance.outputSize;
  const chunkSize = defaultChunkSize(inputs);
  const count = (options: ModeOptions) => {
    const counters = newCounters();
    run(instance, x, { ...options, implementation: 'overloading', counters });
    return counters;
  };
  const one = count({ mode: 'forward', chunkSize: 1 });
  const chunked = count({ mode: 'forward', chunkSize });
  const reverse = count({ mode: 'reverse' });
  return {
    name,
    size,
    inputs,
    outputs,
    chunkSize,
    forwardOneTangent: { count: one.passes, predicted: inputs, lanes: 1, tapeBytes: one.peakTapeBytes },
    forwardChunked: {
      count: chunked.passes,
      predicted: Math.ceil(inputs / chunkSize),
      lanes: chunkSize,
      tapeBytes: chunked.peakTapeBytes,
    },
    reverse: { count: reverse.sweeps, predicted: outputs, lanes: 0, tapeBytes: reverse.peakTapeBytes },
  };
}
