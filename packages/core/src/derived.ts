/**
 * Operations built from the primitives of the rule table instead of having rules of their own: their
 * derivatives follow from the primitives', so every mode differentiates them correctly for free.
 */
import { ShapeError } from './errors.js';
import type { Scalar } from './real.js';
import { add, div, exp, gt, log, log1p, lt, max, mul, neg, stopGradient, sub } from './rules.js';

/** Σ xᵢ (0 for an empty list). */
export function sum<T extends Scalar>(xs: readonly T[]): T {
  let total: T | number = 0;
  for (const x of xs) total = add(total, x);
  return total as T;
}

/** Σ aᵢ·bᵢ over two lists of the same length. */
export function dot<T extends Scalar>(a: readonly T[], b: readonly T[]): T {
  if (a.length !== b.length) throw new ShapeError('dot', `lengths differ (${a.length} and ${b.length})`);
  let total: T | number = 0;
  for (let i = 0; i < a.length; i++) total = add(total, mul(a[i]!, b[i]!));
  return total as T;
}

/** The arithmetic mean; NaN for an empty list. */
export function mean<T extends Scalar>(xs: readonly T[]): T {
  return mul(sum(xs), 1 / xs.length);
}

/**
 * log Σ exp(xᵢ), shifted by the largest xᵢ so it neither overflows nor underflows. The shift cancels
 * mathematically, so it is a constant for the derivative: `stopGradient` of the maximum (as JAX writes it),
 * which a recording recomputes at every replay (a number read with `primal` would hold only where the
 * maximum stays the same). A non-finite maximum shifts by 0.
 */
export function logSumExp<T extends Scalar>(xs: readonly T[]): T {
  if (xs.length === 0) return Number.NEGATIVE_INFINITY as T;
  let largest: T = xs[0]!;
  for (let i = 1; i < xs.length; i++) largest = max(largest, xs[i]!);
  const shift: T | number =
    lt(largest, Number.POSITIVE_INFINITY) && gt(largest, Number.NEGATIVE_INFINITY)
      ? stopGradient(largest)
      : 0;
  let total: T | number = 0;
  for (const x of xs) total = add(total, exp(sub(x, shift)));
  return add(log(total as T), shift);
}

/** The logistic function 1 / (1 + e^(−x)). */
export function sigmoid<T extends Scalar>(x: T): T {
  return div(1, add(1, exp(neg(x))));
}

/** max(x, 0). */
export function relu<T extends Scalar>(x: T): T {
  return max(x, 0);
}

/**
 * softplus(x) = log(1 + eˣ), the smooth relu: log1p(eˣ) up to 0 (exact in the tail: softplus(−40) =
 * 4.2e-18) and x + log1p(e⁻ˣ) above, where eˣ would overflow (softplus(1000) = 1000). The branch is on
 * the value, so the derivative is the sigmoid on both sides, ½ at 0.
 */
export function softplus<T extends Scalar>(x: T): T {
  return gt(x, 0) ? add(x, log1p(exp(neg(x)))) : log1p(exp(x));
}
