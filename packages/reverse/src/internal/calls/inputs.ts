/**
 * Reverse mode's input checks (contracts.md): core's checks (`checkPoint`, `checkNumber`,
 * `checkDirection`) with reverse mode's reason for refusing another differentiation's numbers.
 */
import { checkDirection, checkNumber, checkPoint } from '@dualtape/core';

/** Why every reverse-mode call refuses a `Real` where it needs a plain number. */
const NOT_NESTING =
  "only derivative and gradient accept an enclosing differentiation call's numbers (use hessian or hvp for " +
  'second derivatives)';

/** Copies `x` into a Float64Array after checking it is a non-empty array of finite plain numbers. */
export function checkedPoint(operation: string, x: unknown, name = 'x'): Float64Array {
  return checkPoint(operation, x, name, NOT_NESTING);
}

/** Checks one plain finite number (the point of `derivative`, an entry of `x` or `u`). */
export function checkedNumber(operation: string, value: unknown, name: string): number {
  return checkNumber(operation, value, name, NOT_NESTING);
}

/** Checks a seed/cotangent vector with one entry per output of f; returns it as a Float64Array. */
export function checkedSeed(operation: string, u: unknown, outputs: number, name = 'u'): Float64Array {
  return checkDirection(operation, u, outputs, name, "f's output", NOT_NESTING);
}

/** Checks a tangent direction `v` with one entry per input of f; returns it as a Float64Array. */
export function checkedDirection(operation: string, v: unknown, inputs: number): Float64Array {
  return checkDirection(operation, v, inputs, 'v', 'x', NOT_NESTING);
}
