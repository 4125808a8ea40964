/**
 * Conversions between the nested arrays people write (`[[1, 2], [3, 4]]`) and a tensor's row-major
 * Float64Array with its shape. Both directions go level by level instead of recursing, so an absurdly
 * deep input gets an error message rather than a stack overflow.
 */
import { describeValue, type Shape, ShapeError, sizeOf, UsageError } from '@dualtape/core';

/** A number or nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedNumbers = number | readonly NestedNumbers[];

/** `[1][2]`: the position of an element in nested input, from its flat index at a given depth. */
function position(flatIndex: number, shape: Shape, depth: number): string {
  const indices: number[] = [];
  for (let d = depth - 1; d >= 0; d--) {
    const extent = shape[d]!;
    indices.unshift(extent === 0 ? 0 : flatIndex % extent);
    flatIndex = extent === 0 ? 0 : Math.floor(flatIndex / extent);
  }
  return indices.map((i) => `[${i}]`).join('') || '(top level)';
}

/**
 * The shape and row-major values of nested arrays of numbers. Ragged nesting is a `ShapeError` naming
 * the first position that disagrees; anything but numbers and arrays is a `UsageError`.
 */
export function flattenNested(operation: string, input: NestedNumbers): { data: Float64Array; shape: Shape } {
  const shape: number[] = [];
  for (let probe: unknown = input; Array.isArray(probe); probe = probe[0]) shape.push(probe.length);
  let level: unknown[] = [input];
  for (let depth = 0; depth < shape.length; depth++) {
    const extent = shape[depth]!;
    const next: unknown[] = [];
    for (let i = 0; i < level.length; i++) {
      const item = level[i];
      if (!Array.isArray(item) || item.length !== extent) {
        throw new ShapeError(
          operation,
          `ragged nesting: element ${position(i, shape, depth)} is ${describeValue(item)}, expected an array ` +
            `of length ${extent} like the first one at that depth`,
        );
      }
      for (const child of item) next.push(child);
    }
    level = next;
  }
  const data = new Float64Array(level.length);
  for (let i = 0; i < level.length; i++) {
    const item = level[i];
    if (typeof item !== 'number') {
      throw new UsageError(
        `${operation}: element ${position(i, shape, shape.length)} is ${describeValue(item)}, expected a number`,
      );
    }
    data[i] = item;
  }
  return { data, shape };
}

/** Nested arrays with the given shape (a plain number for a scalar), built from row-major values. */
export function nestValues(data: Float64Array, shape: Shape): NestedNumbers {
  if (shape.length === 0) return data[0]!;
  let level: NestedNumbers[] = Array.from(data);
  for (let depth = shape.length - 1; depth >= 1; depth--) {
    const extent = shape[depth]!;
    const groups = sizeOf(shape.slice(0, depth));
    const next: NestedNumbers[] = new Array(groups);
    for (let g = 0; g < groups; g++) next[g] = level.slice(g * extent, (g + 1) * extent);
    level = next;
  }
  return level;
}

/** The values as nested brackets (`[[1, 2], [3, 4]]`; a bare number for a scalar), for `toString`. */
export function formatValues(data: Float64Array, shape: Shape): string {
  let level: string[] = Array.from(data, (value) => String(value));
  if (shape.length === 0) return level[0]!;
  for (let depth = shape.length - 1; depth >= 0; depth--) {
    const extent = shape[depth]!;
    const groups = sizeOf(shape.slice(0, depth));
    const next: string[] = new Array(groups);
    for (let g = 0; g < groups; g++) next[g] = `[${level.slice(g * extent, (g + 1) * extent).join(', ')}]`;
    level = next;
  }
  return level[0]!;
}
