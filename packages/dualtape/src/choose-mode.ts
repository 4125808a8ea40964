/**
 * `chooseMode`: what `mode: 'auto'` runs, and one sentence saying why. It records ONE probe evaluation of
 * f on the reverse tape (through reverse's public `vjp`, which reports the entries recorded and the bytes
 * held), reads N, M and the tape size from it, and compares the textbook costs with the constants of
 * defaults.ts: forward needs ceil(N/k) chunked passes for a full Jacobian, reverse one sweep per output
 * row after recording once. A tape over the `maxTapeBytes` budget sends the call to forward mode, which
 * needs no tape. Numeric mode is never chosen: it is the referee, approximate by design.
 */
import {
  checkNumber,
  checkPoint,
  newCounters,
  type ScalarFunction,
  type UnivariateFunction,
  type VectorFunction,
} from '@dualtape/core';
import { defaultChunkSize } from '@dualtape/forward';
import { vjp as reverseVjp } from '@dualtape/reverse';
import {
  DEFAULT_MAX_TAPE_BYTES,
  FORWARD_LANE_COST,
  FORWARD_NESTED_COST_FACTOR,
  FORWARD_PASS_COST,
  HESSIAN_TAPE_GROWTH,
  REVERSE_RECORD_COST,
  REVERSE_SWEEP_COST,
} from './defaults.js';
import { asVectorFunction, checkedFunction } from './internal/checks.js';
import { formatBytes, formatCount, plural } from './internal/units.js';
import type { ConcreteMode, Mode, ModeOptions, Operation } from './mode.js';

/** What `'auto'` decided (or which explicit mode ran), with the numbers behind it. */
export interface ModeChoice {
  /** The mode that runs. */
  readonly mode: ConcreteMode;
  /** The mode that was asked for. */
  readonly requested: Mode;
  /** The call being answered. */
  readonly operation: Operation;
  /** One sentence a user learns the trade-off from. */
  readonly reason: string;
  /** N, the number of inputs. */
  readonly inputs: number;
  /** M, the number of outputs. */
  readonly outputs: number;
  /** Entries one evaluation of f records on the reverse tape; undefined when nothing was probed. */
  readonly operations: number | undefined;
  /** Bytes the reverse tape would hold for this call; undefined when nothing was probed. */
  readonly estimatedTapeBytes: number | undefined;
  /** Tangent lanes per forward pass (k) the cost model assumed. */
  readonly chunkSize: number;
  /** Forward passes the call needs in forward mode. */
  readonly forwardPasses: number;
  /** Reverse sweeps the call needs in reverse mode. */
  readonly reverseSweeps: number;
  /** The cost model's estimate for forward mode, in plain evaluations of f. */
  readonly forwardCost: number;
  /** The cost model's estimate for reverse mode, in plain evaluations of f. */
  readonly reverseCost: number;
}

/** Options of `chooseMode` (a subset of every umbrella call's options). */
export type ChooseModeOptions = Pick<ModeOptions, 'chunkSize' | 'maxTapeBytes'>;

/** The cost model for one call shape, before a decision. */
interface Costs {
  readonly chunkSize: number;
  readonly forwardPasses: number;
  readonly reverseSweeps: number;
  readonly forwardCost: number;
  readonly reverseCost: number;
  readonly tapeBytes: number;
}

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
  checkedFunction(operation, f);
  let probed: VectorFunction;
  let point: Float64Array;
  if (operation === 'derivative') {
    const univariate = f as UnivariateFunction;
    probed = ((xs) => [univariate(xs[0]!)]) as VectorFunction;
    point = Float64Array.of(checkNumber(operation, x, 'x'));
  } else {
    probed = asVectorFunction(f as ScalarFunction | VectorFunction);
    point = checkPoint(operation, x as ArrayLike<number>);
  }
  const counters = newCounters();
  const probe = reverseVjp(probed, point, { counters });
  const inputs = point.length;
  const outputs = probe.value.length;
  const operations = counters.operations;
  const costs = costModel(operation, inputs, outputs, counters.peakTapeBytes, options.chunkSize);
  const budget = options.maxTapeBytes ?? DEFAULT_MAX_TAPE_BYTES;
  const overBudget = costs.tapeBytes > budget;
  const mode: ConcreteMode = overBudget || costs.forwardCost <= costs.reverseCost ? 'forward' : 'reverse';
  return {
    mode,
    requested: 'auto',
    operation,
    reason: explain(operation, mode, overBudget, budget, inputs, outputs, operations, costs),
    inputs,
    outputs,
    operations,
    estimatedTapeBytes: costs.tapeBytes,
    chunkSize: costs.chunkSize,
    forwardPasses: costs.forwardPasses,
    reverseSweeps: costs.reverseSweeps,
    forwardCost: costs.forwardCost,
    reverseCost: costs.reverseCost,
  };
}

/**
 * The choice reported for an explicitly requested mode: nothing was probed, so the operation count and
 * tape size are undefined; the passes and sweeps are the textbook counts for this call shape.
 */
export function explicitChoice(
  operation: Operation,
  mode: ConcreteMode,
  inputs: number,
  outputs: number,
  chunkSize: number | undefined,
): ModeChoice {
  const costs = costModel(operation, inputs, outputs, 0, chunkSize);
  return {
    mode,
    requested: mode,
    operation,
    reason: `${mode}: requested (mode: '${mode}')`,
    inputs,
    outputs,
    operations: undefined,
    estimatedTapeBytes: undefined,
    chunkSize: costs.chunkSize,
    forwardPasses: costs.forwardPasses,
    reverseSweeps: costs.reverseSweeps,
    forwardCost: costs.forwardCost,
    reverseCost: costs.reverseCost,
  };
}

function costModel(
  operation: Operation,
  inputs: number,
  outputs: number,
  probeTapeBytes: number,
  requestedChunk: number | undefined,
): Costs {
  const oneDirection = operation === 'derivative' || operation === 'jvp';
  const chunkSize = oneDirection
    ? 1
    : Math.max(1, Math.min(inputs, requestedChunk ?? defaultChunkSize(inputs)));
  const chunkedPasses = Math.ceil(inputs / chunkSize);
  const passCost = FORWARD_PASS_COST + FORWARD_LANE_COST * chunkSize;
  switch (operation) {
    case 'derivative':
    case 'jvp':
      return costs(chunkSize, 1, passCost, outputs, probeTapeBytes, 1);
    case 'gradient':
    case 'vjp':
      return costs(chunkSize, chunkedPasses, passCost, 1, probeTapeBytes, 1);
    case 'jacobian':
      return costs(chunkSize, chunkedPasses, passCost, outputs, probeTapeBytes, 1);
    case 'hessian':
      return costs(
        chunkSize,
        inputs * chunkedPasses,
        passCost * FORWARD_NESTED_COST_FACTOR,
        inputs,
        probeTapeBytes,
        HESSIAN_TAPE_GROWTH,
      );
  }
}

function costs(
  chunkSize: number,
  forwardPasses: number,
  passCost: number,
  reverseSweeps: number,
  probeTapeBytes: number,
  tapeGrowth: number,
): Costs {
  return {
    chunkSize,
    forwardPasses,
    reverseSweeps,
    forwardCost: forwardPasses * passCost,
    // The growth factor makes the recording (the first sweep, itself taped) and every sweep dearer.
    reverseCost: REVERSE_RECORD_COST * tapeGrowth + reverseSweeps * REVERSE_SWEEP_COST * tapeGrowth,
    tapeBytes: probeTapeBytes * tapeGrowth,
  };
}

const WHAT: Readonly<Record<Operation, string>> = {
  derivative: 'the derivative',
  gradient: 'the gradient',
  jacobian: 'the Jacobian',
  hessian: 'the Hessian',
  jvp: 'J·v',
  vjp: 'uᵀ·J',
};

function explain(
  operation: Operation,
  mode: ConcreteMode,
  overBudget: boolean,
  budget: number,
  inputs: number,
  outputs: number,
  operations: number,
  costs: Costs,
): string {
  const shape = `${plural(inputs, 'input')} and ${plural(outputs, 'output')}`;
  const tape = `≈ ${formatCount(operations * (operation === 'hessian' ? HESSIAN_TAPE_GROWTH : 1))} taped operations, ${formatBytes(costs.tapeBytes)}`;
  const sweeps =
    operation === 'hessian'
      ? plural(costs.reverseSweeps, 'reverse-over-reverse sweep')
      : costs.reverseSweeps === 1
        ? 'one reverse sweep'
        : plural(costs.reverseSweeps, 'reverse sweep');
  const passKind =
    operation === 'hessian' ? 'forward-over-forward' : costs.chunkSize > 1 ? 'chunked forward' : 'forward';
  const passes =
    costs.forwardPasses === 1 && costs.chunkSize === 1
      ? `one forward pass`
      : plural(costs.forwardPasses, `${passKind} pass`);
  if (mode === 'reverse') {
    return `reverse: ${shape} — ${sweeps} (${tape}) instead of ${passes}`;
  }
  if (overBudget) {
    return (
      `forward: the tape would hold ${formatBytes(costs.tapeBytes)} (${formatCount(operations)} operations per evaluation), ` +
      `over the maxTapeBytes budget of ${formatBytes(budget)} — ${passes} need no tape`
    );
  }
  if (operation === 'derivative' || operation === 'jvp') {
    return `forward: ${shape} — one forward pass gives ${WHAT[operation]} with no tape, instead of recording ≈ ${formatCount(operations)} operations and ${sweeps}`;
  }
  const lanes = costs.chunkSize === 1 ? '1 tangent' : `${costs.chunkSize} tangents`;
  return `forward: ${shape} — ${passes} carrying ${lanes} (no tape) instead of ${sweeps} over ${tape}`;
}
