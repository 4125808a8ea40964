/**
 * `hessian`: the N×N Hessian of f: R^N -> R, forward over forward. Each pass seeds k columns as the lanes
 * of chunked duals (the outer derivative) and one row as a one-tangent dual of a newer tag (the inner
 * derivative); the inner tangent's lanes are k entries of that row. N·ceil(N/k) passes in all.
 */
import {
  checkDifferentiationOptions,
  checkFunction,
  insideDifferentiation,
  type Scalar,
} from '@dualtape/core';
import { Dual } from './dual.js';
import { CHUNK_OPTIONS, type ChunkOptions } from './gradient.js';
import { acquireArena, releaseArena } from './internal/arena.js';
import { numberInputs, resolveChunkSize, singleOutput } from './internal/checks.js';
import { ColumnPass, countWork, passWatch, seededColumns, tangentFor } from './internal/passes.js';
import { closeTag, openTag } from './tag.js';
import type { DifferentiableScalar } from './types.js';

/**
 * The Hessian of f at x as N rows of length N (`rows[i][j]` = ∂²f/∂xᵢ∂xⱼ), by N·ceil(N/k) forward-over-
 * forward passes; `chunkSize` is the number of columns per pass. Counts the passes, and N² lanes (one per
 * second derivative computed). Each entry is computed on its own, not mirrored, so the symmetry of the
 * result is a check, not an assumption.
 *
 * Errors: `ShapeError` for an empty `x` or an `f` that returns an array; `DomainError` naming the index of
 * a non-finite `x`; `UsageError` for a `chunkSize` outside 1..N or an unknown option. NaN or ±Infinity
 * produced by `f` is returned as is (with `detectAnomaly`: `AnomalyError` at the first, in either layer).
 *
 * @example hessian(([x, y]) => mul(square(x), y), [1, 2]) // [[4, 2], [2, 0]]
 */
export function hessian(
  f: DifferentiableScalar,
  x: ArrayLike<number>,
  options: ChunkOptions = {},
): Float64Array[] {
  const detect = checkDifferentiationOptions('hessian', options, CHUNK_OPTIONS);
  checkFunction('hessian', f);
  const point = numberInputs('hessian', x);
  const n = point.length;
  const requested = resolveChunkSize('hessian', options.chunkSize, n);
  const chunkSize = insideDifferentiation() ? 1 : requested;
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  const inputs: Scalar[] = Array.from(point);
  const arena = chunkSize > 1 ? acquireArena() : null;
  const total = n * Math.ceil(n / chunkSize);
  let passes = 0;
  try {
    for (let first = 0; first < n; first += chunkSize) {
      const width = Math.min(chunkSize, n - first);
      for (let i = 0; i < n; i++) {
        // A fresh outer pass per row keeps the arena at one evaluation's worth of lanes.
        const columns = seededColumns(first, width);
        const kind = 'forward-over-forward pass';
        const outerWatch = passWatch('hessian', detect, passes + 1, total, `${columns}, outer`, kind);
        const outer = new ColumnPass('hessian', inputs, point, first, width, arena, outerWatch);
        const columnSeed = inputs[i]!;
        const innerTag = openTag(passWatch('hessian', detect, passes + 1, total, `x[${i}], inner`, kind));
        inputs[i] = new Dual(columnSeed, 1, innerTag);
        try {
          const rowTangent = tangentFor('hessian', singleOutput('hessian', f(inputs)), innerTag);
          const row = rows[i]!;
          for (let lane = 0; lane < width; lane++) row[first + lane] = outer.lane(rowTangent, lane);
        } finally {
          closeTag(innerTag);
          inputs[i] = columnSeed;
          outer.close();
        }
        passes++;
      }
    }
  } finally {
    if (arena !== null) releaseArena(arena);
  }
  countWork(options.counters, passes, n * n);
  return rows;
}
