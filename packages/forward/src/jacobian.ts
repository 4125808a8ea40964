/**
 * `jacobian`: the M×N Jacobian of f: R^N -> R^M by forward passes over its columns, k columns per pass
 * (chunked duals): ceil(N/k) passes whatever M is, which is why forward mode wins when M >> N.
 */
import {
  checkDifferentiationOptions,
  checkFunction,
  insideDifferentiation,
  ShapeError,
} from '@dualtape/core';
import { CHUNK_OPTIONS, type ChunkOptions } from './gradient.js';
import { numberInputs, resolveChunkSize, vectorOutput } from './internal/checks.js';
import { countWork, forEachColumnPass } from './internal/passes.js';
import type { DifferentiableVector } from './types.js';

/**
 * The Jacobian of f at x as M rows of length N (`rows[i][j]` = ∂fᵢ/∂xⱼ), by ceil(N/k) forward passes
 * of k columns each (counts the passes, and N lanes). A function returning a single value counts as M = 1.
 *
 * Errors: `ShapeError` for an empty `x` or an output size that changes between passes; `DomainError`
 * naming the index of a non-finite `x`; `UsageError` for a `chunkSize` outside 1..N or an unknown option.
 * NaN or ±Infinity produced by `f` is returned as is (with `detectAnomaly`: `AnomalyError` at the first).
 *
 * @example jacobian(([x, y]) => [mul(x, y), sin(x)], [1, 2]) // [[2, 1], [cos(1), 0]]
 */
export function jacobian(
  f: DifferentiableVector,
  x: ArrayLike<number>,
  options: ChunkOptions = {},
): Float64Array[] {
  const detect = checkDifferentiationOptions('jacobian', options, CHUNK_OPTIONS);
  checkFunction('jacobian', f);
  const point = numberInputs('jacobian', x);
  const n = point.length;
  const requested = resolveChunkSize('jacobian', options.chunkSize, n);
  const chunkSize = insideDifferentiation() ? 1 : requested;
  let rows: Float64Array[] | undefined;
  const passes = forEachColumnPass(
    'jacobian',
    f,
    point,
    chunkSize,
    (output, pass) => {
      const outputs = vectorOutput('jacobian', output);
      if (rows === undefined) {
        rows = Array.from({ length: outputs.length }, () => new Float64Array(n));
      } else if (outputs.length !== rows.length) {
        throw new ShapeError(
          'jacobian',
          `f returned ${outputs.length} outputs in the pass for column ${pass.first} but ${rows.length} before; ` +
            'the output size must not depend on the input',
        );
      }
      for (let i = 0; i < outputs.length; i++) {
        const row = rows[i]!;
        const y = outputs[i]!;
        for (let lane = 0; lane < pass.width; lane++) row[pass.first + lane] = pass.lane(y, lane);
      }
    },
    detect,
  );
  countWork(options.counters, passes, n);
  return rows ?? [];
}
