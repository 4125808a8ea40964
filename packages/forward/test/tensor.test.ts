import {
  add,
  type BinaryRule,
  DomainError,
  FUNCTIONS,
  mul,
  RULES,
  type Scalar,
  ShapeError,
  type TensorLike,
  tanh,
  type UnaryRule,
  UsageError,
} from '@dualtape/core';
import { constantTensor, DualTensor, dualTensor, jvp, tensorJvp } from '@dualtape/forward';
import { describe, expect, it } from 'vitest';
import { expectAllClose, SEED, seededRandom, TOLERANCES, uniformIn } from './helpers.js';

const random = seededRandom(SEED);
const W = Array.from({ length: 3 * 4 }, () => uniformIn(random, -1, 1));
const X = Array.from({ length: 4 }, () => uniformIn(random, -1, 1));
const V = Array.from({ length: 4 }, () => uniformIn(random, -1, 1));

/** sum(tanh(W @ x)) written with scalars, for the scalar-mode JVP. */
function scalarProgram(x: readonly Scalar[]): Scalar[] {
  let total: Scalar = 0;
  for (let i = 0; i < 3; i++) {
    let row: Scalar = 0;
    for (let j = 0; j < 4; j++) row = add(row, mul(W[i * 4 + j]!, x[j]!));
    total = add(total, tanh(row));
  }
  return [total];
}

describe('tensorJvp', () => {
  it('sum(tanh(W @ x)) equals the scalar-mode JVP of the same computation', () => {
    const weights = constantTensor(W, [3, 4]);
    const tensor = tensorJvp((x) => weights.matmul(x).tanh().sum(), X, [4], V);
    const scalar = jvp(scalarProgram, X, V);
    expectAllClose(tensor.value, scalar.value, TOLERANCES.exact, 'value');
    expectAllClose(tensor.tangent, scalar.tangent, TOLERANCES.exact, 'tangent');
  });

  it('runs a program written once against TensorLike', () => {
    const program = <T extends TensorLike<T>>(x: T): T => x.mul(x).sum().add(x.get(1));
    const { value, tangent } = tensorJvp(program, [1, 2, 3], [3], [1, 0, 2]);
    // f = Σ x² + x1: value 14 + 2; J·v = 2·(1·1 + 2·0 + 3·2) + 0 = 14.
    expect(Array.from(value)).toEqual([16]);
    expect(Array.from(tangent)).toEqual([14]);
  });

  it('matmul in every 1-D/2-D combination equals the scalar JVP', () => {
    // A (2×3) @ B (3×2) with both operands depending on t = (a, b) flattened.
    const a = Array.from({ length: 6 }, () => uniformIn(random, -1, 1));
    const b = Array.from({ length: 6 }, () => uniformIn(random, -1, 1));
    const v = Array.from({ length: 12 }, () => uniformIn(random, -1, 1));
    const scalarMatmul = (t: readonly Scalar[]) => {
      const out: Scalar[] = [];
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) {
          let total: Scalar = 0;
          for (let p = 0; p < 3; p++) total = add(total, mul(t[i * 3 + p]!, t[6 + p * 2 + j]!));
          out.push(total);
        }
      }
      return out;
    };
    const tensor = tensorJvp(
      (t) =>
        t
          .get(0)
          .mul(0)
          .add(split(t).a.matmul(split(t).b)),
      [...a, ...b],
      [12],
      v,
    );
    const scalar = jvp(scalarMatmul, [...a, ...b], v);
    expectAllClose(tensor.value, scalar.value, TOLERANCES.exact, 'matmul value');
    expectAllClose(tensor.tangent, scalar.tangent, TOLERANCES.exact, 'matmul tangent');

    const matrix = dualTensor(a, v.slice(0, 6), [2, 3]);
    const vector = dualTensor([1, 2, 3], [0.5, 0, -1], [3]);
    expect(matrix.matmul(vector).shape).toEqual([2]);
    expect(dualTensor([1, 2], [1, 0]).matmul(matrix).shape).toEqual([3]);
    expect(vector.matmul(vector).shape).toEqual([]);
    // (A v) along (dA, dv): dA v + A dv, checked on the first row by hand.
    const first = matrix.matmul(vector).get(0);
    const expectedTangent = v[0]! * 1 + v[1]! * 2 + v[2]! * 3 + (a[0]! * 0.5 + a[1]! * 0 + a[2]! * -1);
    expectAllClose(first.tangentOrZeros(), [expectedTangent], TOLERANCES.exact, 'A·v row 0');
  });

  it('bad input: mismatched x/v and wrong shapes are ShapeErrors, non-finite values DomainErrors', () => {
    const id = (x: DualTensor) => x;
    expect(() => tensorJvp(id, [1, 2], [2], [1])).toThrow(ShapeError);
    expect(() => tensorJvp(id, [1, 2], [3], [1, 1])).toThrow(
      /tensorJvp: shape \[3\] holds 3 elements but 2 values/,
    );
    expect(() => tensorJvp(id, [], [0], [])).toThrow(ShapeError);
    expect(() => tensorJvp(id, [1, Number.NaN], [2], [1, 1])).toThrow(DomainError);
    expect(() => tensorJvp((() => 3) as unknown as typeof id, [1], [1], [1])).toThrow(UsageError);
  });
});

/** Splits a 12-vector into A (2×3) and B (3×2), as differentiable slices built from `get`. */
function split(t: DualTensor): { a: DualTensor; b: DualTensor } {
  const stack = (from: number, rows: number, cols: number) => {
    const primal = new Float64Array(rows * cols);
    const tangent = new Float64Array(rows * cols);
    for (let i = 0; i < rows * cols; i++) {
      const element = t.get(from + i);
      primal[i] = element.primal[0]!;
      tangent[i] = element.tangentOrZeros()[0]!;
    }
    return new DualTensor(primal, tangent, [rows, cols]);
  };
  return { a: stack(0, 2, 3), b: stack(6, 3, 2) };
}

describe('DualTensor elementwise methods come from the rule table', () => {
  const unary = Object.values(RULES).filter((rule): rule is UnaryRule => rule.arity === 1);
  const binary = Object.values(RULES).filter((rule): rule is BinaryRule => rule.arity === 2);

  it('has one method per rule', () => {
    const t = dualTensor([1], [1]);
    for (const rule of Object.values(RULES))
      expect(typeof (t as unknown as Record<string, unknown>)[rule.name]).toBe('function');
  });

  for (const rule of unary) {
    it(`${rule.name} equals the scalar dual elementwise`, () => {
      const x = Array.from({ length: 5 }, () => uniformIn(random, rule.sample.min, rule.sample.max));
      const v = Array.from({ length: 5 }, () => uniformIn(random, -1, 1));
      const out = dualTensor(x, v, [5])[rule.name]();
      const scalar = jvp((xs) => xs.map((xi) => (FUNCTIONS[rule.name] as (s: Scalar) => Scalar)(xi)), x, v);
      expect(Array.from(out.primal)).toEqual(Array.from(scalar.value));
      expectAllClose(out.tangentOrZeros(), scalar.tangent, TOLERANCES.exact, rule.name);
    });
  }

  for (const rule of binary) {
    it(`${rule.name} equals the scalar dual elementwise, with tensor, number and one-element operands`, () => {
      const a = Array.from({ length: 4 }, () => uniformIn(random, rule.sample[0].min, rule.sample[0].max));
      const b = Array.from({ length: 4 }, () => uniformIn(random, rule.sample[1].min, rule.sample[1].max));
      const v = Array.from({ length: 8 }, () => uniformIn(random, -1, 1));
      const f = FUNCTIONS[rule.name] as (p: Scalar, q: Scalar) => Scalar;
      const both = dualTensor(a, v.slice(0, 4))[rule.name](dualTensor(b, v.slice(4)));
      const scalar = jvp((xs) => a.map((_, i) => f(xs[i]!, xs[4 + i]!)), [...a, ...b], v);
      expect(Array.from(both.primal)).toEqual(Array.from(scalar.value));
      expectAllClose(both.tangentOrZeros(), scalar.tangent, TOLERANCES.exact, `${rule.name}(tensor, tensor)`);

      const withNumber = dualTensor(a, v.slice(0, 4))[rule.name](b[0]!);
      const scalarWithNumber = jvp((xs) => xs.map((xi) => f(xi, b[0]!)), a, v.slice(0, 4));
      expectAllClose(
        withNumber.tangentOrZeros(),
        scalarWithNumber.tangent,
        TOLERANCES.exact,
        `${rule.name}(tensor, number)`,
      );

      // A one-element tensor with a tangent broadcasts, and its tangent reaches every element.
      const scalarTensor = dualTensor([b[0]!], [v[4]!], []);
      const broadcast = dualTensor(a, v.slice(0, 4))[rule.name](scalarTensor);
      const scalarBroadcast = jvp(
        (xs) => a.map((_, i) => f(xs[i]!, xs[4]!)),
        [...a, b[0]!],
        [...v.slice(0, 4), v[4]!],
      );
      expect(broadcast.shape).toEqual([4]);
      expectAllClose(
        broadcast.tangentOrZeros(),
        scalarBroadcast.tangent,
        TOLERANCES.exact,
        `${rule.name}(tensor, [])`,
      );
    });
  }
});

describe('DualTensor reductions, reshape, get and constants', () => {
  it('sum, mean and dot have the hand-computed values and tangents', () => {
    const x = dualTensor([1, 2, 3], [1, 1, 0]);
    const y = dualTensor([4, 5, 6], [0, 1, 2]);
    expect([x.sum().primal[0], x.sum().tangentOrZeros()[0]]).toEqual([6, 2]);
    expect([x.mean().primal[0], x.mean().tangentOrZeros()[0]]).toEqual([2, 2 / 3]);
    // d(x·y) = dx·y + x·dy = (4 + 5) + (2 + 6) = 17.
    expect([x.dot(y).primal[0], x.dot(y).tangentOrZeros()[0]]).toEqual([32, 17]);
    expect(x.sum().shape).toEqual([]);
  });

  it('constants carry no tangent and skip its work', () => {
    const c = constantTensor([1, 2], [2]);
    expect(c.tangent).toBeNull();
    expect(c.sin().tangent).toBeNull();
    expect(c.mul(c).sum().tangent).toBeNull();
    expect(Array.from(c.tangentOrZeros())).toEqual([0, 0]);
    const x = dualTensor([3, 4], [1, 0]);
    expect(Array.from(c.mul(x).tangentOrZeros())).toEqual([1, 0]);
  });

  it('reshape keeps values; get picks one element by indices', () => {
    const x = dualTensor([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [2, 3]);
    const reshaped = x.reshape([3, 2]);
    expect(reshaped.shape).toEqual([3, 2]);
    expect([reshaped.get(2, 1).primal[0], reshaped.get(2, 1).tangentOrZeros()[0]]).toEqual([6, 1]);
    expect(x.get(1, 0).primal[0]).toBe(4);
  });

  it('shape errors name the operation', () => {
    const x = dualTensor([1, 2, 3], [0, 0, 0]);
    const y = dualTensor([1, 2], [0, 0]);
    expect(() => x.add(y)).toThrow(ShapeError);
    expect(() => x.add(y)).toThrow(/add: shapes \[3\] and \[2\] do not broadcast/);
    expect(() => x.dot(y)).toThrow(/dot: needs two 1-D tensors of the same length/);
    expect(() => x.matmul(y)).toThrow(/matmul: inner dimensions differ/);
    expect(() => x.reshape([2, 2])).toThrow(/reshape: cannot reshape \[3\]/);
    expect(() => x.get(3)).toThrow(/get: index 3 at position 0 is outside 0..2/);
    expect(() => x.get(0, 0)).toThrow(/needs 1 indices, got 2/);
    expect(() => dualTensor([1, 2], [1])).toThrow(ShapeError);
    expect(() => dualTensor([1, 2], [1, 1], [3])).toThrow(ShapeError);
    expect(() => constantTensor([1, 2], [2, -1])).toThrow(ShapeError);
    expect(() => x.add('a' as unknown as number)).toThrow(UsageError);
  });
});
