/**
 * Float64Array kernels shared by the tensor types of both modes. Elementwise kernels take their values
 * and partials from the scalar rule table; the linear operations (sum, dot, matmul) are plain loops.
 * The tensor-level derivative rules that combine them live in `tensor/rules.ts`.
 */

import { ShapeError } from '../errors.js';
import { strongZeroProduct } from '../products.js';
import type { BinaryRule, UnaryRule } from '../rules.js';

/** out[i] = rule(x[i]). */
export function mapUnary(rule: UnaryRule, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const value = rule.value;
  for (let i = 0; i < x.length; i++) out[i] = value(x[i]!);
  return out;
}

/** out[i] = rule(a[i], b[i]); a one-element operand is broadcast. */
export function mapBinary(rule: BinaryRule, a: Float64Array, b: Float64Array): Float64Array {
  // A one-element operand broadcasts to the other's length, which may be 0.
  const n = a.length === 1 ? b.length : a.length;
  const out = new Float64Array(n);
  const value = rule.value;
  const sa = a.length === 1 ? 0 : 1;
  const sb = b.length === 1 ? 0 : 1;
  for (let i = 0; i < n; i++) out[i] = value(a[i * sa]!, b[i * sb]!);
  return out;
}

/** out[i] = dy/dx at x[i], given y[i]: the elementwise partial of a unary rule. */
export function unaryPartial(rule: UnaryRule, x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const d = rule.d;
  for (let i = 0; i < x.length; i++) out[i] = d(x[i]!, y[i]!) as number;
  return out;
}

/**
 * The elementwise partials ∂y/∂a and ∂y/∂b of a binary rule, at the broadcast length of y. Either is
 * skipped (null) when its operand needs no derivative.
 */
export function binaryPartials(
  rule: BinaryRule,
  a: Float64Array,
  b: Float64Array,
  y: Float64Array,
  wantA: boolean,
  wantB: boolean,
): [Float64Array | null, Float64Array | null] {
  const n = y.length;
  const sa = a.length === 1 ? 0 : 1;
  const sb = b.length === 1 ? 0 : 1;
  const pa = wantA ? new Float64Array(n) : null;
  const pb = wantB ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const ai = a[i * sa]!;
    const bi = b[i * sb]!;
    if (pa) pa[i] = rule.da(ai, bi, y[i]!) as number;
    if (pb) pb[i] = rule.db(ai, bi, y[i]!) as number;
  }
  return [pa, pb];
}

/** out[i] = partial[i] · seed[i] with the strong-zero convention (see `strongZeroProduct`). */
export function multiplyPartial(partial: Float64Array, seed: Float64Array): Float64Array {
  const n = Math.max(partial.length, seed.length);
  const sp = partial.length === 1 ? 0 : 1;
  const ss = seed.length === 1 ? 0 : 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = strongZeroProduct(partial[i * sp]!, seed[i * ss]!);
  return out;
}

/** Σ x[i]. */
export function sumKernel(x: Float64Array): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i]!;
  return total;
}

/** Σ a[i]·b[i]; the caller checks the lengths. */
export function dotKernel(a: Float64Array, b: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]! * b[i]!;
  return total;
}

/**
 * C = op(A) · op(B), row-major, where op transposes when asked. A is m×k after op, B is k×n after op.
 * Loop orders keep the innermost loop contiguous: i-p-j (a row of B streamed into a row of C) normally,
 * i-j-p (two contiguous rows dotted) when B is transposed, and a plain dot per row when n = 1.
 */
export function matmulKernel(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transposeA = false,
  transposeB = false,
): Float64Array {
  const c = new Float64Array(m * n);
  if (transposeB || n === 1) {
    // B stored n×k (transposed) or k×1: row j of op(B)ᵀ is contiguous at b[j·k ...].
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const rowB = j * k;
        let total = 0;
        if (transposeA) {
          for (let p = 0; p < k; p++) total += a[p * m + i]! * b[rowB + p]!;
        } else {
          const rowA = i * k;
          for (let p = 0; p < k; p++) total += a[rowA + p]! * b[rowB + p]!;
        }
        c[i * n + j] = total;
      }
    }
    return c;
  }
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = transposeA ? a[p * m + i]! : a[i * k + p]!;
      const rowB = p * n;
      for (let j = 0; j < n; j++) c[row + j]! += aip * b[rowB + j]!;
    }
  }
  return c;
}

/** out = a + b elementwise (same length), for accumulating tangents and gradients. */
export function addInto(target: Float64Array, addend: Float64Array): void {
  if (addend.length === 1 && target.length !== 1) {
    const v = addend[0]!;
    for (let i = 0; i < target.length; i++) target[i]! += v;
    return;
  }
  for (let i = 0; i < target.length; i++) target[i]! += addend[i]!;
}

/** Sums a full-length array down to one element when the operand it belongs to was broadcast. */
export function reduceToLength(x: Float64Array, length: number): Float64Array {
  if (x.length === length) return x;
  if (length === 1) return Float64Array.of(sumKernel(x));
  throw new ShapeError('reduceToLength', `cannot reduce ${x.length} elements to ${length}`);
}
