/**
 * Shapes of the tensors both modes offer (reverse's `Tensor`, forward's dual tensors): row-major,
 * Float64Array storage, a scalar is shape `[]` with one element.
 */
import { ShapeError } from '../errors.js';

/** Sizes per dimension, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const extent of shape) size *= extent;
  return size;
}

/** Checks that every extent is a non-negative integer; `operation` names the caller in the error. */
export function checkShape(operation: string, shape: Shape): void {
  for (const extent of shape) {
    if (!Number.isInteger(extent) || extent < 0) {
      throw new ShapeError(operation, `invalid shape [${shape.join(', ')}]: extents must be integers >= 0`);
    }
  }
}

/** `[2, 3]` as text, for messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** True when both shapes have the same extents. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((extent, i) => extent === b[i]);
}

/**
 * The shape of an elementwise result: equal shapes, or one operand with a single element and no more
 * dimensions than the other (a scalar, broadcast against it). Anything else, e.g. `[1, 1]` against `[3]`,
 * is a `ShapeError` naming the operation and both shapes (general NumPy broadcasting is not offered).
 */
export function broadcastShape(operation: string, a: Shape, b: Shape): Shape {
  if (sameShape(a, b)) return a;
  if (sizeOf(a) === 1 && a.length <= b.length) return b;
  if (sizeOf(b) === 1 && b.length <= a.length) return a;
  throw new ShapeError(
    operation,
    `shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (equal shapes or a one-element operand)`,
  );
}

/** The shape of `a @ b` for 1-D or 2-D operands, as NumPy/PyTorch `matmul` defines it. */
export function matmulShape(a: Shape, b: Shape): Shape {
  const rank = `${a.length}-D @ ${b.length}-D`;
  if (a.length < 1 || a.length > 2 || b.length < 1 || b.length > 2) {
    throw new ShapeError('matmul', `only 1-D and 2-D operands are supported, got ${rank}`);
  }
  const inner = a[a.length - 1]!;
  // For a 1-D right operand its only extent is the inner one; for a 2-D one, its rows.
  const innerB = b[0]!;
  if (inner !== innerB) {
    throw new ShapeError(
      'matmul',
      `inner dimensions differ: ${formatShape(a)} @ ${formatShape(b)} (${inner} vs ${innerB})`,
    );
  }
  const rows = a.length === 2 ? [a[0]!] : [];
  const cols = b.length === 2 ? [b[1]!] : [];
  return [...rows, ...cols];
}
