/**
 * The tensor operation set both modes offer: reverse mode's `Tensor` and forward mode's `DualTensor`
 * implement it, so a tensor program written once against `TensorLike` runs in either mode (and with
 * gradients off, as a plain evaluation).
 */
import type { BinaryName, UnaryName } from '../rules.js';
import type { Shape } from './shape.js';

/** One method per unary rule of the table, applied elementwise (`x.sin()`, `x.sqrt()`, ...). */
export type ElementwiseUnary<T> = { readonly [K in UnaryName]: () => T };

/** One method per binary rule of the table, elementwise with scalar broadcasting (`x.mul(y)`, `x.pow(2)`). */
export type ElementwiseBinary<T> = { readonly [K in BinaryName]: (other: T | number) => T };

/** What a tensor program may call, in every mode. */
export interface TensorLike<T> extends ElementwiseUnary<T>, ElementwiseBinary<T> {
  /** Extents per dimension; `[]` for a scalar. */
  readonly shape: Shape;
  /** Number of elements. */
  readonly size: number;
  /** Σ of all elements, as a scalar tensor. */
  sum(): T;
  /** Mean of all elements, as a scalar tensor. */
  mean(): T;
  /** Inner product of two 1-D tensors of the same length, as a scalar tensor. */
  dot(other: T): T;
  /** Matrix product of 1-D or 2-D tensors (NumPy rules). */
  matmul(other: T): T;
  /** The same elements with another shape of the same size. */
  reshape(shape: Shape): T;
  /** One element, by its indices (one per dimension), as a scalar tensor. */
  get(...indices: number[]): T;
}
