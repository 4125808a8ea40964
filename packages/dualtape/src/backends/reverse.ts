/**
 * Reverse mode by operator overloading (@dualtape/reverse): f is recorded once on the typed-array tape,
 * then swept backwards. Native products: the gradient and uᵀ·J (one sweep each), Jacobians by one sweep
 * per row, Hessians reverse over reverse. J·v falls back to one pullback per output row (fallbacks.ts).
 * It also measures for `'auto'`: one probe recording says how many operations f records and what the
 * tape holds.
 */
import {
  add,
  type Counters,
  checkDirection,
  checkPoint,
  formatBytes,
  formatCount,
  mul,
  plural,
  type Scalar,
  type ScalarFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import {
  HESSIAN_TAPE_GROWTH,
  HVP_NESTED_TAPE_COST,
  REVERSE_RECORD_COST,
  REVERSE_SWEEP_COST,
} from '../defaults.js';
import { countOperations } from '../internal/probe.js';
import { tangentThroughPullbacks, withoutUndefined } from './fallbacks.js';
import {
  type BackendOptions,
  type CallShape,
  type ChoiceContext,
  type CostEstimate,
  HVP_STRATEGIES,
  type HvpStrategy,
  type ModeBackend,
} from './types.js';

/** Reverse's own options, taken from the umbrella's. */
function reverseOptions(options: BackendOptions): { counters?: Counters; detectAnomaly?: boolean } {
  return withoutUndefined({ counters: options.counters, detectAnomaly: options.detectAnomaly });
}

/** The strategy option, checked (an unknown one is a UsageError naming the valid ones). */
function hvpStrategy(strategy: unknown): HvpStrategy {
  if (strategy === undefined) return HVP_STRATEGIES[0]!;
  if (!HVP_STRATEGIES.includes(strategy as HvpStrategy)) {
    throw new UsageError(
      `hvp: unknown strategy '${String(strategy)}' (expected one of ${HVP_STRATEGIES.join(', ')})`,
    );
  }
  return strategy as HvpStrategy;
}

/**
 * ∇²f(x)·v by one of reverse mode's strategies (see `HvpStrategy`). The cross-mode ones compose the two
 * packages' public calls: forward mode's `jvp` of reverse mode's `gradient` (which nests on its Scalar
 * tape), reverse mode's `gradient` of forward mode's `derivative` along v (a dual carrying tape variables).
 * The anomaly watch is the outer call's.
 */
function reverseHvp(
  f: ScalarFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: BackendOptions,
): Float64Array {
  const strategy = hvpStrategy(options.strategy);
  const outer = reverseOptions(options);
  if (strategy === 'reverse-over-reverse') return reverse.hvp(f, x, v, outer);
  // The outer calls are jvp and gradient: x and v are checked here, under hvp's name.
  const point = checkPoint('hvp', x);
  const direction = checkDirection('hvp', v, point.length);
  const inner = options.counters === undefined ? {} : { counters: options.counters };
  if (strategy === 'forward-over-reverse') {
    const gradient = (inputs: readonly Scalar[]): Scalar[] => reverse.gradient(f, inputs, inner);
    return forward.jvp(gradient as VectorFunction, point, direction, outer).tangent;
  }
  const along = (inputs: readonly Scalar[], t: Scalar): Scalar[] =>
    inputs.map((xi, i) => (direction[i] === 0 ? xi : add(xi, mul(direction[i]!, t))));
  const directional = ((inputs: readonly Scalar[]) =>
    forward.derivative((t: Scalar) => f(along(inputs, t)), 0, inner)) as unknown as ScalarFunction;
  return reverse.gradient(directional, point, outer);
}

/**
 * Reverse mode's cost: `REVERSE_RECORD_COST + sweeps · REVERSE_SWEEP_COST` plain evaluations, with
 * sweeps = 1 for `derivative`/`gradient`/`vjp`, M for `jacobian`/`jvp` (J·v needs the whole Jacobian),
 * and N sweeps of a `HESSIAN_TAPE_GROWTH`-times larger tape for `hessian`. It holds the probe's tape
 * (times that growth for a Hessian).
 */
function cost(shape: CallShape): CostEstimate {
  const { operation, inputs, outputs, probe, probed } = shape;
  if (operation === 'hvp') return hvpCost(shape);
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

/**
 * A Hessian-vector product (forward over reverse by default): one recording on the nested tape, whose
 * entries hold dual numbers, and one sweep: `HVP_NESTED_TAPE_COST` times a gradient's cost, whatever N is.
 */
function hvpCost({ probe, probed }: CallShape): CostEstimate {
  const tapeBytes = probe.tapeBytes * HESSIAN_TAPE_GROWTH;
  return {
    mode: 'reverse',
    cost: HVP_NESTED_TAPE_COST * (REVERSE_RECORD_COST + REVERSE_SWEEP_COST),
    steps: 1,
    chunkSize: 1,
    tapeBytes,
    work: 'one forward-over-reverse sweep',
    held: probed
      ? `≈ ${formatCount(probe.operations)} taped operations carrying tangents, ${formatBytes(tapeBytes)}`
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
  optionsFor: (operation) => (operation === 'hvp' ? ['strategy'] : []),
  detectsAnomalies: true,
  derivative: (f, x, options) => reverse.derivative(f, x, reverseOptions(options)),
  gradient: (f, x, options) => reverse.gradient(f, x, reverseOptions(options)),
  jacobian: (f, x, options) => reverse.jacobian(f, x, reverseOptions(options)),
  hessian: (f, x, options) => reverse.hessian(f, x, reverseOptions(options)),
  hvp: reverseHvp,
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
