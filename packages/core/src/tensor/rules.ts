/**
 * Derivative rules of the tensor operations that are not elementwise (elementwise ones come from the
 * scalar rule table through the kernels). Each operation declares its JVP (read by forward mode's dual
 * tensors) and its VJP (read by reverse mode's Tensor) once, here. A `null` tangent means "constant":
 * its contribution is skipped, as JAX skips symbolic zeros.
 */
import { addInto, dotKernel, matmulKernel, sumKernel } from './kernels.js';
import { matmulShape, type Shape } from './shape.js';

/** m, k, n of `a @ b` with 1-D operands read as a row (left) or a column (right). */
export interface MatmulDims {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Shape of the result (1-D operands drop their dimension, as in NumPy). */
  readonly shape: Shape;
}

/** The dimensions of `a @ b`; throws a `ShapeError` naming matmul when they do not fit. */
export function matmulDims(a: Shape, b: Shape): MatmulDims {
  const shape = matmulShape(a, b);
  const m = a.length === 2 ? a[0]! : 1;
  const k = a[a.length - 1]!;
  const n = b.length === 2 ? b[1]! : 1;
  return { m, k, n, shape };
}

function scaled(x: Float64Array, factor: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * factor;
  return out;
}

function filled(length: number, value: number): Float64Array {
  return new Float64Array(length).fill(value);
}

function sumOfNonNull(a: Float64Array | null, b: Float64Array | null, length: number): Float64Array {
  if (a && b) {
    const out = Float64Array.from(a);
    addInto(out, b);
    return out;
  }
  return a ?? b ?? new Float64Array(length);
}

/** JVP and VJP of the non-elementwise tensor operations. */
export const TENSOR_RULES = {
  /** y = Σ x. */
  sum: {
    jvp: (dx: Float64Array): number => sumKernel(dx),
    vjp: (g: number, length: number): Float64Array => filled(length, g),
  },
  /** y = (Σ x) / n. */
  mean: {
    jvp: (dx: Float64Array): number => sumKernel(dx) / dx.length,
    vjp: (g: number, length: number): Float64Array => filled(length, g / length),
  },
  /** y = Σ aᵢ bᵢ. */
  dot: {
    jvp: (a: Float64Array, b: Float64Array, da: Float64Array | null, db: Float64Array | null): number =>
      (da ? dotKernel(da, b) : 0) + (db ? dotKernel(a, db) : 0),
    /** Returns [ā, b̄] = [g·b, g·a]; a side not wanted (a constant) is skipped and null. */
    vjp: (
      g: number,
      a: Float64Array,
      b: Float64Array,
      wantA = true,
      wantB = true,
    ): [Float64Array | null, Float64Array | null] => [
      wantA ? scaled(b, g) : null,
      wantB ? scaled(a, g) : null,
    ],
  },
  /** Y = A · B. */
  matmul: {
    jvp: (
      a: Float64Array,
      b: Float64Array,
      da: Float64Array | null,
      db: Float64Array | null,
      { m, k, n }: MatmulDims,
    ): Float64Array =>
      sumOfNonNull(da && matmulKernel(da, b, m, k, n), db && matmulKernel(a, db, m, k, n), m * n),
    /** Returns [Ā, B̄] = [Ȳ Bᵀ, Aᵀ Ȳ]; a side not wanted (a constant) is skipped and null. */
    vjp: (
      g: Float64Array,
      a: Float64Array,
      b: Float64Array,
      { m, k, n }: MatmulDims,
      wantA = true,
      wantB = true,
    ): [Float64Array | null, Float64Array | null] => [
      wantA ? matmulKernel(g, b, m, n, k, false, true) : null,
      wantB ? matmulKernel(a, g, k, m, n, true, false) : null,
    ],
  },
} as const;
