/**
 * Forward mode by operator overloading (@dualtape/forward): dual numbers, k tangent lanes per chunked
 * pass. Native products: the derivative and J·v (one pass), gradients and Jacobians by ceil(N/k) chunked
 * passes, Hessians forward over forward. uᵀ·J falls back to the whole Jacobian (fallbacks.ts).
 */
import {
  type Counters,
  formatBytes,
  formatCount,
  plural,
  type ScalarFunction,
  type VectorFunction,
} from '@dualtape/core';
import * as forward from '@dualtape/forward';
import { FORWARD_LANE_COST, FORWARD_NESTED_COST_FACTOR, FORWARD_PASS_COST } from '../defaults.js';
import { pullbackThroughJacobian, withoutUndefined } from './fallbacks.js';
import type {
  BackendOption,
  BackendOptions,
  CallShape,
  ChoiceContext,
  CostEstimate,
  ModeBackend,
  Operation,
} from './types.js';

/** Forward's own options, taken from the umbrella's (undefined fields left out). */
function forwardOptions(options: BackendOptions): {
  chunkSize?: number;
  counters?: Counters;
  detectAnomaly?: boolean;
} {
  return withoutUndefined({
    chunkSize: options.chunkSize,
    counters: options.counters,
    detectAnomaly: options.detectAnomaly,
  });
}

/** The one-direction calls take no chunk size: only the counters and the anomaly watch. */
function passOptions(options: BackendOptions): { counters?: Counters; detectAnomaly?: boolean } {
  return withoutUndefined({ counters: options.counters, detectAnomaly: options.detectAnomaly });
}

/** `chunkSize` for the calls that carry several tangent directions; none for one direction. */
export function chunkedOptions(operation: Operation): readonly BackendOption[] {
  return operation === 'derivative' || operation === 'jvp' ? [] : ['chunkSize'];
}

const WHAT: Readonly<Record<Operation, string>> = {
  derivative: 'the derivative',
  gradient: 'the gradient',
  jacobian: 'the Jacobian',
  hessian: 'the Hessian',
  hvp: '∇²f·v',
  jvp: 'J·v',
  vjp: 'uᵀ·J',
};

/**
 * Forward mode's cost: `passes · (FORWARD_PASS_COST + FORWARD_LANE_COST · k)` plain evaluations, with
 * passes = 1 for `derivative`/`jvp` (k = 1), ceil(N/k) for `gradient`/`jacobian`/`vjp`, and N·ceil(N/k)
 * nested passes for `hessian` and ceil(N/k) for `hvp`, each `FORWARD_NESTED_COST_FACTOR` times dearer.
 * No tape.
 */
function cost({ operation, inputs, chunkSize: requested }: CallShape): CostEstimate {
  const oneDirection = operation === 'derivative' || operation === 'jvp';
  const chunkSize = oneDirection
    ? 1
    : Math.max(1, Math.min(inputs, requested ?? forward.defaultChunkSize(inputs)));
  const chunkedPasses = Math.ceil(inputs / chunkSize);
  const passCost = FORWARD_PASS_COST + FORWARD_LANE_COST * chunkSize;
  const nested = operation === 'hessian' || operation === 'hvp';
  const passes = oneDirection ? 1 : operation === 'hessian' ? inputs * chunkedPasses : chunkedPasses;
  const passKind = nested ? 'forward-over-forward' : chunkSize > 1 ? 'chunked forward' : 'forward';
  return {
    mode: 'forward',
    cost: passes * (nested ? passCost * FORWARD_NESTED_COST_FACTOR : passCost),
    steps: passes,
    chunkSize,
    tapeBytes: 0,
    work: passes === 1 && chunkSize === 1 ? 'one forward pass' : plural(passes, `${passKind} pass`),
    held: undefined,
  };
}

function explain({
  operation,
  shape,
  estimate,
  runnerUp,
  overBudget,
  budget,
  probe,
  probed,
}: ChoiceContext): string {
  if (overBudget !== undefined) {
    const more = probe.atLeast === true ? 'more than ' : '';
    return (
      `forward: the tape would hold ${more}${formatBytes(overBudget.tapeBytes)} (${more}${formatCount(probe.operations)} operations per evaluation), ` +
      `over the maxTapeBytes budget of ${formatBytes(budget)} — ${estimate.work} need no tape`
    );
  }
  if (operation === 'derivative' || operation === 'jvp') {
    const recording = probed ? `recording ≈ ${formatCount(probe.operations)} operations` : 'recording f';
    const instead = runnerUp === undefined ? '' : `, instead of ${recording} and ${runnerUp.work}`;
    return `forward: ${shape} — one forward pass gives ${WHAT[operation]} with no tape${instead}`;
  }
  const lanes = estimate.chunkSize === 1 ? '1 tangent' : `${estimate.chunkSize} tangents`;
  const instead =
    runnerUp === undefined
      ? ''
      : ` instead of ${runnerUp.work}${runnerUp.held === undefined ? '' : ` over ${runnerUp.held}`}`;
  return `forward: ${shape} — ${estimate.work} carrying ${lanes} (no tape)${instead}`;
}

/** Forward mode by operator overloading. */
export const forwardBackend: ModeBackend<
  'overloading',
  'forward' | 'forward-chunked' | 'forward-over-forward'
> = {
  mode: 'forward',
  implementation: 'overloading',
  automatic: true,
  optionsFor: chunkedOptions,
  detectsAnomalies: true,
  derivative: (f, x, options) => forward.derivative(f, x, passOptions(options)),
  gradient: (f, x, options) => forward.gradient(f, x, forwardOptions(options)),
  jacobian: (f, x, options) => forward.jacobian(f, x, forwardOptions(options)),
  hessian: (f, x, options) => forward.hessian(f, x, forwardOptions(options)),
  hvp: (f, x, v, options) => forward.hvp(f, x, v, forwardOptions(options)),
  jvp: (f, x, v, options) => forward.jvp(f, x, v, passOptions(options)),
  vjp: (f, x, options) =>
    pullbackThroughJacobian(f, x, options, (g, point) => forward.jacobian(g, point, forwardOptions(options))),
  cost,
  explain,
  compare: [
    {
      method: 'forward',
      label: 'forward (1 tangent)',
      role: 'candidate',
      run: (f, point, isVector, counters) => ({
        jacobian: isVector
          ? forward.jacobian(f as VectorFunction, point, { chunkSize: 1, counters })
          : [forward.gradient(f as ScalarFunction, point, { chunkSize: 1, counters })],
      }),
    },
    {
      method: 'forward-chunked',
      label: 'forward (chunked)',
      role: 'candidate',
      run: (f, point, isVector, counters, chunkSize) => {
        const options = chunkSize === undefined ? { counters } : { chunkSize, counters };
        return {
          jacobian: isVector
            ? forward.jacobian(f as VectorFunction, point, options)
            : [forward.gradient(f as ScalarFunction, point, options)],
        };
      },
      // The chunked row says which chunk size forward mode actually used: lanes per pass.
      relabel: (counters) =>
        counters.passes > 0
          ? `forward (chunk ${Math.ceil(counters.lanes / counters.passes)})`
          : 'forward (chunked)',
    },
  ],
  compareHessian: [
    {
      method: 'forward-over-forward',
      label: 'forward over forward',
      role: 'candidate',
      run: (f, point, _isVector, counters, chunkSize) => ({
        jacobian: forward.hessian(
          f as ScalarFunction,
          point,
          chunkSize === undefined ? { counters } : { chunkSize, counters },
        ),
      }),
    },
  ],
};
