/**
 * Reverse mode by operator overloading (@dualtape/reverse): f is recorded once on the typed-array tape,
 * then swept backwards. Native products: the gradient and uᵀ·J (one sweep each), Jacobians by one sweep
 * per row, Hessians reverse over reverse. J·v falls back to one pullback per output row (fallbacks.ts).
 * It also measures for `'auto'`: one probe recording says how many operations f records and what the
 * tape holds.
 */
import {
  type Counters,
  formatBytes,
  formatCount,
  plural,
  type Scalar,
  type ScalarFunction,
  type VectorFunction,
} from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { HESSIAN_TAPE_GROWTH, REVERSE_RECORD_COST, REVERSE_SWEEP_COST } from '../defaults.js';
import { countOperations } from '../internal/probe.js';
import { tangentThroughPullbacks, withoutUndefined } from './fallbacks.js';
import type { BackendOptions, CallShape, ChoiceContext, CostEstimate, ModeBackend } from './types.js';

/** Reverse's own options, taken from the umbrella's. */
function reverseOptions(options: BackendOptions): { counters?: Counters; detectAnomaly?: boolean } {
  return withoutUndefined({ counters: options.counters, detectAnomaly: options.detectAnomaly });
}

/**
 * Reverse mode's cost: `REVERSE_RECORD_COST + sweeps · REVERSE_SWEEP_COST` plain evaluations, with
 * sweeps = 1 for `derivative`/`gradient`/`vjp`, M for `jacobian`/`jvp` (J·v needs the whole Jacobian),
 * and N sweeps of a `HESSIAN_TAPE_GROWTH`-times larger tape for `hessian`. It holds the probe's tape
 * (times that growth for a Hessian).
 */
function cost({ operation, inputs, outputs, probe, probed }: CallShape): CostEstimate {
  const nested = operation === 'hessian';
  const growth = nested ? HESSIAN_TAPE_GROWTH : 1;
  const sweeps = operation === 'gradient' || operation === 'vjp' ? 1 : nested ? inputs : outputs;
  const tapeBytes = probe.tapeBytes * growth;
  return {
    mode: 'reverse',
    // The growth factor makes the recording (the first sweep, itself taped) and every sweep dearer.
    cost: REVERSE_RECORD_COST * growth + sweeps * REVERSE_SWEEP_COST * growth,
    steps: sweeps,
    chunkSize: 1,
    tapeBytes,
    work: nested
      ? plural(sweeps, 'reverse-over-reverse sweep')
      : sweeps === 1
        ? 'one reverse sweep'
        : plural(sweeps, 'reverse sweep'),
    held: probed
      ? `≈ ${formatCount(probe.operations * growth)} taped operations, ${formatBytes(tapeBytes)}`
      : undefined,
  };
}

function explain({ shape, estimate, runnerUp }: ChoiceContext): string {
  const instead = runnerUp === undefined ? '' : ` instead of ${runnerUp.work}`;
  const held = estimate.held === undefined ? '' : ` (${estimate.held})`;
  return `reverse: ${shape} — ${estimate.work}${held}${instead}`;
}

/** Reverse mode by operator overloading. */
export const reverseBackend: ModeBackend<
  'overloading',
  'reverse' | 'reverse-over-reverse' | 'reverse-over-forward'
> = {
  mode: 'reverse',
  implementation: 'overloading',
  automatic: true,
  optionsFor: () => [],
  detectsAnomalies: true,
  derivative: (f, x, options) => reverse.derivative(f, x, reverseOptions(options)),
  gradient: (f, x, options) => reverse.gradient(f, x, reverseOptions(options)),
  jacobian: (f, x, options) => reverse.jacobian(f, x, reverseOptions(options)),
  hessian: (f, x, options) => reverse.hessian(f, x, reverseOptions(options)),
  jvp: (f, x, v, options) =>
    tangentThroughPullbacks(x, v, (point) => reverse.vjp(f, point, reverseOptions(options))),
  vjp: (f, x, options) => reverse.vjp(f, x, reverseOptions(options)),
  cost,
  explain,
  probe: (f, point, maxBytes) => {
    const limit = Math.floor(maxBytes / reverse.BYTES_PER_ENTRY) + 1;
    const operations = countOperations(f, point, limit).entries;
    return operations === undefined
      ? { operations: limit, tapeBytes: limit * reverse.BYTES_PER_ENTRY, atLeast: true }
      : { operations, tapeBytes: operations * reverse.BYTES_PER_ENTRY };
  },
  compare: [
    {
      method: 'reverse',
      label: 'reverse',
      role: 'candidate',
      run: (f, point, isVector, counters) => {
        if (isVector) return { jacobian: reverse.jacobian(f as VectorFunction, point, { counters }) };
        const result = reverse.valueAndGradient(f as ScalarFunction, point, { counters });
        return { jacobian: [result.gradient], value: result.value };
      },
    },
  ],
  compareHessian: [
    {
      method: 'reverse-over-reverse',
      label: 'reverse over reverse',
      role: 'candidate',
      run: (f, point, _isVector, counters) => ({
        jacobian: reverse.hessian(f as ScalarFunction, point, { counters }),
      }),
    },
    {
      // The Jacobian, by reverse sweeps, of the gradient by one-tangent forward passes on tape variables.
      method: 'reverse-over-forward',
      label: 'reverse over forward',
      role: 'candidate',
      run: (f, point, _isVector, counters) => ({
        jacobian: reverse.jacobian(
          ((x: readonly Scalar[]) => forward.gradient(f as ScalarFunction, x)) as VectorFunction,
          point,
          { counters },
        ),
      }),
    },
  ],
};
