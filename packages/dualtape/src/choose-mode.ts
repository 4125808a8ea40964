/**
 * `chooseMode`: what `mode: 'auto'` runs, and one sentence saying why. It records ONE probe evaluation of
 * f (the registry's probing backend: reverse mode's public `vjp`, which reports the entries recorded and
 * the bytes held), reads N, M and the tape size from it, and asks every automatic backend of the registry
 * for its cost-model terms (the textbook costs with the constants of defaults.ts: forward needs ceil(N/k)
 * chunked passes for a full Jacobian, reverse one sweep per output row after recording once). The cheapest
 * wins, ties going to the first registered (forward, which holds no tape); a candidate over the
 * `maxTapeBytes` budget is out. Numeric mode is never chosen: it is the referee, approximate by design.
 */
import {
  checkNumber,
  checkPoint,
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
import { asVectorFunction, checkedFunction } from './internal/checks.js';
import { generic } from './internal/transformed.js';
import { plural } from './internal/units.js';
import type { ConcreteMode, ModeChoice, ModeOptions, Operation } from './mode.js';

export type { ModeChoice } from './mode.js';

/** Options of `chooseMode` (a subset of every umbrella call's options). */
export type ChooseModeOptions = Pick<ModeOptions, 'chunkSize' | 'maxTapeBytes' | 'implementation'>;

/**
 * Decides which mode answers `operation` for `f` at `x`, from one probe evaluation recorded on the reverse
 * tape (N inputs, M outputs, operations, tape bytes) and the cost model of defaults.ts:
 * - forward costs `passes · (FORWARD_PASS_COST + FORWARD_LANE_COST · k)` plain evaluations, with
 *   passes = 1 for `derivative`/`jvp`, ceil(N/k) for `gradient`/`jacobian`/`vjp`, N·ceil(N/k) nested
 *   passes for `hessian`;
 * - reverse costs `REVERSE_RECORD_COST + sweeps · REVERSE_SWEEP_COST`, with sweeps = 1 for
 *   `derivative`/`gradient`/`vjp`, M for `jacobian`/`jvp` (J·v needs the whole Jacobian), and N sweeps of a
 *   `HESSIAN_TAPE_GROWTH`-times larger tape for `hessian`;
 * - the cheaper one wins (a tie goes to forward, which holds no tape), unless the tape would exceed
 *   `maxTapeBytes`: then forward, whatever the cost.
 * So reverse wins for N ≫ M, forward for M ≫ N, and the constants decide in between.
 *
 * The probe costs one recorded evaluation of f (its tape is released at once); call `chooseMode` once and
 * pass the chosen `mode` explicitly when differentiating the same function many times.
 *
 * @example chooseMode('gradient', rosenbrock, x1000).reason
 * // "reverse: 1,000 inputs and 1 output — one reverse sweep (≈ 9,000 taped operations, 297 kB) instead of
 * //  84 chunked forward passes"
 */
export function chooseMode(
  operation: 'derivative',
  f: UnivariateFunction,
  x: number,
  options?: ChooseModeOptions,
): ModeChoice;
export function chooseMode(
  operation: 'gradient' | 'hessian',
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
  const implementation = requestedImplementation(operation, options.implementation);
  checkedFunction(operation, f);
  let probed: VectorFunction;
  let point: Float64Array;
  if (operation === 'derivative') {
    const univariate = generic(f as UnivariateFunction, true);
    probed = ((xs) => [univariate(xs[0]!)]) as VectorFunction;
    point = Float64Array.of(checkNumber(operation, x, 'x'));
  } else {
    // Plain JavaScript is probed through its lifted form, which the tape can record.
    probed = asVectorFunction(generic(f as ScalarFunction | VectorFunction, false));
    point = checkPoint(operation, x as ArrayLike<number>);
  }
  const { outputs, ...measured } = probeBackend().probe!(probed, point);
  const inputs = point.length;
  const candidates = automaticBackends(operation, f, implementation);
  // Backends whose cost model needs more than the tape's figures measure them now (the adjoint code's stack).
  let probe: Probe = measured;
  for (const { backend } of candidates) {
    if (backend.measure !== undefined) probe = { ...probe, ...backend.measure(operation, f, point) };
  }
  const shape: CallShape = { operation, inputs, outputs, chunkSize: options.chunkSize, probe };
  const estimates = candidates.map(({ backend }) => backend.cost(shape));
  const budget = options.maxTapeBytes ?? DEFAULT_MAX_TAPE_BYTES;
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
    probe,
  });
  return choice(
    operation,
    'auto',
    chosen,
    reason + implementationNote(chosen),
    inputs,
    outputs,
    estimates,
    probe,
  );
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
  const shape: CallShape = { operation, inputs, outputs, chunkSize, probe: { operations: 0, tapeBytes: 0 } };
  const estimates = automaticBackends(operation, undefined, resolution.backend.implementation).map(
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
      : resolveBackend(operation, mode, f, implementation),
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
