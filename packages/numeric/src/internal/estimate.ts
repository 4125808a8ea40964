/**
 * The result of one scheme along one line, before the public calls arrange it into gradients, Jacobian
 * columns or Hessian entries: an estimate per output and, when asked for, its error bound.
 */

/** Estimates of d/dt f(x + t·d) at t = 0, one per output of f. */
export interface LineEstimate {
  readonly value: Float64Array;
  /** Error bound per output; present when the caller asked for errors. */
  readonly error: Float64Array | undefined;
}

/**
 * Makes a non-finite estimate impossible to mistake for a good one: where the value or its error is NaN
 * or infinite, the error becomes +Infinity. Returns how many entries were flagged.
 */
export function flagNonFinite(value: ArrayLike<number>, error: Float64Array): number {
  let flagged = 0;
  for (let m = 0; m < error.length; m++) {
    if (!Number.isFinite(value[m]!) || !Number.isFinite(error[m]!)) {
      error[m] = Number.POSITIVE_INFINITY;
      flagged++;
    }
  }
  return flagged;
}
