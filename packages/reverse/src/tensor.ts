/**
 * Reverse mode's PyTorch-style `Tensor`: row-major Float64Array values with a shape, and autograd with
 * PyTorch's semantics where the textbook shows them — `requiresGrad` leaves, `backward()` accumulating into
 * `.grad` until it is zeroed, `retainGrad()`, `detach()`, `noGrad()`, `retainGraph`. It implements core's
 * `TensorLike`, so a tensor program written once also runs on forward mode's dual tensors.
 *
 * The elementwise methods (`sin`, `mul`, `pow`, ...) are not written one by one: a loop over core's rule
 * table installs one per rule. Their values and partials come from that table through core's kernels;
 * sum, mean, dot and matmul take their gradients from core's `TENSOR_RULES`. The graph and the backward
 * sweep live in `internal/tensor-graph.ts`.
 */
import {
  type BinaryRule,
  broadcastShape,
  checkOptions,
  checkShape,
  DomainError,
  dotKernel,
  type ElementwiseBinary,
  type ElementwiseUnary,
  formatShape,
  mapBinary,
  mapUnary,
  matmulDims,
  matmulKernel,
  RULES,
  type Shape,
  ShapeError,
  sameShape,
  sizeOf,
  sumKernel,
  type TensorLike,
  type UnaryRule,
  UsageError,
} from '@dualtape/core';
import { flattenNested, formatValues, type NestedNumbers, nestValues } from './internal/tensor/data.js';
import {
  isGradModeEnabled,
  leafVariable,
  resultVariable,
  runBackward,
  type Storage,
  setGradMode,
  type Variable,
} from './internal/tensor/graph.js';
import type { SavedValues } from './internal/tensor/pullbacks.js';

export type { NestedNumbers } from './internal/tensor/data.js';

/** What `tensor()` accepts: a number, nested arrays of numbers, or flat row-major values in a typed array. */
export type TensorData =
  | NestedNumbers
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** Options of `tensor()`. */
export interface TensorOptions {
  /** Make the tensor a leaf that collects a gradient in `.grad`. @default false */
  readonly requiresGrad?: boolean;
  /**
   * The shape to give the values (their count must match). Needed to make a matrix out of a flat
   * typed array. @default the nesting of `data` (`[length]` for a typed array, `[]` for a number)
   */
  readonly shape?: Shape;
}

/** Options of `zeros`, `ones`, `full` and `arange`. */
export interface FactoryOptions {
  /** Make the tensor a leaf that collects a gradient in `.grad`. @default false */
  readonly requiresGrad?: boolean;
}

/** Options of `Tensor.backward`. */
export interface BackwardOptions {
  /**
   * Keep the values the graph saved for its gradients, so that `backward` can run through it again.
   * Without it they are released, and a second backward through an operation that saved values
   * (elementwise operations, dot, matmul) throws a `UsageError`; sum, mean, reshape and get save none and
   * stay usable, as in PyTorch. @default false
   */
  readonly retainGraph?: boolean;
  /**
   * PyTorch's `create_graph` (a graph for the gradient itself, for double backward) is not supported: the
   * gradients are computed as plain arrays. `true` throws a `UsageError` pointing to the `hessian` calls of
   * reverse and forward mode instead of being ignored (as it was before).
   * @default false
   */
  readonly createGraph?: boolean;
}

/** Largest number of elements `toString()` prints one by one. */
const PRINTED_VALUES_LIMIT = 1000;

/** Builds tensors inside the class body, where the private constructor is reachable. */
let createTensor: (storage: Storage, shape: Shape, variable: Variable) => Tensor;

// The elementwise methods are installed from the rule table by the class's static block; this merge is
// what types them (one method per rule name, as core's `ElementwiseUnary`/`ElementwiseBinary` list them).
export interface Tensor extends ElementwiseUnary<Tensor>, ElementwiseBinary<Tensor> {}

/**
 * A tensor of float64 values, row-major, with PyTorch's autograd semantics. Create one with `tensor`,
 * `arange`, `zeros`, `ones` or `full`; every operation returns a new tensor.
 *
 * Elementwise operations: one method per rule of core's table, `x.sin()`, `x.mul(y)`, `x.pow(2)`, ...;
 * the argument of a binary one is a tensor of the same shape, a one-element tensor or a number (both
 * broadcast). Shapes that do not fit are a `ShapeError` naming the operation and both shapes.
 *
 * A result records how it was made (its `gradFn`) when grad mode is on (outside `noGrad`) and some
 * operand requires a gradient; `backward()` then walks those records.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface's members are installed on the prototype by the static block
export class Tensor implements TensorLike<Tensor> {
  readonly #storage: Storage;
  readonly #shape: Shape;
  readonly #variable: Variable;
  /** The `Tensor` handed out as `.grad`, kept so that `x.grad` is the same object on every read. */
  #gradView: Tensor | null = null;

  private constructor(storage: Storage, shape: Shape, variable: Variable) {
    this.#storage = storage;
    this.#shape = shape;
    this.#variable = variable;
  }

  // Inside this block the class is referred to as `this`: TypeScript 7 compiles a self-reference by name
  // here to an alias that is only assigned after the class body, so `Tensor.prototype` would crash in dist.
  static {
    createTensor = (storage, shape, variable) => new this(storage, shape, variable);
    for (const rule of Object.values(RULES) as (UnaryRule | BinaryRule)[]) {
      const method =
        rule.arity === 1
          ? function (this: Tensor): Tensor {
              return this.#applyUnary(rule);
            }
          : function (this: Tensor, other: Tensor | number): Tensor {
              return this.#applyBinary(rule, other);
            };
      Object.defineProperty(method, 'name', { value: rule.name });
      // biome-ignore lint/complexity/noThisInStatic: naming the class here breaks TypeScript 7's emit (see above)
      Object.defineProperty(this.prototype, rule.name, {
        value: method,
        writable: true,
        configurable: true,
      });
    }
  }

  /** Extents per dimension, outermost first; `[]` for a scalar. */
  get shape(): Shape {
    return this.#shape;
  }

  /** Number of elements (1 for a scalar). */
  get size(): number {
    return this.#storage.data.length;
  }

  /**
   * The values, row-major. Views (`reshape`, `detach`) share this array. Treat it as read-only: writing
   * into it behind autograd's back (instead of through `zero_()`) can silently change saved values.
   */
  get data(): Float64Array {
    return this.#storage.data;
  }

  /** Whether this tensor takes part in gradients: a leaf asked for it, or a result computed from one. */
  get requiresGrad(): boolean {
    return this.#variable.requiresGrad;
  }

  /** Same as `requiresGrad_(flag)`. */
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /**
   * True for a tensor that no recorded operation produced: the tensors made by the factories, `detach()`
   * and everything computed inside `noGrad` or from constants only. Only leaves accumulate `.grad`.
   */
  get isLeaf(): boolean {
    return this.#variable.node === null;
  }

  /**
   * The gradient accumulated by `backward()` calls (summed across calls until `zeroGrad()` or
   * `grad.zero_()`), with this tensor's shape. Null before the first backward, for a tensor that does not
   * require a gradient, and for a non-leaf unless `retainGrad()` was called (PyTorch warns there; this
   * returns null silently).
   */
  get grad(): Tensor | null {
    const gradient = this.#variable.grad;
    if (gradient === null) return null;
    if (this.#gradView === null || this.#gradView.#storage !== gradient) {
      this.#gradView = new Tensor(gradient, this.#shape, leafVariable(this.size, false));
    }
    return this.#gradView;
  }

  /** The name of the operation that produced this tensor (e.g. `'mul'`, `'matmul'`), or null for a leaf. */
  get gradFn(): string | null {
    return this.#variable.node?.op ?? null;
  }

  /**
   * Sets whether this leaf collects a gradient, in place, and returns it. Only leaves can change: asking a
   * non-leaf to stop requiring grad is a `UsageError` (use `detach()`).
   * @param flag @default true
   */
  requiresGrad_(flag = true): this {
    if (typeof flag !== 'boolean') {
      throw new UsageError(`requiresGrad_: expected a boolean, got ${typeof flag}`);
    }
    const variable = this.#variable;
    if (variable.node !== null) {
      if (flag) return this;
      throw new UsageError(
        `requiresGrad_: you can only change requiresGrad flags of leaf tensors (this one was produced by ` +
          `'${variable.node.op}'). To use a computed tensor as a constant, use detach().`,
      );
    }
    variable.requiresGrad = flag;
    return this;
  }

  /**
   * Asks this non-leaf tensor to keep the gradient that `backward()` computes for it in `.grad`
   * (accumulating like a leaf's). A no-op on leaves; a `UsageError` on a tensor that does not require grad.
   */
  retainGrad(): void {
    if (!this.#variable.requiresGrad) {
      throw new UsageError("retainGrad: can't retain the gradient of a tensor that does not require grad");
    }
    if (this.#variable.node !== null) this.#variable.retainsGrad = true;
  }

  /**
   * Computes the gradient of this tensor with respect to every leaf that requires one and adds it to the
   * leaves' `.grad`. A one-element tensor needs no `gradient`; any other needs one of the same shape (the
   * vector u of the vector-Jacobian product uᵀJ). Throws a `UsageError` for a tensor that does not require
   * grad, for a missing gradient of a non-scalar, and for a second pass through operations whose saved
   * values a previous pass released; a `ShapeError` for a gradient of the wrong shape.
   */
  backward(options?: BackwardOptions): void;
  backward(gradient: Tensor | number | undefined, options?: BackwardOptions): void;
  backward(gradientOrOptions?: Tensor | number | BackwardOptions, maybeOptions?: BackwardOptions): void {
    let gradient: Tensor | number | undefined;
    let options = maybeOptions;
    if (
      gradientOrOptions === undefined ||
      typeof gradientOrOptions === 'number' ||
      gradientOrOptions instanceof Tensor
    ) {
      gradient = gradientOrOptions;
    } else if (
      typeof gradientOrOptions === 'object' &&
      gradientOrOptions !== null &&
      maybeOptions === undefined
    ) {
      options = gradientOrOptions;
    } else {
      throw new UsageError(
        'backward: expected (gradient?, options?) with a Tensor or a number as the gradient',
      );
    }
    checkOptions('backward', options, ['retainGraph', 'createGraph']);
    const retainGraph = options?.retainGraph ?? false;
    if (typeof retainGraph !== 'boolean') {
      throw new UsageError(`backward: option retainGraph must be a boolean, got ${typeof retainGraph}`);
    }
    if (options?.createGraph !== undefined && options.createGraph !== false) {
      throw new UsageError(
        'backward: createGraph is not supported: Tensor gradients are plain arrays without a graph of their ' +
          "own, so they cannot be differentiated again; for second derivatives write the loss with core's " +
          "functions and use reverse mode's hessian (reverse over reverse) or forward mode's (forward over forward)",
      );
    }
    if (!this.#variable.requiresGrad) {
      throw new UsageError(
        'backward: this tensor does not require grad and has no gradFn (it was computed from constants ' +
          'only, or inside noGrad); make a leaf with requiresGrad: true first',
      );
    }
    runBackward(this.#variable, this.#seed(gradient), retainGraph);
  }

  #seed(gradient: Tensor | number | undefined): Float64Array {
    if (gradient === undefined) {
      if (this.size !== 1) {
        throw new UsageError(
          `backward: grad can be implicitly created only for scalar outputs; this output has shape ` +
            `${formatShape(this.#shape)}, so pass a gradient of that shape (e.g. ones(${formatShape(this.#shape)}))`,
        );
      }
      return Float64Array.of(1);
    }
    if (typeof gradient === 'number') {
      if (this.size !== 1) {
        throw new ShapeError(
          'backward',
          `a number gradient fits a one-element output only; this output has shape ${formatShape(this.#shape)}`,
        );
      }
      return Float64Array.of(gradient);
    }
    if (!sameShape(gradient.#shape, this.#shape)) {
      throw new ShapeError(
        'backward',
        `gradient has shape ${formatShape(gradient.#shape)} but the output has shape ${formatShape(this.#shape)}`,
      );
    }
    // A copy, because the gradient may be a `.grad` that this very pass accumulates into.
    return Float64Array.from(gradient.data);
  }

  /** Fills this tensor's accumulated gradient with zeros in place (if it has one), restarting accumulation. */
  zeroGrad(): void {
    const gradient = this.#variable.grad;
    if (gradient === null) return;
    gradient.data.fill(0);
    gradient.version++;
  }

  /**
   * Fills this tensor with zeros in place and returns it; meant for `x.grad.zero_()`. A `UsageError` for
   * a leaf that requires grad outside `noGrad` (as in PyTorch) and for a tensor produced by a recorded
   * operation (PyTorch records in-place operations in the graph; this Tensor does not). A graph that saved
   * these values and is walked afterwards reports the change instead of giving a wrong gradient.
   */
  zero_(): this {
    const variable = this.#variable;
    if (variable.node !== null) {
      throw new UsageError(
        `zero_: in-place operations on a tensor produced by a recorded operation ('${variable.node.op}') ` +
          'are not supported; detach() it first',
      );
    }
    if (variable.requiresGrad && isGradModeEnabled()) {
      throw new UsageError(
        'zero_: a leaf tensor that requires grad is being used in an in-place operation; wrap the update in noGrad',
      );
    }
    this.#storage.data.fill(0);
    this.#storage.version++;
    return this;
  }

  /** A constant (no gradient, no history) sharing this tensor's values — the same Float64Array. */
  detach(): Tensor {
    return new Tensor(this.#storage, this.#shape, leafVariable(this.size, false));
  }

  /** Σ of all elements, as a scalar tensor. */
  sum(): Tensor {
    const x = this.#storage.data;
    return this.#result('sum', Float64Array.of(sumKernel(x)), [], [this.#variable], {
      kind: 'sum',
      length: x.length,
    });
  }

  /** Mean of all elements, as a scalar tensor (NaN for an empty tensor). */
  mean(): Tensor {
    const x = this.#storage.data;
    return this.#result('mean', Float64Array.of(sumKernel(x) / x.length), [], [this.#variable], {
      kind: 'mean',
      length: x.length,
    });
  }

  /** Inner product with another 1-D tensor of the same length, as a scalar tensor. */
  dot(other: Tensor): Tensor {
    checkTensorArgument('dot', other);
    if (this.#shape.length !== 1 || other.#shape.length !== 1 || this.size !== other.size) {
      throw new ShapeError(
        'dot',
        `expects two 1-D tensors of the same length, got ${formatShape(this.#shape)} and ${formatShape(other.#shape)}`,
      );
    }
    const a = this.#storage.data;
    const b = other.#storage.data;
    return this.#result(
      'dot',
      Float64Array.of(dotKernel(a, b)),
      [],
      [this.#variable, other.#variable],
      { kind: 'dot', a, b },
      [this.#storage, other.#storage],
    );
  }

  /**
   * Matrix product of 1-D or 2-D tensors with NumPy's rules: a 1-D left operand is a row, a 1-D right
   * operand a column, and their dimension is dropped from the result.
   */
  matmul(other: Tensor): Tensor {
    checkTensorArgument('matmul', other);
    const dims = matmulDims(this.#shape, other.#shape);
    const a = this.#storage.data;
    const b = other.#storage.data;
    return this.#result(
      'matmul',
      matmulKernel(a, b, dims.m, dims.k, dims.n),
      dims.shape,
      [this.#variable, other.#variable],
      { kind: 'matmul', a, b, dims },
      [this.#storage, other.#storage],
    );
  }

  /**
   * The same values (shared, not copied) with another shape of the same size. One extent may be -1: it
   * is inferred from the others.
   */
  reshape(shape: Shape): Tensor {
    const resolved = resolveReshape(shape, this.size, this.#shape);
    const variable = resultVariable('reshape', this.size, [this.#variable], { kind: 'reshape' }, []);
    return new Tensor(this.#storage, resolved, variable);
  }

  /**
   * One element as a scalar tensor (differentiable), by one index per dimension; negative indices count
   * from the end as in PyTorch.
   */
  get(...indices: number[]): Tensor {
    const shape = this.#shape;
    if (indices.length !== shape.length) {
      throw new ShapeError(
        'get',
        `expected ${shape.length} indices for shape ${formatShape(shape)}, got ${indices.length}`,
      );
    }
    let offset = 0;
    for (let d = 0; d < shape.length; d++) {
      const extent = shape[d]!;
      const index = indices[d]!;
      if (!Number.isInteger(index) || index < -extent || index >= extent) {
        throw new ShapeError(
          'get',
          `index ${index} is out of range for dimension ${d} of shape ${formatShape(shape)} ` +
            `(integers from ${-extent} to ${extent - 1})`,
        );
      }
      offset = offset * extent + (index < 0 ? index + extent : index);
    }
    const x = this.#storage.data;
    return this.#result('get', Float64Array.of(x[offset]!), [], [this.#variable], {
      kind: 'get',
      offset,
      length: x.length,
    });
  }

  /** The value of a one-element tensor as a number; a `ShapeError` for any other size. */
  item(): number {
    if (this.size !== 1) {
      throw new ShapeError(
        'item',
        `a tensor with ${this.size} elements (shape ${formatShape(this.#shape)}) cannot be converted to a number`,
      );
    }
    return this.#storage.data[0]!;
  }

  /** The values as nested arrays following the shape (a plain number for a scalar), as PyTorch's `tolist()`. */
  toArray(): NestedNumbers {
    return nestValues(this.#storage.data, this.#shape);
  }

  /**
   * E.g. `tensor([0, 1, 2], requiresGrad=true)` or `tensor(28, gradFn=mul)`; a tensor of more than 1000
   * elements shows its shape instead of its values.
   */
  toString(): string {
    const large = this.size > PRINTED_VALUES_LIMIT;
    const values = large ? `<${this.size} values>` : formatValues(this.#storage.data, this.#shape);
    const empty = this.size === 0 || large ? `, shape=${formatShape(this.#shape)}` : '';
    const gradFn = this.gradFn;
    const history = gradFn !== null ? `, gradFn=${gradFn}` : this.requiresGrad ? ', requiresGrad=true' : '';
    return `tensor(${values}${empty}${history})`;
  }

  /** What `console.log` and the node REPL show: the same as `toString()`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #applyUnary(rule: UnaryRule): Tensor {
    const x = this.#storage.data;
    const y = mapUnary(rule, x);
    const output: Storage = { data: y, version: 0 };
    const variable = resultVariable(rule.name, y.length, [this.#variable], { kind: 'unary', rule, x, y }, [
      this.#storage,
      output,
    ]);
    return new Tensor(output, this.#shape, variable);
  }

  #applyBinary(rule: BinaryRule, other: Tensor | number): Tensor {
    let b: Float64Array;
    let otherShape: Shape;
    let otherVariable: Variable | null = null;
    const guards: Storage[] = [this.#storage];
    if (typeof other === 'number') {
      b = Float64Array.of(other);
      otherShape = [];
    } else {
      checkTensorArgument(rule.name, other);
      b = other.#storage.data;
      otherShape = other.#shape;
      otherVariable = other.#variable;
      guards.push(other.#storage);
    }
    const shape = broadcastShape(rule.name, this.#shape, otherShape);
    const a = this.#storage.data;
    // The kernel sizes its result by the longer operand; an empty tensor against a scalar stays empty.
    const y = sizeOf(shape) === 0 ? new Float64Array(0) : mapBinary(rule, a, b);
    const output: Storage = { data: y, version: 0 };
    guards.push(output);
    const saved: SavedValues = { kind: 'binary', rule, a, b, y };
    const variable = resultVariable(rule.name, y.length, [this.#variable, otherVariable], saved, guards);
    return new Tensor(output, shape, variable);
  }

  /** A new tensor holding `values`, recorded as `op` when it needs to be. */
  #result(
    op: string,
    values: Float64Array,
    shape: Shape,
    inputs: readonly Variable[],
    saved: SavedValues,
    guards: readonly Storage[] = [],
  ): Tensor {
    const output: Storage = { data: values, version: 0 };
    return new Tensor(output, shape, resultVariable(op, values.length, inputs, saved, guards));
  }
}

function isNumberTypedArray(data: unknown): data is ArrayLike<number> {
  return (
    ArrayBuffer.isView(data) &&
    !(data instanceof DataView) &&
    !(data instanceof BigInt64Array) &&
    !(data instanceof BigUint64Array)
  );
}

function checkTensorArgument(operation: string, other: unknown): asserts other is Tensor {
  if (!(other instanceof Tensor)) {
    const kind = other === null ? 'null' : typeof other;
    throw new UsageError(
      `${operation}: expected a Tensor${operation === 'dot' || operation === 'matmul' ? '' : ' or a number'}, got ${kind}`,
    );
  }
}

function resolveReshape(shape: Shape, size: number, from: Shape): Shape {
  if (!Array.isArray(shape))
    throw new UsageError(`reshape: expected an array of extents, got ${typeof shape}`);
  const inferred = shape.indexOf(-1);
  if (inferred !== -1 && shape.indexOf(-1, inferred + 1) !== -1) {
    throw new ShapeError('reshape', `only one extent can be -1, got ${formatShape(shape)}`);
  }
  const known = shape.filter((_, d) => d !== inferred);
  checkShape('reshape', known);
  const knownSize = sizeOf(known);
  const resolved = [...shape];
  if (inferred !== -1) {
    if (knownSize === 0 || size % knownSize !== 0) {
      throw new ShapeError('reshape', `cannot infer -1 in ${formatShape(shape)} for ${size} elements`);
    }
    resolved[inferred] = size / knownSize;
  } else if (knownSize !== size) {
    throw new ShapeError(
      'reshape',
      `shape ${formatShape(shape)} has ${knownSize} elements but the tensor (shape ${formatShape(from)}) has ${size}`,
    );
  }
  return Object.freeze(resolved);
}

function shapeArgument(operation: string, shape: Shape | number): Shape {
  const resolved = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(resolved))
    throw new UsageError(`${operation}: expected a shape (array of extents) or a length`);
  checkShape(operation, resolved);
  return Object.freeze([...resolved]);
}

function requiresGradOption(
  operation: string,
  options: FactoryOptions | undefined,
  known: readonly string[] = ['requiresGrad'],
): boolean {
  checkOptions(operation, options, known);
  const flag = options?.requiresGrad ?? false;
  if (typeof flag !== 'boolean') {
    throw new UsageError(`${operation}: option requiresGrad must be a boolean, got ${typeof flag}`);
  }
  return flag;
}

function leafTensor(values: Float64Array, shape: Shape, requiresGrad: boolean): Tensor {
  return createTensor({ data: values, version: 0 }, shape, leafVariable(values.length, requiresGrad));
}

/**
 * A new leaf tensor from a number (shape `[]`), nested arrays of numbers (their nesting is the shape) or
 * a typed array of row-major values (copied; shape `[length]` unless `options.shape` says otherwise).
 * Ragged nesting and a `shape` that does not fit the number of values are a `ShapeError`.
 */
export function tensor(data: TensorData, options?: TensorOptions): Tensor {
  const requiresGrad = requiresGradOption('tensor', options, ['requiresGrad', 'shape']);
  let values: Float64Array;
  let shape: Shape;
  if (isNumberTypedArray(data)) {
    // Any typed array of numbers is taken as flat values, copied so later writes to it do not reach the tensor.
    values = Float64Array.from(data);
    shape = [values.length];
  } else {
    ({ data: values, shape } = flattenNested('tensor', data));
  }
  if (options?.shape !== undefined) {
    const wanted = shapeArgument('tensor', options.shape);
    if (sizeOf(wanted) !== values.length) {
      throw new ShapeError(
        'tensor',
        `option shape ${formatShape(wanted)} has ${sizeOf(wanted)} elements but the data has ${values.length}`,
      );
    }
    shape = wanted;
  }
  return leafTensor(values, Object.freeze([...shape]), requiresGrad);
}

/** A tensor of zeros. `shape` may be a length for a 1-D tensor. */
export function zeros(shape: Shape | number, options?: FactoryOptions): Tensor {
  return filled('zeros', shape, 0, options);
}

/** A tensor of ones. `shape` may be a length for a 1-D tensor. */
export function ones(shape: Shape | number, options?: FactoryOptions): Tensor {
  return filled('ones', shape, 1, options);
}

/** A tensor with every element equal to `value`. `shape` may be a length for a 1-D tensor. */
export function full(shape: Shape | number, value: number, options?: FactoryOptions): Tensor {
  return filled('full', shape, value, options);
}

/** `full` under the name of the factory that was called, for its messages. */
function filled(
  operation: string,
  shape: Shape | number,
  value: number,
  options: FactoryOptions | undefined,
): Tensor {
  const resolved = shapeArgument(operation, shape);
  if (typeof value !== 'number')
    throw new UsageError(`${operation}: expected a number as the fill value, got ${typeof value}`);
  const requiresGrad = requiresGradOption(operation, options);
  return leafTensor(new Float64Array(sizeOf(resolved)).fill(value), resolved, requiresGrad);
}

/**
 * The 1-D tensor start, start + step, ... up to but excluding `end`, as PyTorch's `arange`:
 * `arange(4)` is [0, 1, 2, 3]. A zero step, a step pointing away from `end`, or a non-finite bound is
 * refused.
 */
export function arange(end: number, options?: FactoryOptions): Tensor;
export function arange(start: number, end: number, options?: FactoryOptions): Tensor;
export function arange(start: number, end: number, step: number, options?: FactoryOptions): Tensor;
export function arange(...args: (number | FactoryOptions | undefined)[]): Tensor {
  const numbers: number[] = [];
  let options: FactoryOptions | undefined;
  for (const [position, arg] of args.entries()) {
    if (typeof arg === 'number' && options === undefined) numbers.push(arg);
    else if (position === args.length - 1 && (arg === undefined || typeof arg === 'object'))
      options = arg ?? {};
    else
      throw new UsageError(
        `arange: argument ${position + 1} must be a number (or the last one an options object)`,
      );
  }
  if (numbers.length < 1 || numbers.length > 3) {
    throw new UsageError(
      `arange: expected (end), (start, end) or (start, end, step), got ${numbers.length} numbers`,
    );
  }
  const [start, end, step] =
    numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  for (const [name, value] of [
    ['start', start],
    ['end', end],
    ['step', step],
  ] as const) {
    if (!Number.isFinite(value)) throw new DomainError('arange', `${name} must be finite, got ${value}`);
  }
  if (step === 0) throw new UsageError('arange: step must not be zero');
  const count = Math.ceil((end - start) / step);
  if (count < 0) {
    throw new UsageError(`arange: the step ${step} points away from the end (start ${start}, end ${end})`);
  }
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = start + i * step;
  return leafTensor(values, [count], requiresGradOption('arange', options));
}

/**
 * Runs `fn` with gradient recording off and returns its result: operations inside produce constants
 * (`requiresGrad` false, `gradFn` null), as in PyTorch's `torch.no_grad()`. Nests, and the previous mode
 * is restored when `fn` returns or throws. `fn` runs synchronously: work after an `await` inside it runs
 * with the mode of whoever is running then.
 */
export function noGrad<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new UsageError(`noGrad: expected a function, got ${typeof fn}`);
  const previous = setGradMode(false);
  try {
    return fn();
  } finally {
    setGradMode(previous);
  }
}

/** Whether tensor operations currently record gradients (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return isGradModeEnabled();
}
