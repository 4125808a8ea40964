/**
 * Whether any differentiation call is running, whatever its mode: forward mode counts its open tags here,
 * reverse mode its recording sessions. A call started inside another one is nested: its function may
 * close over the enclosing call's numbers, which only some strategies can carry (forward mode's
 * one-tangent duals can; chunked passes and reverse-mode tapes cannot), so nested calls pick those.
 */

let depth = 0;

/** Notes that a differentiation (a forward pass, a reverse recording) has started. Pair with `leaveDifferentiation`. */
export function enterDifferentiation(): void {
  depth++;
}

/** Notes that a differentiation started with `enterDifferentiation` has ended. */
export function leaveDifferentiation(): void {
  if (depth > 0) depth--;
}

/** True while any differentiation call of any mode runs: a call made now is nested inside it. */
export function insideDifferentiation(): boolean {
  return depth > 0;
}
