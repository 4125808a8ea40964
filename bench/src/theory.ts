/**
 * What the textbook predicts, as exponents of growth, and the verdict that compares a fitted exponent
 * with it. For a function of N inputs whose operation count grows like N^p (p = 1 for the O(N) zoo
 * functions): a forward gradient needs N passes (time p + 1), reverse one sweep (time p, tape p), finite
 * differences N or 2N evaluations (time p + 1), and a forward pass holds its inputs and O(1) more.
 */
import { EXPONENT_TOLERANCE } from './defaults.js';
import type { ExponentFit } from './fit.js';

/** How a measured exponent compares with theory. */
export type Verdict = 'agrees' | 'disagrees' | 'inconclusive';

/** Every way of computing (or evaluating) that the benchmarks time, by id. */
export type ModeId =
  | 'plain'
  | 'plain-generic'
  | 'analytic'
  | 'forward'
  | 'forward-chunked'
  | 'forward-jvp'
  | 'reverse'
  | 'reverse-replay'
  | 'reverse-compiled'
  | 'numeric-central'
  | 'numeric-complex-step'
  | 'reverse-plain-loop'
  | 'reverse-checkpointed'
  | 'transform-forward'
  | 'transform-reverse'
  | 'transform-jvp';

/** What is measured against size: run time, heap (peak or retained), or the reverse tape's own byte count. */
export type Metric = 'time' | 'heap' | 'tape';

/**
 * How a function's cost grows with the size parameter of a sweep: its operation count ∝ size^operations
 * and its number of inputs N ∝ size^inputs. Rosenbrock against N: both 1. `sin-chain` against its depth:
 * operations 1, inputs 0 (always one input). A T-step loop against T: operations 1, inputs 0.
 */
export interface Growth {
  readonly operations: number;
  readonly inputs: number;
}

/** The growth of the O(N) zoo functions against N. */
export const LINEAR_GROWTH: Growth = { operations: 1, inputs: 1 };

// Time: one pass or sweep costs O(operations); modes marked here need O(N) of them (forward: N or ⌈N/k⌉
// passes, finite differences 2N or N evaluations).
const PASSES_PER_INPUT: Partial<Record<ModeId, 0 | 1>> = {
  plain: 0,
  'plain-generic': 0,
  analytic: 0,
  forward: 1,
  'forward-chunked': 1,
  'forward-jvp': 0,
  reverse: 0,
  'reverse-replay': 0,
  'reverse-compiled': 0,
  'numeric-central': 1,
  'numeric-complex-step': 1,
  'reverse-plain-loop': 0,
  'reverse-checkpointed': 0,
  // Tangent code: ⌈N/k⌉ passes of k lanes, like the chunked duals; adjoint code: one forward and one
  // reverse sweep.
  'transform-forward': 1,
  'transform-reverse': 0,
  'transform-jvp': 0,
};

// Memory held during one call: a forward pass holds its inputs as dual numbers and O(1) more (garbage
// aside); the chunk arena holds k lanes per operation (the forward package's design); a tape holds every
// operation; the checkpointed loop about √T steps of tape; the adjoint code at most what a tape would hold
// (see BOUNDED_BY_OPERATIONS).
const MEMORY_GROWS_WITH: Partial<Record<ModeId, 'inputs' | 'operations' | 'sqrt-operations'>> = {
  'forward-jvp': 'inputs',
  forward: 'inputs',
  'forward-chunked': 'operations',
  reverse: 'operations',
  'reverse-replay': 'operations',
  'reverse-compiled': 'operations',
  'reverse-plain-loop': 'operations',
  'reverse-checkpointed': 'sqrt-operations',
  'transform-reverse': 'operations',
};

/**
 * Modes whose memory theory bounds from above rather than predicts: the adjoint code saves only the values
 * its reverse sweep needs and that are overwritten before it runs (to-be-recorded analysis), a fraction of
 * the operations that may be constant (Rosenbrock's loop saves its trip count, nothing per iteration) or
 * all of them (a chain of sin, each partial reading a loop-carried value).
 */
const BOUNDED_BY_OPERATIONS: ReadonlySet<ModeId> = new Set(['transform-reverse']);

/** Whether theory's exponent is the exponent itself (`'equal'`) or an upper bound on it (`'at-most'`). */
export type Bound = 'equal' | 'at-most';

/** How `predictedExponent(mode, metric)` is meant: time is always predicted; some memory only bounded. */
export function predictionBound(mode: ModeId, metric: Metric): Bound {
  return metric !== 'time' && BOUNDED_BY_OPERATIONS.has(mode) ? 'at-most' : 'equal';
}

/**
 * The predicted exponent of `metric` against the sweep's size for `mode`, given how the function grows;
 * undefined when theory says nothing definite (e.g. the heap of a plain evaluation).
 */
export function predictedExponent(
  mode: ModeId,
  metric: Metric,
  growth: Growth = LINEAR_GROWTH,
): number | undefined {
  if (metric === 'time') {
    const passes = PASSES_PER_INPUT[mode];
    return passes === undefined ? undefined : growth.operations + passes * growth.inputs;
  }
  const grows = MEMORY_GROWS_WITH[mode];
  if (grows === undefined) return undefined;
  if (metric === 'tape' && grows === 'inputs') return undefined;
  if (grows === 'inputs') return growth.inputs;
  if (grows === 'sqrt-operations') return growth.operations / 2;
  return growth.operations;
}

/**
 * The verdict on a fitted exponent: `agrees` within `tolerance` of theory (for an `'at-most'` bound: at
 * most `tolerance` above it), `disagrees` otherwise, `inconclusive` without a prediction or with fewer
 * than three points (no error estimate).
 */
export function judgeExponent(
  fit: ExponentFit | undefined,
  theory: number | undefined,
  tolerance: number = EXPONENT_TOLERANCE,
  bound: Bound = 'equal',
): Verdict {
  if (fit === undefined || theory === undefined || fit.points < 3) return 'inconclusive';
  const excess = fit.exponent - theory;
  return (bound === 'at-most' ? excess : Math.abs(excess)) <= tolerance ? 'agrees' : 'disagrees';
}
