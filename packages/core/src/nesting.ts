/**
 * Whether any differentiation call is running, whatever its mode, and the order in which the running ones
 * began: forward mode counts its open tags here, reverse mode its recording sessions. A call started inside
 * another one is nested: its function may close over the enclosing call's numbers, which only some
 * strategies can carry (one-tangent duals can, and so can reverse mode's nested tape; chunked passes and
 * the typed-array tape cannot), so nested calls pick those.
 *
 * The order is what keeps perturbations apart across modes (forward over reverse, reverse over forward):
 * every call takes a level, larger for a call started later, and its numbers report it as
 * `nestingLevel`. When numbers of two calls meet, the one of the newer (inner) call owns the operation and
 * treats the older one as a constant, exactly as forward mode's tags order nested duals.
 */
import type { Scalar } from './real.js';

let depth = 0;
let lastLevel = 0;

/**
 * Notes that a differentiation (a forward pass, a reverse recording) has started, and returns its level:
 * larger than every level handed out before. Pair with `leaveDifferentiation`.
 */
export function enterDifferentiation(): number {
  depth++;
  return ++lastLevel;
}

/** Notes that a differentiation started with `enterDifferentiation` has ended. */
export function leaveDifferentiation(): void {
  if (depth > 0) depth--;
}

/** True while any differentiation call of any mode runs: a call made now is nested inside it. */
export function insideDifferentiation(): boolean {
  return depth > 0;
}

/**
 * The nesting level of the call `x` belongs to (see the module comment): 0 for plain numbers and for
 * number types outside every call (complex numbers).
 */
export function nestingLevelOf(x: Scalar): number {
  if (typeof x === 'number') return 0;
  return (x as { readonly nestingLevel?: number }).nestingLevel ?? 0;
}
