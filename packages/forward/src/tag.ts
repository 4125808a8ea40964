/**
 * Tags keep nested derivatives apart (ForwardDiff.jl's answer to perturbation confusion). Every
 * differentiation call, and every chunked pass, opens a tag; the duals it seeds carry that tag and stay
 * usable only while it is open. When two duals of different tags meet, the newer tag's dual is the outer
 * structure and the older one is a constant with respect to it, so `d/dx [x · d/dy (x + y)]` at x = 1 is 1,
 * not 2. A dual whose call has returned (it escaped, e.g. into a closure) raises `PerturbationError`.
 */
import {
  enterDifferentiation,
  leaveDifferentiation,
  OperatorError,
  PerturbationError,
  type Scalar,
} from '@dualtape/core';
import type { ForwardWatch } from './internal/anomaly.js';

/** The identity of one differentiation call (or one chunked pass); duals carry the tag that seeded them. */
export class Tag {
  /** True while the call that opened the tag is running. */
  active = true;
  /**
   * Internal: true while the tag is active and unwatched, so the duals' fast paths may run (one field
   * test, as `active` was); a watched tag sends every operation through the paths that report anomalies.
   */
  fast: boolean;
  constructor(
    /** Creation order (core's nesting level): a larger id is a newer, more deeply nested call. */
    readonly id: number,
    /** Internal: the anomaly watch of a call with `detectAnomaly: true`, or null. */
    readonly watch: ForwardWatch | null = null,
  ) {
    this.fast = watch === null;
  }
}

/** A number type that carries a forward-mode tag (`Dual`, `ChunkDual`). */
export interface Tagged {
  readonly tag: Tag;
  /** The value one forward-mode layer down: a number, or an enclosing call's number. */
  readonly value: Scalar;
}

/**
 * Opens a new tag, newer than every tag (and every reverse-mode recording) before it: its id is core's
 * nesting level, so tags and tapes of nested calls are ordered alike. Watched for anomalies when `watch` is
 * given. Pair with `closeTag` in a `finally`.
 */
export function openTag(watch: ForwardWatch | null = null): Tag {
  return new Tag(enterDifferentiation(), watch);
}

/** Closes a tag: duals carrying it are now escaped and refuse to compute. */
export function closeTag(tag: Tag): void {
  if (tag.active) {
    tag.active = false;
    tag.fast = false;
    leaveDifferentiation();
  }
}

/** The forward-mode tag of `x`, or undefined for plain numbers and other number types (tape, complex). */
export function tagOf(x: Scalar): Tag | undefined {
  if (typeof x === 'number') return undefined;
  const tag = (x as Partial<Tagged>).tag;
  return tag instanceof Tag ? tag : undefined;
}

/**
 * The error for a dual met by a JavaScript operator (`*`, `<`, ...) or converted to a number, which would
 * silently drop its tangent (or give NaN).
 */
export function operatorOnDualError(kind: string): OperatorError {
  return new OperatorError(
    `${kind}: a forward-mode dual number was used with a JavaScript operator or converted to a number; ` +
      "use @dualtape/core's functions (add, mul, lt, ...) so its derivative is tracked",
  );
}

/** The error for a dual used after its call returned; `operation` names what was attempted. */
export function escapedDualError(operation: string): PerturbationError {
  return new PerturbationError(
    `${operation}: a forward-mode dual number was used after the derivative call that created it ` +
      'returned (it escaped, e.g. stored in an outer variable or cached between calls); its tangent ' +
      'belongs to a finished call and would give a wrong derivative',
  );
}

/**
 * `x` with every forward-mode layer removed (a plain number, or another mode's number such as a tape
 * variable), for comparisons on primal values. Throws `PerturbationError` if a layer has escaped.
 */
export function withoutForwardLayers(x: Scalar, operation: string): Scalar {
  let current = x;
  for (let tag = tagOf(current); tag !== undefined; tag = tagOf(current)) {
    if (!tag.active) throw escapedDualError(operation);
    current = (current as unknown as Tagged).value;
  }
  return current;
}
