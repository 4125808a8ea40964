/**
 * Domain guards: how random programs stay finite and well-conditioned without rejecting programs.
 *
 * The policy, in one sentence: every argument of every operation lies in that operation's sample interval
 * (`rule.sample` in core's rule table, chosen inside the domain and away from singularities), and when the
 * generator cannot show that an argument already lies there, it maps it there with the smooth, monotone
 * guard `center + halfWidth · tanh(t)`. To know where a value lies, each node carries a conservative range:
 * inputs lie within ±`INPUT_RANGE`, a constant is its own range, an operation's range is its value sampled
 * on a grid over its arguments' ranges (padded), a branch's is the union of its two candidates. Hence
 * `exp(sin(x0))` needs no guard, while `log(x0)` becomes `log(2.05 + 1.95 * tanh(x0))`, and a value never
 * leaves the bounded image of an operation on its sample box (no overflow: `exp` sees at most 3, `pow` a
 * positive base and a moderate exponent from its sample box). The guard's own `tanh` is the one operation applied to an
 * unrestricted value; it is defined, smooth and bounded on all of R. (The guard reaches the interval's
 * ends only up to rounding — 2.05 − 1.95 is 0.09999999999999987 — which the intervals' margins absorb.)
 */
import type { Rule, SampleInterval } from '@dualtape/core';

/** An interval of values [min, max]. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The affine-tanh map `center + halfWidth · tanh(t)` onto (center − halfWidth, center + halfWidth). */
export interface Guard {
  readonly center: number;
  readonly halfWidth: number;
}

/**
 * Inputs are assumed to lie within ±INPUT_RANGE when guards are decided. Points are drawn within
 * ±`POINT_RANGE`; the difference leaves room for the numeric referee's perturbations.
 */
export const INPUT_RANGE = 2.5;

/** Random evaluation points are drawn with every coordinate within ±POINT_RANGE. */
export const POINT_RANGE = 2;

/**
 * Grid points per argument when an operation's image is sampled (unary, binary). Extremes of the rule
 * table's operations over a box lie at its corners, at 0 (cos, square, cosh, abs, hypot; 0 is added to the
 * grid when the range contains it) or, for sin and cos, at interior points the padding covers.
 */
const UNARY_GRID = 17;
const BINARY_GRID = 9;
/** Sampled images are widened by this fraction of their width, for the values between grid points. */
const IMAGE_PADDING = 0.02;

function contains(outer: SampleInterval, inner: Range): boolean {
  return inner.min >= outer.min && inner.max <= outer.max;
}

function guardOnto(interval: SampleInterval): Guard {
  return { center: (interval.max + interval.min) / 2, halfWidth: (interval.max - interval.min) / 2 };
}

/** The sample interval of argument `slot` (0 or 1) of a rule. */
export function sampleInterval(rule: Rule, slot: number): SampleInterval {
  return rule.arity === 1 ? rule.sample : rule.sample[slot]!;
}

/**
 * The guard argument `slot` of `rule` needs when its node's value lies in `range` (null if none), and
 * the range the argument then lies in.
 */
export function argumentSlot(rule: Rule, slot: number, range: Range): { guard: Guard | null; range: Range } {
  const interval = sampleInterval(rule, slot);
  if (contains(interval, range)) return { guard: null, range };
  return { guard: guardOnto(interval), range: interval };
}

/** Applies a guard to a plain number, by the same operations the evaluator uses (for ranges and checks). */
export function guardValue(guard: Guard, t: number): number {
  const squashed = guard.halfWidth * Math.tanh(t);
  return guard.center === 0 ? squashed : guard.center + squashed;
}

function grid(range: Range, points: number): number[] {
  if (range.min === range.max) return [range.min];
  const values = Array.from(
    { length: points },
    (_, i) => range.min + ((range.max - range.min) * i) / (points - 1),
  );
  if (range.min < 0 && range.max > 0) values.push(0);
  return values;
}

/** Images already sampled, by rule and argument ranges: programs repeat the same ranges very often. */
const imageCache = new Map<string, Range>();
const IMAGE_CACHE_LIMIT = 100_000;

/**
 * A conservative range of `rule`'s value over arguments in `argumentRanges` (each inside the rule's sample
 * interval), found by evaluating the rule on a grid and padding the result.
 */
export function imageOf(rule: Rule, argumentRanges: readonly Range[]): Range {
  const key = `${rule.name} ${argumentRanges.map((r) => `${r.min} ${r.max}`).join(' ')}`;
  const cached = imageCache.get(key);
  if (cached !== undefined) return cached;
  const image = sampledImage(rule, argumentRanges);
  if (imageCache.size >= IMAGE_CACHE_LIMIT) imageCache.clear();
  imageCache.set(key, image);
  return image;
}

function sampledImage(rule: Rule, argumentRanges: readonly Range[]): Range {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const note = (y: number) => {
    if (y < min) min = y;
    if (y > max) max = y;
  };
  if (rule.arity === 1) {
    for (const x of grid(argumentRanges[0]!, UNARY_GRID)) note(rule.value(x));
  } else {
    const bs = grid(argumentRanges[1]!, BINARY_GRID);
    for (const a of grid(argumentRanges[0]!, BINARY_GRID)) for (const b of bs) note(rule.value(a, b));
  }
  const padding = (max - min) * IMAGE_PADDING;
  return { min: min - padding, max: max + padding };
}
