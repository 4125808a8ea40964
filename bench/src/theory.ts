/**
 * What the textbook predicts, as exponents of growth, and the verdict that compares a fitted exponent
 * with it. For a function of N inputs whose operation count grows like N^p (p = 1 for the O(N) zoo
 * functions): a forward gradient needs N passes (time p + 1), reverse one sweep (time p, tape p), finite
 * differences N or 2N evaluations (time p + 1), and a forward pass holds its inputs and O(1) more. Each
 * mode's terms are its entry in modes.ts's table.
 */
import { EXPONENT_TOLERANCE } from './defaults.js';
import type { ExponentFit } from './engine/fit.js';
import { benchMode, type ModeId } from './modes.js';

/** How a measured exponent compares with theory. */
export type Verdict = 'agrees' | 'disagrees' | 'inconclusive';

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

/** Whether theory's exponent is the exponent itself (`'equal'`) or an upper bound on it (`'at-most'`). */
export type Bound = 'equal' | 'at-most';

/** How `predictedExponent(mode, metric)` is meant: time is always predicted; some memory only bounded. */
export function predictionBound(mode: ModeId, metric: Metric): Bound {
  return metric !== 'time' && benchMode(mode).memoryBoundedOnly === true ? 'at-most' : 'equal';
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
    const passes = benchMode(mode).passesPerInput;
    return passes === undefined ? undefined : growth.operations + passes * growth.inputs;
  }
  const grows = benchMode(mode).memory;
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
