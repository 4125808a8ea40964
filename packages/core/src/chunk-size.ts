/**
 * The chunk-size heuristic of chunked forward mode, shared by the dual numbers (forward) and the generated
 * tangent code (transform): how many tangent lanes one pass carries.
 */
import { UsageError } from './errors.js';

/** Above this many inputs the default chunk size stops growing (ForwardDiff.jl's threshold). */
export const CHUNK_THRESHOLD = 12;

/**
 * ForwardDiff.jl's default chunk size for `n` inputs: `n` itself up to 12; beyond, the inputs are split
 * into ceil(n/12) chunks of equal size (13 -> 7, 25 -> 9, 100 -> 12), so no pass carries idle lanes.
 * Throws `UsageError` unless `n` is a positive integer.
 */
export function defaultChunkSize(n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`defaultChunkSize: n must be a positive integer, got ${n}`);
  }
  if (n <= CHUNK_THRESHOLD) return n;
  const chunks = Math.ceil(n / CHUNK_THRESHOLD);
  return Math.ceil(n / chunks);
}
