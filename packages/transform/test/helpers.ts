/**
 * What the transform's tests share: run counts, how each rule of core's table is spelled in plain
 * JavaScript (the way users write it: operators, Math functions, and dualtape's names where JavaScript has
 * none), and functions made from source text.
 */

import type { Rule } from '@dualtape/core';
import { TOLERANCES } from '@dualtape/testing';

/** Generated tangent code against the dual numbers. */
export const TANGENT_TOLERANCE = TOLERANCES.tangentCode;
/** AD results against the 9-point oracle. */
export const ORACLE_TOLERANCE = TOLERANCES.oracle;
/** Points per rule. */
export const POINTS_PER_RULE = 25;
/** fast-check runs of cheap properties. */
export const PROPERTY_RUNS = 200;

/** How plain JavaScript writes a rule applied to `a` (and `b`). */
export function spelling(rule: Rule, a: string, b: string): string {
  switch (rule.name) {
    case 'add':
      return `${a} + ${b}`;
    case 'sub':
      return `${a} - ${b}`;
    case 'mul':
      return `${a} * ${b}`;
    case 'div':
      return `${a} / ${b}`;
    case 'pow':
      return `${a} ** ${b}`;
    case 'neg':
      return `-${a}`;
    case 'square':
    case 'stopGradient':
      return `${rule.name}(${a})`;
    default:
      return rule.arity === 1 ? `Math.${rule.name}(${a})` : `Math.${rule.name}(${a}, ${b})`;
  }
}

/** A function object made from its source text (so `toString` gives exactly that text). */
export function fromSource<F extends (...args: never[]) => unknown>(text: string): F {
  return new Function(`return (${text});`)() as F;
}
