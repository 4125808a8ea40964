/**
 * Richardson extrapolation in Ridders' form (Numerical Recipes' `dfridr`): central differences at a
 * sequence of shrinking steps h, h/c, h/c², ... are extrapolated to h → 0 Neville-style in a tableau.
 * Each new entry is compared with its neighbours; the entry with the smallest disagreement is the answer
 * and that disagreement is its error estimate. The sequence stops once the tableau's diagonal starts to
 * wander (rounding has taken over), so the step needs no tuning: start large, let the tableau decide.
 * A tableau can settle on a coincidence (two wrong entries that happen to agree), so a second,
 * independent sequence from a step 8× smaller always runs; where the two disagree beyond their bounds,
 * the disagreement joins the error. A third runs for outputs that are still not settled.
 */
import { ERROR_ESTIMATE, MACHINE_EPSILON, RICHARDSON } from './defaults.js';
import type { LineEstimate } from './internal/estimate.js';
import type { Line } from './internal/line.js';
import { noiseLevel } from './internal/noise.js';

/** One level of the sequence: an estimate per output at one step, and its rounding error. */
export interface RichardsonLevel {
  readonly value: Float64Array;
  readonly rounding: Float64Array;
}

/**
 * Extrapolates `levelAt(h)` to h → 0 for estimates whose error is a series in even powers of h (central
 * differences, first or second derivative), starting from `initialStep`. Every output is extrapolated
 * independently and stops on its own. The error is `ERROR_ESTIMATE.richardsonSafety` times the
 * tableau's disagreement plus the rounding error the chosen entry inherited from its levels.
 */
export function richardsonExtrapolate(
  levelAt: (step: number) => RichardsonLevel,
  initialStep: number,
): { value: Float64Array; error: Float64Array } {
  const result = ridders(levelAt, initialStep);
  let step = initialStep;
  for (let sequence = 1; sequence < RICHARDSON.maximumSequences; sequence++) {
    if (sequence >= RICHARDSON.minimumSequences && settled(result)) break;
    step /= RICHARDSON.sequenceShrink;
    const other = ridders(levelAt, step);
    for (let m = 0; m < result.value.length; m++) {
      const value = result.value[m]!;
      const error = result.error[m]!;
      const otherValue = other.value[m]!;
      const otherError = other.error[m]!;
      // Two independent sequences that disagree beyond their bounds expose a tableau that settled on a
      // coincidence: the disagreement itself then joins the error.
      const gap = Math.abs(value - otherValue);
      const inconsistent = gap > error + otherError;
      if (otherError < error || Number.isNaN(error)) {
        result.value[m] = otherValue;
        result.error[m] = inconsistent ? otherError + gap : otherError;
        result.rounding[m] = other.rounding[m]!;
      } else if (inconsistent) {
        result.error[m] = error + gap;
      }
    }
  }
  return { value: result.value, error: result.error };
}

/** Whether every output's bound is below `RICHARDSON.settled` relative (or twice its rounding error). */
function settled(result: { value: Float64Array; error: Float64Array; rounding: Float64Array }): boolean {
  for (let m = 0; m < result.value.length; m++) {
    if (!(result.error[m]! <= RICHARDSON.settled * Math.abs(result.value[m]!) + 2 * result.rounding[m]!)) {
      return false;
    }
  }
  return true;
}

function ridders(
  levelAt: (step: number) => RichardsonLevel,
  initialStep: number,
): { value: Float64Array; error: Float64Array; rounding: Float64Array } {
  const factor = RICHARDSON.shrink * RICHARDSON.shrink;
  const first = levelAt(initialStep);
  const size = first.value.length;
  const best = Float64Array.from(first.value);
  const tableauError = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const bestRounding = Float64Array.from(first.rounding);
  const done = new Uint8Array(size);
  // Each tableau entry carries the rounding error it inherited: an extrapolation (a·p − b)/(p − 1)
  // amplifies its inputs' rounding by (p·Ra + Rb)/(p − 1), about 3× per column.
  let previousRow: RichardsonLevel[] = [first];
  let step = initialStep;
  for (let level = 1; level < RICHARDSON.levels; level++) {
    step /= RICHARDSON.shrink;
    const row: RichardsonLevel[] = [levelAt(step)];
    let power = factor;
    for (let j = 1; j <= level; j++) {
      const left = row[j - 1]!;
      const above = previousRow[j - 1]!;
      const value = new Float64Array(size);
      const rounding = new Float64Array(size);
      for (let m = 0; m < size; m++) {
        value[m] = (left.value[m]! * power - above.value[m]!) / (power - 1);
        // Plus the extrapolation's own rounding, an ulp or so of the result.
        rounding[m] =
          (left.rounding[m]! * power + above.rounding[m]!) / (power - 1) +
          MACHINE_EPSILON * Math.abs(value[m]!);
        if (done[m]) continue;
        const disagreement = Math.max(
          Math.abs(value[m]! - left.value[m]!),
          Math.abs(value[m]! - above.value[m]!),
        );
        if (disagreement <= tableauError[m]!) {
          tableauError[m] = disagreement;
          best[m] = value[m]!;
          bestRounding[m] = rounding[m]!;
        }
      }
      row.push({ value, rounding });
      power *= factor;
    }
    let allDone = true;
    const diagonal = row[level]!.value;
    const previousDiagonal = previousRow[level - 1]!.value;
    for (let m = 0; m < size; m++) {
      if (done[m]) continue;
      // NaN comparisons are false, so an output whose differences are NaN keeps going until the last level.
      if (Math.abs(diagonal[m]! - previousDiagonal[m]!) >= RICHARDSON.divergence * tableauError[m]!)
        done[m] = 1;
      else allDone = false;
    }
    previousRow = row;
    if (allDone) break;
  }
  const error = new Float64Array(size);
  for (let m = 0; m < size; m++) {
    error[m] = ERROR_ESTIMATE.richardsonSafety * tableauError[m]! + bestRounding[m]!;
  }
  return { value: best, error, rounding: bestRounding };
}

/** d/dt f(x + t·d) at 0 by Ridders' extrapolation of central differences, from `relativeStep · scale`. */
export function richardsonDerivative(line: Line, relativeStep: number, withError: boolean): LineEstimate {
  const { value, error } = richardsonExtrapolate((requested) => {
    const h = line.exactStep(requested);
    const ahead = line.at(h);
    const behind = line.at(-h);
    const derivative = new Float64Array(ahead.length);
    const rounding = new Float64Array(ahead.length);
    for (let m = 0; m < ahead.length; m++) {
      derivative[m] = (ahead[m]! - behind[m]!) / (2 * h);
      const largest = Math.max(Math.abs(ahead[m]!), Math.abs(behind[m]!));
      rounding[m] =
        (noiseLevel(line.noise, m, largest) +
          MACHINE_EPSILON * line.pointRounding * Math.abs(derivative[m]!)) /
        h;
    }
    return { value: derivative, rounding };
  }, relativeStep * line.scale);
  return { value, error: withError ? error : undefined };
}
