/**
 * What core's tests share: the tolerance rows and run counts they use (named once, here), a test
 * double of `Real` that records every operation it receives (to check that code dispatches through the
 * rule table the way every mode will see it), views of syntax trees that tests compare, and typed
 * access to zoo instances.
 */
import { TOLERANCES } from '@dualtape/testing';
import {
  type BinaryRule,
  type Comparison,
  comparePrimals,
  type ExpressionNode,
  primal,
  type Real,
  type Scalar,
  type UnaryRule,
  type ZooScalarInstance,
  type ZooVectorInstance,
  zooEntry,
} from '../src/index.js';

/** AD-level results against the 9-point oracle stencil. */
export const ORACLE_TOLERANCE = TOLERANCES.oracle;
/** Results that differ only by rounding (hand-derived closed forms, the same sum in another order). */
export const EXACT_TOLERANCE = TOLERANCES.exact;

/** Points per rule at which every partial is compared with the oracle. */
export const POINTS_PER_RULE = 50;
/** Sampled points per zoo function and size. */
export const POINTS_PER_ZOO_SIZE = 12;
/** fast-check runs for cheap properties (parsing, formatting, kernels). */
export const PROPERTY_RUNS = 300;
/** fast-check runs for properties that build matrices or long strings. */
export const HEAVY_PROPERTY_RUNS = 60;

/** One operation as a `TracedNumber` saw it: the rule's name and its plain arguments, in order. */
export interface TracedOperation {
  readonly name: string;
  readonly args: readonly number[];
}

/**
 * A `Real` that computes values with the rule table and appends every operation to a shared log, like a
 * tape would. Its primal must always equal the plain-number computation.
 */
export class TracedNumber implements Real {
  constructor(
    readonly primal: number,
    readonly log: TracedOperation[] = [],
  ) {}

  apply1(rule: UnaryRule): this {
    this.log.push({ name: rule.name, args: [this.primal] });
    return new TracedNumber(rule.value(this.primal), this.log) as this;
  }

  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    const a = thisIsSecond ? primal(other) : this.primal;
    const b = thisIsSecond ? this.primal : primal(other);
    this.log.push({ name: rule.name, args: [a, b] });
    return new TracedNumber(rule.value(a, b), this.log) as this;
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    const a = thisIsSecond ? primal(other) : this.primal;
    const b = thisIsSecond ? this.primal : primal(other);
    this.log.push({ name: comparison, args: [a, b] });
    return comparePrimals(comparison, a, b);
  }
}

/** Traced copies of `values` sharing one log. */
export function traced(values: ArrayLike<number>, log: TracedOperation[] = []): TracedNumber[] {
  return Array.from(values, (value) => new TracedNumber(value, log));
}

/** A syntax tree as nested lists, ignoring how it was written: `-x^2` is `(neg (pow x 2))`. */
export function toSExpression(node: ExpressionNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'variable':
    case 'constant':
      return node.name;
    case 'call':
      return `(${node.name} ${node.args.map(toSExpression).join(' ')})`;
    case 'vector':
      return `[${node.elements.map(toSExpression).join(' ')}]`;
  }
}

/** The structure of a tree (kinds, names, values, operators), without positions and number texts. */
export function structureOf(node: ExpressionNode): unknown {
  switch (node.kind) {
    case 'number':
      return { kind: 'number', value: node.value };
    case 'variable':
      return { kind: 'variable', name: node.name };
    case 'constant':
      return { kind: 'constant', name: node.name, value: node.value };
    case 'call':
      return {
        kind: 'call',
        name: node.name,
        operator: node.operator ?? null,
        args: node.args.map(structureOf),
      };
    case 'vector':
      return { kind: 'vector', elements: node.elements.map(structureOf) };
  }
}

/** The scalar instance of `name` at `size` (failing loudly if the entry is vector-valued). */
export function scalarInstance(name: string, size?: number): ZooScalarInstance {
  const entry = zooEntry(name);
  const instance = entry.instantiate(size ?? entry.defaultSize);
  if (instance.kind !== 'scalar') throw new Error(`${name} is not scalar`);
  return instance;
}

/** The vector instance of `name` at `size` (failing loudly if the entry is scalar). */
export function vectorInstance(name: string, size?: number): ZooVectorInstance {
  const entry = zooEntry(name);
  const instance = entry.instantiate(size ?? entry.defaultSize);
  if (instance.kind !== 'vector') throw new Error(`${name} is not vector-valued`);
  return instance;
}

/** The analytic gradient and value at `x`. */
export function analytic(
  instance: ZooScalarInstance,
  x: ArrayLike<number>,
): { value: number; gradient: number[] } {
  if (instance.analyticGradient === undefined) throw new Error(`${instance.name} has no analytic gradient`);
  const gradient = new Float64Array(instance.inputSize);
  const value = instance.analyticGradient(Float64Array.from(x), gradient);
  return { value, gradient: Array.from(gradient) };
}
