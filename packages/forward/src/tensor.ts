/**
 * Dual tensors: forward mode for tensor programs written once against core's `TensorLike`. A
 * `DualTensor` holds a primal Float64Array and a tangent Float64Array of the same shape (or null for a
 * constant, whose tangent work is skipped, as JAX skips symbolic zeros). Elementwise methods come from the
 * scalar rule table through core's kernels, one per rule, installed in a loop; sum/mean/dot/matmul read
 * their JVPs from core's `TENSOR_RULES`.
 */
import {
  type BinaryRule,
  binaryPartials,
  broadcastShape,
  checkShape,
  describeValue,
  dotKernel,
  type ElementwiseBinary,
  type ElementwiseUnary,
  formatShape,
  mapBinary,
  mapUnary,
  matmulDims,
  matmulKernel,
  multiplyPartial,
  RULES,
  type Shape,
  ShapeError,
  sizeOf,
  sumKernel,
  TENSOR_RULES,
  type TensorLike,
  type UnaryRule,
  UsageError,
  unaryPartial,
} from '@dualtape/core';
import { numberDirection, numberInputs } from './internal/checks.js';

/**
 * The elementwise methods of `DualTensor` (`sin`, `mul`, ... one per rule of the table). They are
 * installed from the rule table in the class's static block; this declaration gives them their types.
 */
export interface DualTensor extends ElementwiseUnary<DualTensor>, ElementwiseBinary<DualTensor> {}

/**
 * A tensor with a tangent: values and their derivatives along one direction, row-major in Float64Arrays.
 * Implements `TensorLike<DualTensor>`: every rule of the table as an elementwise method (a number or a
 * one-element tensor broadcasts), `sum`, `mean`, `dot`, `matmul`, `reshape`, `get`.
 * Create with `dualTensor` or `constantTensor`; differentiate a program with `tensorJvp`.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above.
export class DualTensor implements TensorLike<DualTensor> {
  static {
    for (const rule of Object.values(RULES) as (UnaryRule | BinaryRule)[]) {
      const method =
        rule.arity === 1
          ? function (this: DualTensor): DualTensor {
              return elementwiseUnary(rule, this);
            }
          : function (this: DualTensor, other: DualTensor | number): DualTensor {
              return elementwiseBinary(rule, this, other);
            };
      Object.defineProperty(DualTensor.prototype, rule.name, {
        value: method,
        writable: true,
        configurable: true,
      });
    }
  }

  /** Number of elements. */
  readonly size: number;

  /** Wraps arrays without copying; use `dualTensor`/`constantTensor`, which check and copy. */
  constructor(
    /** The values, row-major. */
    readonly primal: Float64Array,
    /** The derivatives of the values along the seed direction; null for a constant (all zero). */
    readonly tangent: Float64Array | null,
    /** Extents per dimension; `[]` for a scalar. */
    readonly shape: Shape,
  ) {
    this.size = primal.length;
  }

  /** The tangent as an array, zeros for a constant. */
  tangentOrZeros(): Float64Array {
    return this.tangent ?? new Float64Array(this.size);
  }

  sum(): DualTensor {
    const tangent = this.tangent && Float64Array.of(TENSOR_RULES.sum.jvp(this.tangent));
    return new DualTensor(Float64Array.of(sumKernel(this.primal)), tangent, []);
  }

  /** The mean of all elements (NaN for an empty tensor, as core's `mean`). */
  mean(): DualTensor {
    const tangent = this.tangent && Float64Array.of(TENSOR_RULES.mean.jvp(this.tangent));
    return new DualTensor(Float64Array.of(sumKernel(this.primal) / this.size), tangent, []);
  }

  dot(other: DualTensor): DualTensor {
    const b = asTensor('dot', other);
    if (this.shape.length !== 1 || b.shape.length !== 1 || this.size !== b.size) {
      throw new ShapeError(
        'dot',
        `needs two 1-D tensors of the same length, got ${formatShape(this.shape)} and ${formatShape(b.shape)}`,
      );
    }
    const value = dotKernel(this.primal, b.primal);
    const hasTangent = this.tangent !== null || b.tangent !== null;
    const tangent = hasTangent
      ? Float64Array.of(TENSOR_RULES.dot.jvp(this.primal, b.primal, this.tangent, b.tangent))
      : null;
    return new DualTensor(Float64Array.of(value), tangent, []);
  }

  matmul(other: DualTensor): DualTensor {
    const b = asTensor('matmul', other);
    const dims = matmulDims(this.shape, b.shape);
    const primal = matmulKernel(this.primal, b.primal, dims.m, dims.k, dims.n);
    const tangent =
      this.tangent !== null || b.tangent !== null
        ? TENSOR_RULES.matmul.jvp(this.primal, b.primal, this.tangent, b.tangent, dims)
        : null;
    return new DualTensor(primal, tangent, dims.shape);
  }

  reshape(shape: Shape): DualTensor {
    checkShape('reshape', shape);
    if (sizeOf(shape) !== this.size) {
      throw new ShapeError(
        'reshape',
        `cannot reshape ${formatShape(this.shape)} (${this.size} elements) to ${formatShape(shape)} (${sizeOf(shape)} elements)`,
      );
    }
    return new DualTensor(this.primal, this.tangent, [...shape]);
  }

  get(...indices: number[]): DualTensor {
    if (indices.length !== this.shape.length) {
      throw new ShapeError(
        'get',
        `a tensor of shape ${formatShape(this.shape)} needs ${this.shape.length} indices, got ${indices.length}`,
      );
    }
    let offset = 0;
    for (let d = 0; d < indices.length; d++) {
      const index = indices[d]!;
      const extent = this.shape[d]!;
      if (!Number.isInteger(index) || index < 0 || index >= extent) {
        throw new ShapeError(
          'get',
          `index ${index} at position ${d} is outside 0..${extent - 1} of ${formatShape(this.shape)}`,
        );
      }
      offset = offset * extent + index;
    }
    const tangent = this.tangent && Float64Array.of(this.tangent[offset]!);
    return new DualTensor(Float64Array.of(this.primal[offset]!), tangent, []);
  }
}

function asTensor(operation: string, other: unknown): DualTensor {
  if (other instanceof DualTensor) return other;
  if (typeof other === 'number') return new DualTensor(Float64Array.of(other), null, []);
  throw new UsageError(`${operation}: the other operand must be a DualTensor or a number`);
}

function elementwiseUnary(rule: UnaryRule, x: DualTensor): DualTensor {
  const primal = mapUnary(rule, x.primal);
  const tangent = x.tangent && multiplyPartial(unaryPartial(rule, x.primal, primal), x.tangent);
  return new DualTensor(primal, tangent, x.shape);
}

function elementwiseBinary(rule: BinaryRule, x: DualTensor, other: DualTensor | number): DualTensor {
  const y = asTensor(rule.name, other);
  const shape = broadcastShape(rule.name, x.shape, y.shape);
  const primal = mapBinary(rule, x.primal, y.primal);
  if (x.tangent === null && y.tangent === null) return new DualTensor(primal, null, shape);
  // Only the partials of operands that carry a tangent are evaluated.
  const [partialX, partialY] = binaryPartials(
    rule,
    x.primal,
    y.primal,
    primal,
    x.tangent !== null,
    y.tangent !== null,
  );
  const fromX = partialX && x.tangent && multiplyPartial(partialX, x.tangent);
  const fromY = partialY && y.tangent && multiplyPartial(partialY, y.tangent);
  if (fromX === null) return new DualTensor(primal, fromY, shape);
  if (fromY !== null) for (let i = 0; i < fromX.length; i++) fromX[i]! += fromY[i]!;
  return new DualTensor(primal, fromX, shape);
}

function checkedShape(operation: string, length: number, shape: Shape | undefined): Shape {
  if (shape === undefined) return [length];
  checkShape(operation, shape);
  if (sizeOf(shape) !== length) {
    throw new ShapeError(
      operation,
      `shape ${formatShape(shape)} holds ${sizeOf(shape)} elements but ${length} values were given`,
    );
  }
  return [...shape];
}

function copyValues(operation: string, name: string, values: ArrayLike<number>): Float64Array {
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
    throw new UsageError(`${operation}: ${name} must be an array of numbers, got ${describeValue(values)}`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number')
      throw new UsageError(`${operation}: ${name}[${i}] must be a number, got ${describeValue(value)}`);
    out[i] = value;
  }
  return out;
}

/**
 * A dual tensor with values `primal` and tangents `tangent` (copied), row-major in `shape`.
 * `ShapeError` when the lengths do not match the shape or each other.
 * @param shape extents per dimension. @default [primal.length] (a vector)
 */
export function dualTensor(primal: ArrayLike<number>, tangent: ArrayLike<number>, shape?: Shape): DualTensor {
  const values = copyValues('dualTensor', 'primal', primal);
  const tangents = copyValues('dualTensor', 'tangent', tangent);
  if (tangents.length !== values.length) {
    throw new ShapeError(
      'dualTensor',
      `primal has ${values.length} values but tangent has ${tangents.length}`,
    );
  }
  return new DualTensor(values, tangents, checkedShape('dualTensor', values.length, shape));
}

/**
 * A tensor that does not depend on the input (no tangent; its tangent work is skipped), e.g. a weight
 * matrix in a program differentiated with respect to its input.
 * @param shape extents per dimension. @default [values.length] (a vector)
 */
export function constantTensor(values: ArrayLike<number>, shape?: Shape): DualTensor {
  const copied = copyValues('constantTensor', 'values', values);
  return new DualTensor(copied, null, checkedShape('constantTensor', copied.length, shape));
}

/**
 * Runs a tensor program on a dual tensor with values `x` and tangent `v` (shape `shape`) and returns its
 * output values and their derivative along `v` (J·v), flattened row-major. The program may be generic
 * (`<T extends TensorLike<T>>(x: T) => T`) or use `constantTensor`s for its fixed data.
 *
 * Errors: `ShapeError` for an empty `x`, `x`/`v` of different lengths or a shape of another size;
 * `DomainError` naming the index of a non-finite `x` or `v`; `UsageError` when the program does not
 * return a DualTensor.
 */
export function tensorJvp(
  program: (x: DualTensor) => DualTensor,
  x: ArrayLike<number>,
  shape: Shape,
  v: ArrayLike<number>,
): { readonly value: Float64Array; readonly tangent: Float64Array } {
  if (typeof program !== 'function') throw new UsageError('tensorJvp: program must be a function');
  const values = numberInputs('tensorJvp', x);
  const direction = numberDirection('tensorJvp', v, values.length);
  const output = program(new DualTensor(values, direction, checkedShape('tensorJvp', values.length, shape)));
  if (!(output instanceof DualTensor)) {
    throw new UsageError('tensorJvp: the program must return the DualTensor it computed');
  }
  return { value: Float64Array.from(output.primal), tangent: output.tangentOrZeros().slice() };
}
