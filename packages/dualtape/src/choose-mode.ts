/**
 * `chooseMode`: what `mode: 'auto'` runs, and one sentence saying why. It asks every automatic backend of
 * the registry for its cost-model terms (the textbook costs with the constants of defaults.ts: forward needs
 * ceil(N/k) chunked passes for a full Jacobian, reverse one sweep per output row after recording once),
 * which depend on N and M only. The cheapest wins, ties going to the first registered (forward, which holds
 * no tape). Numeric mode is never chosen: it is the referee, approximate by design.
 *
 * The probe is bounded: f is measured only when the `maxTapeBytes` budget could change the decision (the
 * cheapest candidate holds a tape), by counting what a tape would record without keeping it, and only up
 * to the budget's worth. A call nested inside another differentiation is not probed at all: forward mode,
 * whose tags keep nested derivatives apart, answers it.
 */
import {
  asVectorFunction,
  checkNumber,
  checkOptions,
  checkPoint,
  insideDifferentiation,
  plainValue,
  plural,
  type ScalarFunction,
  type UnivariateFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import {
  BACKENDS,
  type BackendResolution,
  IMPLEMENTATIONS,
  requestedImplementation,
  resolveBackend,
} from './backends/registry.js';
import type { AnyFunction, CallShape, CostEstimate, ModeBackend, Probe } from './backends/types.js';
import { DEFAULT_MAX_TAPE_BYTES } from './defaults.js';
import { checkedFunction } from './internal/checks.js';
import { generic } from './internal/transformed.js';
import type { ConcreteMode, ModeChoice, ModeOptions, Operation } from './mode.js';

export type { ModeChoice } from './mode.js';

/** Options of `chooseMode` (a subset of every umbrella call's options). */
export type ChooseModeOptions = Pick<
  ModeOptions,
  'chunkSize' | 'maxTapeBytes' | 'implementation' | 'detectAnomaly'
>;

/** The option names of `ChooseModeOptions`. */
export const CHOOSE_MODE_OPTIONS: readonly string[] = [
  'chunkSize',
  'maxTapeBytes',
  'implementation',
  'detectAnomaly',
];

/** What nothing measured looks like to the cost models. */
const UNPROBED: Probe = { operations: 0, tapeBytes: 0 };

/**
 * Decides which mode answers `operation` for `f` at `x` from N, M and the cost model of defaults.ts:
 * - forward costs `passes · (FORWARD_PASS_COST + FORWARD_LANE_COST · k)` plain evaluations, with
 *   passes = 1 for `derivative`/`jvp`, ceil(N/k) for `gradient`/`jacobian`/`vjp`, N·ceil(N/k) nested
 *   passes for `hessian`, ceil(N/k) nested passes for `hvp`;
 * - reverse costs `REVERSE_RECORD_COST + sweeps · REVERSE_SWEEP_COST`, with sweeps = 1 for
 *   `derivative`/`gradient`/`vjp`, M for `jacobian`/`jvp` (J·v needs the whole Jacobian), and N sweeps of a
 *   `HESSIAN_TAPE_GROWTH`-times larger tape for `hessian`, and one recording and sweep on the nested tape
 *   (`HVP_NESTED_TAPE_COST` times a gradient's) for `hvp`;
 * - the cheaper one wins (a tie goes to forward, which holds no tape), unless its tape would exceed
 *   `maxTapeBytes`: then forward, whatever the cost.
 * So reverse wins for N ≫ M, forward for M ≫ N, and the constants decide in between.
 *
 * What it costs: M is known for `derivative`, `gradient`, `hessian` and `hvp` (1) and found by one plain
 * evaluation of f for `jacobian`, `jvp` and `vjp`. f is probed only when the budget is finite and a
 * candidate holding a tape is the cheapest, by counting (in O(1) memory) what the tape would record, and
 * only until the count passes the budget. Inside another differentiation nothing is evaluated: forward
 * mode answers (its tags nest; chunked passes and tapes cannot carry an enclosing call's numbers).
 *
 * @throws UsageError for an unknown option or implementation; the point checks of the call.
 * @example chooseMode('gradient', rosenbrock, x1000).reason
 * // "reverse: 1,000 inputs and 1 output — one reverse sweep instead of 84 chunked forward passes"
 */
export function chooseMode(
  operation: 'derivative',
  f: UnivariateFunction,
  x: number,
  options?: ChooseModeOptions,
): ModeChoice;
export function chooseMode(
  operation: 'gradient' | 'hessian' | 'hvp',
  f: ScalarFunction,
  x: ArrayLike<number>,
  options?: ChooseModeOptions,
): ModeChoice;
export function chooseMode(
  operation: 'jacobian' | 'jvp' | 'vjp',
  f: VectorFunction,
  x: ArrayLike<number>,
  options?: ChooseModeOptions,
): ModeChoice;
export function chooseMode(
  operation: Operation,
  f: UnivariateFunction | ScalarFunction | VectorFunction,
  x: number | ArrayLike<number>,
  options: ChooseModeOptions = {},
): ModeChoice {
  checkOptions('chooseMode', options, CHOOSE_MODE_OPTIONS);
  const implementation = requestedImplementation(operation, options.implementation);
  checkedFunction(operation, f);
  const detectAnomaly = options.detectAnomaly === true;
  if (insideDifferentiation()) return nestedChoice(operation, f, x, implementation, detectAnomaly);
  let point: Float64Array;
  let outputs = 1;
  if (operation === 'derivative') {
    point = Float64Array.of(checkNumber(operation, x, 'x'));
  } else {
    point = checkPoint(operation, x as ArrayLike<number>);
    if (operation === 'jacobian' || operation === 'jvp' || operation === 'vjp') {
      // Plain JavaScript runs through its lifted form, as the backends will run it.
      const value = plainValue(generic(f as VectorFunction, false), point);
      outputs = typeof value === 'number' ? 1 : value.length;
    }
  }
  const inputs = point.length;
  const candidates = automaticBackends(operation, f, implementation, detectAnomaly);
  const budget = options.maxTapeBytes ?? DEFAULT_MAX_TAPE_BYTES;
  const shapeOf = (probe: Probe, probed: boolean): CallShape => ({
    operation,
    inputs,
    outputs,
    chunkSize: options.chunkSize,
    probe,
    probed,
  });
  let shape = shapeOf(UNPROBED, false);
  let estimates = candidates.map(({ backend }) => backend.cost(shape));
  // The costs do not depend on the probe; the budget does, and only for a favourite that holds a tape.
  const favourite = candidates[estimates.indexOf(cheapest(estimates, () => true)!)]!;
  if (Number.isFinite(budget) && holdsTape(favourite.backend)) {
    shape = shapeOf(measure(operation, f, point, candidates, budget), true);
    estimates = candidates.map(({ backend }) => backend.cost(shape));
  }
  const overBudget = estimates.find((estimate) => estimate.tapeBytes > budget);
  const winner = cheapest(estimates, (estimate) => estimate.tapeBytes <= budget) ?? smallestTape(estimates);
  const runnerUp = cheapest(estimates, (estimate) => estimate !== winner);
  const chosen = candidates[estimates.indexOf(winner)]!;
  const reason = chosen.backend.explain({
    operation,
    shape: `${plural(inputs, 'input')} and ${plural(outputs, 'output')}`,
    estimate: winner,
    runnerUp,
    overBudget,
    budget,
    probe: shape.probe,
    probed: shape.probed,
  });
  return choice(
    operation,
    'auto',
    chosen,
    reason + implementationNote(chosen),
    inputs,
    outputs,
    estimates,
    shape.probed ? shape.probe : undefined,
  );
}

/** Whether a backend's estimate depends on what f holds on a tape (it can probe or measure f). */
function holdsTape(backend: ModeBackend): boolean {
  return backend.probe !== undefined || backend.measure !== undefined;
}

/**
 * The probe's figures: the registry's probing backend counts what its tape would record (stopping past
 * `budget` bytes), and candidates that need more measure it too (the adjoint code's stack).
 */
function measure(
  operation: Operation,
  f: AnyFunction,
  point: Float64Array,
  candidates: readonly BackendResolution[],
  budget: number,
): Probe {
  const univariate = operation === 'derivative';
  const lifted = generic(f as VectorFunction, univariate) as AnyFunction;
  const probed = univariate
    ? (((xs) => [(lifted as UnivariateFunction)(xs[0]!)]) as VectorFunction)
    : asVectorFunction(lifted as ScalarFunction | VectorFunction);
  let probe = probeBackend().probe!(probed, point, budget);
  for (const { backend } of candidates) {
    if (backend.measure !== undefined) probe = { ...probe, ...backend.measure(operation, f, point) };
  }
  return probe;
}

/**
 * A call made inside another differentiation (a derivative of a derivative): forward mode in the
 * overloading implementation (unless another is asked for), whose tags keep the derivatives apart and
 * whose one-tangent duals carry the enclosing call's numbers. Nothing is evaluated; M is 0 for the vector
 * calls (not known without an evaluation).
 */
function nestedChoice(
  operation: Operation,
  f: AnyFunction,
  x: number | ArrayLike<number>,
  implementation: string | undefined,
  detectAnomaly: boolean,
): ModeChoice {
  const resolution = resolveBackend(
    operation,
    'forward',
    f,
    implementation ?? 'overloading',
    BACKENDS,
    detectAnomaly,
  );
  const length = typeof x === 'object' && x !== null ? (x as { length?: unknown }).length : undefined;
  const inputs = typeof length === 'number' ? length : 1;
  const outputs = operation === 'jacobian' || operation === 'jvp' || operation === 'vjp' ? 0 : 1;
  const shape: CallShape = {
    operation,
    inputs,
    outputs,
    chunkSize: undefined,
    probe: UNPROBED,
    probed: false,
  };
  const estimates = automaticBackends(operation, undefined, resolution.backend.implementation, false).map(
    ({ backend }) => backend.cost(shape),
  );
  const reason =
    'forward: nested inside another differentiation — forward mode keeps the two derivatives apart ' +
    "(its tags), and its duals carry the enclosing call's numbers; nothing was probed";
  return choice(operation, 'auto', resolution, reason, inputs, outputs, estimates, undefined);
}

/**
 * The choice reported for an explicitly requested mode: nothing was probed, so the operation count and
 * tape size are undefined; the passes and sweeps are the textbook counts for this call shape.
 */
export function explicitChoice(
  operation: Operation,
  resolution: BackendResolution,
  inputs: number,
  outputs: number,
  chunkSize: number | undefined,
): ModeChoice {
  const mode = resolution.backend.mode;
  const shape: CallShape = { operation, inputs, outputs, chunkSize, probe: UNPROBED, probed: false };
  const estimates = automaticBackends(operation, undefined, resolution.backend.implementation, false).map(
    ({ backend }) => backend.cost(shape),
  );
  const reason = `${mode}: requested (mode: '${mode}')${implementationNote(resolution)}`;
  return choice(operation, mode, resolution, reason, inputs, outputs, estimates, undefined);
}

/** The backend whose probe measures f for `'auto'`. */
function probeBackend(): ModeBackend {
  const backend = BACKENDS.find((candidate) => candidate.probe !== undefined);
  if (backend === undefined) throw new Error('no registered backend can probe f for mode: auto');
  return backend;
}

/**
 * The automatic backends, one per mode: the requested implementation's (a mode without one is left out),
 * or the first that accepts f. Without `f` (an explicit mode's report, which only wants the cost figures)
 * nothing is asked to accept it.
 */
function automaticBackends(
  operation: Operation,
  f: AnyFunction | undefined,
  implementation: string | undefined,
  detectAnomaly: boolean,
): BackendResolution[] {
  const automatic = BACKENDS.filter(
    (backend) =>
      backend.automatic && (implementation === undefined || backend.implementation === implementation),
  );
  const modes = [...new Set(automatic.map((backend) => backend.mode))];
  if (modes.length === 0) {
    throw new UsageError(`${operation}: mode 'auto' has no '${implementation}' backend to choose from`);
  }
  return modes.map((mode) =>
    f === undefined
      ? { backend: automatic.find((backend) => backend.mode === mode)!, skipped: [] }
      : resolveBackend(operation, mode, f, implementation, BACKENDS, detectAnomaly),
  );
}

/** The cheapest estimate among those `eligible` accepts (the first on a tie), if any. */
function cheapest(
  estimates: readonly CostEstimate[],
  eligible: (estimate: CostEstimate) => boolean,
): CostEstimate | undefined {
  let best: CostEstimate | undefined;
  for (const estimate of estimates) {
    if (eligible(estimate) && (best === undefined || estimate.cost < best.cost)) best = estimate;
  }
  return best;
}

/** When every candidate is over the tape budget: the one that holds least. */
function smallestTape(estimates: readonly CostEstimate[]): CostEstimate {
  return estimates.reduce((best, estimate) => (estimate.tapeBytes < best.tapeBytes ? estimate : best));
}

/**
 * Which implementation computes the mode and why, appended to the reason — only when there is a choice
 * of implementations: with one registered, the reason is about the mode alone.
 */
function implementationNote({ backend, skipped }: BackendResolution): string {
  if (IMPLEMENTATIONS.length < 2) return '';
  const passedOver = skipped.map((entry) => `${entry.implementation}: ${entry.reason}`).join('; ');
  return ` [${backend.implementation}${passedOver === '' ? '' : `, since ${passedOver}`}]`;
}

function choice(
  operation: Operation,
  requested: ModeChoice['requested'],
  { backend }: BackendResolution,
  reason: string,
  inputs: number,
  outputs: number,
  estimates: readonly CostEstimate[],
  probe: Probe | undefined,
): ModeChoice {
  const forward = estimateOf(estimates, 'forward');
  const reverse = estimateOf(estimates, 'reverse');
  return {
    mode: backend.mode,
    implementation: backend.implementation as ModeChoice['implementation'],
    requested,
    operation,
    reason,
    inputs,
    outputs,
    operations: probe?.operations,
    estimatedTapeBytes: probe === undefined ? undefined : reverse.tapeBytes,
    chunkSize: forward.chunkSize,
    forwardPasses: forward.steps,
    reverseSweeps: reverse.steps,
    forwardCost: forward.cost,
    reverseCost: reverse.cost,
  };
}

function estimateOf(estimates: readonly CostEstimate[], mode: ConcreteMode): CostEstimate {
  const estimate = estimates.find((candidate) => candidate.mode === mode);
  if (estimate === undefined) throw new Error(`no automatic backend estimates ${mode} mode`);
  return estimate;
}
