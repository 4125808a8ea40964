/**
 * Generic arithmetic on `Scalar`s for the nested (non-number) paths of the number types (forward mode's
 * duals, reverse mode's nested tape): applying a rule's value to numbers or to an enclosing call's numbers,
 * and combining partials with tangents or adjoints under the strong-zero convention. Only dispatch lives
 * here; every value and partial still comes from the rule table.
 */
import type { Comparison } from './formula.js';
import type { Scalar } from './real.js';
import { eq, ge, gt, le, lt, ne, add as plus } from './rules.js';
import type { BinaryRule, UnaryRule } from './table.js';

/** The rule's value at `x`, on numbers or on any `Real`. */
export function unaryValue(rule: UnaryRule, x: Scalar): Scalar {
  return typeof x === 'number' ? rule.value(x) : x.apply1(rule);
}

/** The rule's value at `(a, b)`, on numbers or on any `Real`. */
export function binaryValue(rule: BinaryRule, a: Scalar, b: Scalar): Scalar {
  if (typeof a === 'number') return typeof b === 'number' ? rule.value(a, b) : b.apply2(rule, a, true);
  return a.apply2(rule, b, false);
}

/** a + b, skipping an exact plain zero so nested tangents stay as small as possible. */
export function addTangents(a: Scalar, b: Scalar): Scalar {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a + b;
    if (a === 0) return b;
  } else if (b === 0) {
    return a;
  }
  return plus(a, b);
}

const COMPARISONS: Readonly<Record<Comparison, (a: Scalar, b: Scalar) => boolean>> = {
  lt,
  le,
  gt,
  ge,
  eq,
  ne,
};

/**
 * Evaluates a comparison on values whose forward-mode layers were already stripped, through core's free
 * functions so that an underlying recording type (a tape variable) still notes the outcome.
 */
export function compareValues(comparison: Comparison, a: Scalar, b: Scalar): boolean {
  return COMPARISONS[comparison](a, b);
}
