/**
 * `vjp`: f(x) and its pullback u ↦ uᵀ·J(x). Reverse mode's native product (one sweep per pullback);
 * forward and numeric mode answer it too, by computing the whole Jacobian once, at the first pullback.
 */
import type { VectorFunction } from '@dualtape/core';
import type { VjpResult } from './backends/types.js';
import { decideBackend, underCallName } from './internal/dispatch.js';
import type { ModeOptions } from './mode.js';

export type { VjpResult } from './backends/types.js';

/**
 * f(x) and the pullback u ↦ uᵀ·J(x).
 * - `'reverse'`: f is recorded once; each pullback is one reverse sweep.
 * - `'forward'`: f is evaluated on numbers for the value; the first pullback computes the whole Jacobian
 *   by ceil(N/k) chunked forward passes and keeps it, so every pullback after that is a matrix-vector
 *   product. (One gradient of uᵀf per pullback would cost the same passes again for every u.)
 * - `'numeric'`: the same, with the numeric Jacobian (`scheme`, `step`).
 * - `'auto'` (default): reverse, unless the tape would exceed `maxTapeBytes`.
 * `counters` receive the work when it happens (for forward and numeric: at the first pullback).
 *
 * Errors: `ShapeError` for an empty `x`, or a `u` whose length is not M; `DomainError` naming a non-finite
 * entry of `x` or `u`; `UsageError` for an unknown `mode`.
 *
 * @example vjp(([x, y]) => [mul(x, y), x], [2, 3]).pullback([1, 0]) // [3, 2]
 */
export function vjp(f: VectorFunction, x: ArrayLike<number>, options: ModeOptions = {}): VjpResult {
  const { backend, report } = decideBackend('vjp', f, x, options);
  const result = underCallName('vjp', () => backend.vjp(f, x, options));
  report(x.length, result.value.length);
  return {
    value: result.value,
    pullback: (u) => underCallName('vjp', () => result.pullback(u)),
  };
}
