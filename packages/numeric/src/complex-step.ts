/**
 * The complex-step derivative (Squire & Trapp 1998; Martins, Sturdza & Alonso 2003):
 * f'(x) = Im f(x + ih) / h + O(h²). There is no subtraction, so h can be tiny (1e-20·max(1, |x|)) and
 * the result is exact to a few ulps wherever f is real-analytic and written with core's operations.
 * Where f is not analytic (abs at 0, min/max at ties, a branch) the conventions of `Complex` apply.
 */
import { ERROR_ESTIMATE, MACHINE_EPSILON } from './defaults.js';
import type { LineEstimate } from './internal/estimate.js';
import type { Line } from './internal/line.js';

/**
 * d/dt f(x + t·d) at 0 as Im f(x + i·h·d) / h with h = `relativeStep · line.scale`: one complex
 * evaluation. The error bound is `ERROR_ESTIMATE.complexStepUlps` ulps of the derivative's natural
 * scale |f'| + |f| / scale (the second term covers derivatives that are 0 by cancellation).
 */
export function complexStepDerivative(line: Line, relativeStep: number, withError: boolean): LineEstimate {
  const h = relativeStep * line.scale;
  const { re, im } = line.complexAt(h);
  const value = new Float64Array(im.length);
  for (let m = 0; m < im.length; m++) value[m] = im[m]! / h;
  if (!withError) return { value, error: undefined };
  const error = new Float64Array(im.length);
  for (let m = 0; m < im.length; m++) {
    error[m] =
      ERROR_ESTIMATE.complexStepUlps *
      MACHINE_EPSILON *
      (Math.abs(value[m]!) + Math.abs(re[m]!) / line.scale);
  }
  return { value, error };
}
