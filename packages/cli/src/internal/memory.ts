/**
 * The memory a `--zoo NAME --size N` run will need, estimated before anything of size N is allocated,
 * and the `--max-memory` limit it is held to: a run over the limit is refused with the estimate and how
 * it was made, instead of growing until V8 aborts. The estimate records the reverse tape of the function
 * at two small sizes (the tape is the largest thing a gradient holds) and extrapolates its bytes per
 * input with the growth exponent the two sizes show; to that it adds the vectors (point, gradient and
 * copies) and, for a Jacobian or a Hessian, the matrix.
 */
import { formatBytes, newCounters, UsageError } from '@dualtape/core';
import type { ZooEntry } from '@dualtape/zoo';
import { gradient, jacobian } from 'dualtape';

/** `--max-memory` when not given: 4 GiB, below V8's default heap limit on 64-bit machines with room. */
export const DEFAULT_MAX_MEMORY = 4 * 1024 ** 3;

/** How far from 1 a measured growth exponent of the tape may be and still be read as linear. */
const LINEAR_SLACK = 0.15;

/** Float64 vectors of length N a run keeps at once (point, gradient, references, copies): an upper bound. */
const VECTOR_COPIES = 8;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4,
};

/** Parses `--max-memory`: bytes, or a number with a unit (`512MiB`, `8GB`, `2g`). */
export function parseMemoryOption(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match === null ? undefined : UNITS[match[2]!.toLowerCase()];
  if (match === null || unit === undefined) {
    throw new UsageError(`--max-memory '${text}': expected bytes or a size such as 512MiB, 8GB or 2GiB`);
  }
  return Number(match[1]) * unit;
}

/** What a size-N run is estimated to need, with the parts. */
export interface MemoryEstimate {
  readonly bytes: number;
  readonly explanation: string;
}

function tapeBytes(entry: ZooEntry, size: number): { inputs: number; outputs: number; bytes: number } {
  const instance = entry.instantiate(size);
  const x = instance.sample(() => 0.5);
  const counters = newCounters();
  const options = { mode: 'reverse' as const, implementation: 'overloading' as const, counters };
  if (instance.kind === 'scalar') gradient(instance.f, x, options);
  else jacobian(instance.f, x, options);
  return { inputs: instance.inputSize, outputs: instance.outputSize, bytes: counters.peakTapeBytes };
}

/** Estimates the memory of a run of `entry` at `size` (second order: a Hessian's N×N matrix too). */
export function estimateZooMemory(entry: ZooEntry, size: number, secondOrder: boolean): MemoryEstimate {
  const small = Math.max(entry.minSize, 16);
  const a = tapeBytes(entry, small);
  const b = tapeBytes(entry, small * 2);
  // Sizes map to inputs and outputs by the entry's own rule; read it off the two small instances.
  const inputGrowth = Math.log(b.inputs / a.inputs) / Math.log(2);
  const outputGrowth = Math.log(b.outputs / a.outputs) / Math.log(2);
  const scale = size / (small * 2);
  const inputs = b.inputs * scale ** inputGrowth;
  const outputs = b.outputs * scale ** outputGrowth;
  const measured =
    b.bytes > 0 && a.bytes > 0 ? Math.log(b.bytes / a.bytes) / Math.log(b.inputs / a.inputs) : 1;
  // Fixed overheads make a linear tape look slightly faster-growing at 16 and 32 inputs; within
  // LINEAR_SLACK of 1 it is taken as linear (else 10^9 inputs would be overestimated twofold).
  const tapeGrowth = Math.abs(measured - 1) <= LINEAR_SLACK ? 1 : Math.max(1, measured);
  const tape = b.bytes * (inputs / b.inputs) ** tapeGrowth;
  const vectors = VECTOR_COPIES * 8 * (inputs + outputs);
  const matrix = secondOrder ? 8 * inputs * inputs : outputs > 1 ? 8 * inputs * outputs : 0;
  const parts = [
    `the reverse tape ${formatBytes(tape)} (measured at ${a.inputs} and ${b.inputs} inputs: ${formatBytes(b.bytes / b.inputs)} per input, growth N^${tapeGrowth.toFixed(2)})`,
    `vectors ${formatBytes(vectors)}`,
    ...(matrix > 0 ? [`the ${secondOrder ? 'Hessian' : 'Jacobian'} ${formatBytes(matrix)}`] : []),
  ];
  return {
    bytes: tape + vectors + matrix,
    explanation: `${Math.round(inputs).toLocaleString('en-US')} inputs: ${parts.join(', ')}`,
  };
}

/** Refuses a zoo run whose estimate is over the limit. */
export function guardZooMemory(
  entry: ZooEntry,
  size: number,
  secondOrder: boolean,
  limitText: string | undefined,
): void {
  const limit = limitText === undefined ? DEFAULT_MAX_MEMORY : parseMemoryOption(limitText);
  const estimate = estimateZooMemory(entry, size, secondOrder);
  if (estimate.bytes > limit) {
    throw new UsageError(
      `--size ${size}: ${entry.name} would need about ${formatBytes(estimate.bytes)} (${estimate.explanation}), ` +
        `over --max-memory ${formatBytes(limit)}${limitText === undefined ? ' (the default)' : ''}: give a smaller --size, or a larger --max-memory if the machine has it`,
    );
  }
}
