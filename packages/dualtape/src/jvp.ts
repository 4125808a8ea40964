/**
 * `jvp`: f(x) and the directional derivative J(x)·v. Forward mode's native product (one pass); reverse
 * mode answers it too, with one sweep per output row.
 */
import type { VectorFunction } from '@dualtape/core';
import type { JvpResult } from './backends/types.js';
import { decideBackend, underCallName } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

export type { JvpResult } from './backends/types.js';

/**
 * f(x) and J(x)·v.
 * - `'forward'`: one forward pass with one tangent.
 * - `'reverse'`: one recording, then M sweeps (one per Jacobian row), each row dotted with v — reverse
 *   mode has no cheaper way to push a tangent forwards, so this costs M sweeps.
 * - `'numeric'`: a directional finite difference (`scheme`, `step`).
 * - `'auto'` (default): forward, which needs one pass and no tape.
 *
 * Errors: `ShapeError` for an empty `x` or `x` and `v` of different lengths; `DomainError` naming a
 * non-finite entry of `x` or `v`; `UsageError` for an unknown `mode`.
 *
 * @example jvp(([x, y]) => [mul(x, y)], [2, 3], [1, 0]) // { value: [6], tangent: [3] }
 */
export function jvp(
  f: VectorFunction,
  x: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ModeOptions = {},
): JvpResult {
  const { backend, report } = decideBackend('jvp', f, x, options);
  const result = underCallName('jvp', () => backend.jvp(f, x, v, options));
  report(x.length, result.value.length);
  return result;
}
