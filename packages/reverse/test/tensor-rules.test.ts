/**
 * The Tensor's gradients against independent references: every elementwise operation of the rule table
 * (same shapes, and broadcasting a scalar either way) against the 9-point oracle at random points inside
 * the rule's sample interval; sum, mean, dot and matmul against the oracle and the dot-product identity
 * <u, J v> = <Jᵀ u, v> with core's JVPs; and a composite program with reshape and get against the oracle.
 */
import {
  type BinaryRule,
  matmulDims,
  RULES,
  type Rule,
  type SampleInterval,
  TENSOR_RULES,
  type UnaryRule,
} from '@dualtape/core';
import { expectAllClose, expectClose, oracleDerivative, oracleGradient, TOLERANCES } from '@dualtape/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '../src/tensor.js';

/** Random cases per rule and per linear operation. */
const RUNS_PER_RULE = 25;
const RUNS_LINEAR = 30;
/** Largest tensor length drawn for elementwise cases. */
const MAX_LENGTH = 5;

/**
 * Where the oracle stencil (it reaches 4 steps of 1% of max(1, |x|) to each side) would straddle a kink
 * of a piecewise rule, or come close to a singularity: the oracle, not the tensor, is wrong there, so
 * those points are not drawn. Each entry says which points are kept.
 */
const STENCIL_REACH = 0.05;
const KEEP_POINT: Partial<Record<string, (a: number, b: number) => boolean>> = {
  /** |x| has a kink at 0. */
  abs: (x) => Math.abs(x) > STENCIL_REACH,
  /** min and max switch branches at a = b. */
  min: (a, b) => Math.abs(a - b) > STENCIL_REACH * Math.max(1, Math.abs(a), Math.abs(b)),
  max: (a, b) => Math.abs(a - b) > STENCIL_REACH * Math.max(1, Math.abs(a), Math.abs(b)),
  /** hypot is singular at the origin; its Taylor series in either argument converges within radius hypot(a, b). */
  hypot: (a, b) => Math.hypot(a, b) > 10 * STENCIL_REACH,
  /**
   * a^b with b near −3 has a pole at a = 0, and the oracle's truncation error grows near it: at the corner
   * (0.1, −3) of pow's sample it misses TOLERANCES.oracle by 1.9× (0.03× from a = 0.15 on).
   */
  pow: (a) => a > 0.15,
};

const keep = (rule: Rule, a: number, b = 0): boolean => KEEP_POINT[rule.name]?.(a, b) ?? true;

const inside = ({ min, max }: SampleInterval) =>
  fc.double({ min, max, noNaN: true, minExcluded: true, maxExcluded: true });
const seed = fc.double({ min: -2, max: 2, noNaN: true });

const unaryRules = Object.values(RULES).filter((rule): rule is UnaryRule => rule.arity === 1);
const binaryRules = Object.values(RULES).filter((rule): rule is BinaryRule => rule.arity === 2);
/** Rules by convention (stopGradient) are not the oracle's derivative of their value; tested on their own. */
const refereed = <R extends Rule>(rules: readonly R[]): R[] => rules.filter((rule) => rule.refereed);

/** Calls the tensor method named after a rule, as a tensor program would (`x.sin()`, `x.mul(y)`). */
const callUnary = (rule: UnaryRule, x: Tensor): Tensor => x[rule.name]();
const callBinary = (rule: BinaryRule, a: Tensor, b: Tensor | number): Tensor => a[rule.name](b);

describe('every unary rule, elementwise', () => {
  it('installs one method per unary rule', () => {
    for (const rule of unaryRules) expect(typeof tensor(1)[rule.name]).toBe('function');
  });

  for (const rule of refereed(unaryRules)) {
    it(`${rule.name}: values from the rule, gradient matches the oracle`, () => {
      const point = fc.tuple(inside(rule.sample), seed).filter(([x]) => keep(rule, x));
      fc.assert(
        fc.property(fc.array(point, { minLength: 1, maxLength: MAX_LENGTH }), (points) => {
          const xs = points.map(([x]) => x);
          const us = points.map(([, u]) => u);
          const x = tensor(xs, { requiresGrad: true });
          const y = callUnary(rule, x);
          expect(y.shape).toEqual([xs.length]);
          expect(Array.from(y.data)).toEqual(xs.map(rule.value));
          y.backward(tensor(us));
          const expected = xs.map((xi, i) => us[i]! * oracleDerivative(rule.value, xi));
          expectAllClose(x.grad!.data, expected, TOLERANCES.oracle, `${rule.name} x.grad`);
        }),
        { numRuns: RUNS_PER_RULE },
      );
    });
  }
});

describe('stopGradient, elementwise (a rule by convention)', () => {
  it('passes values through and no gradient back, unlike detach keeping the graph around it', () => {
    const x = tensor([1.5, -2, 3], { requiresGrad: true });
    const stopped = x.stopGradient();
    expect(Array.from(stopped.data)).toEqual([1.5, -2, 3]);
    // y = x · sg(x): dy/dx = sg(x) (the stopped factor is a constant).
    x.mul(stopped).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1.5, -2, 3]);
  });
});

describe('every binary rule, elementwise with scalar broadcasting', () => {
  it('installs one method per binary rule', () => {
    for (const rule of binaryRules) expect(typeof tensor(1)[rule.name]).toBe('function');
  });

  for (const rule of refereed(binaryRules)) {
    const [sampleA, sampleB] = rule.sample;
    const partialA = (a: number, b: number) => oracleDerivative((t) => rule.value(t, b), a);
    const partialB = (a: number, b: number) => oracleDerivative((t) => rule.value(a, t), b);

    it(`${rule.name}: same shapes, both gradients match the oracle`, () => {
      const point = fc.tuple(inside(sampleA), inside(sampleB), seed).filter(([a, b]) => keep(rule, a, b));
      fc.assert(
        fc.property(fc.array(point, { minLength: 1, maxLength: MAX_LENGTH }), (points) => {
          const as = points.map(([a]) => a);
          const bs = points.map(([, b]) => b);
          const us = points.map(([, , u]) => u);
          const a = tensor(as, { requiresGrad: true });
          const b = tensor(bs, { requiresGrad: true });
          const y = callBinary(rule, a, b);
          expect(Array.from(y.data)).toEqual(as.map((ai, i) => rule.value(ai, bs[i]!)));
          y.backward(tensor(us));
          const expectedA = as.map((ai, i) => us[i]! * partialA(ai, bs[i]!));
          const expectedB = as.map((ai, i) => us[i]! * partialB(ai, bs[i]!));
          expectAllClose(a.grad!.data, expectedA, TOLERANCES.oracle, `${rule.name} a.grad`);
          expectAllClose(b.grad!.data, expectedB, TOLERANCES.oracle, `${rule.name} b.grad`);
        }),
        { numRuns: RUNS_PER_RULE },
      );
    });

    it(`${rule.name}: a broadcast scalar operand on either side, as a tensor or a number`, () => {
      // The broadcast scalar is drawn first, so that each element can be kept away from kinks next to it.
      const case_ = fc.record({
        tensorFirst: inside(sampleB).chain((bValue) =>
          fc.record({
            b: fc.constant(bValue),
            pairs: fc.array(
              fc.tuple(
                inside(sampleA).filter((ai) => keep(rule, ai, bValue)),
                seed,
              ),
              {
                minLength: 1,
                maxLength: MAX_LENGTH,
              },
            ),
          }),
        ),
        scalarFirst: fc
          .record({ a: inside(sampleA), bs: fc.array(inside(sampleB), { minLength: 1, maxLength: 4 }) })
          .filter(({ a, bs }) => bs.every((bi) => keep(rule, a, bi))),
      });
      fc.assert(
        fc.property(case_, ({ tensorFirst: { pairs, b: bValue }, scalarFirst }) => {
          const as = pairs.map(([ai]) => ai);
          const us = pairs.map(([, u]) => u);

          // A tensor with a one-element tensor operand: the scalar's gradient sums over the broadcast.
          const a = tensor(as, { requiresGrad: true });
          const b = tensor(bValue, { requiresGrad: true });
          callBinary(rule, a, b).backward(tensor(us));
          const expectedA = as.map((ai, i) => us[i]! * partialA(ai, bValue));
          const expectedB = as.reduce((total, ai, i) => total + us[i]! * partialB(ai, bValue), 0);
          expectAllClose(a.grad!.data, expectedA, TOLERANCES.oracle, `${rule.name} a.grad (scalar b)`);
          expectClose(b.grad!.item(), expectedB, TOLERANCES.oracle, `${rule.name} b.grad (scalar b)`);

          // A plain number operand: a constant, so only the tensor gets a gradient.
          const a2 = tensor(as, { requiresGrad: true });
          callBinary(rule, a2, bValue).backward(tensor(us));
          expectAllClose(a2.grad!.data, expectedA, TOLERANCES.oracle, `${rule.name} a.grad (number b)`);

          // The one-element operand first.
          const s = tensor([scalarFirst.a], { requiresGrad: true });
          const t = tensor(scalarFirst.bs, { requiresGrad: true });
          const y = callBinary(rule, s, t);
          expect(y.shape).toEqual([scalarFirst.bs.length]);
          y.sum().backward();
          const expectedS = scalarFirst.bs.reduce((total, bi) => total + partialA(scalarFirst.a, bi), 0);
          expectClose(s.grad!.item(), expectedS, TOLERANCES.oracle, `${rule.name} s.grad (scalar first)`);
          const expectedT = scalarFirst.bs.map((bi) => partialB(scalarFirst.a, bi));
          expectAllClose(t.grad!.data, expectedT, TOLERANCES.oracle, `${rule.name} t.grad (scalar first)`);
        }),
        { numRuns: RUNS_PER_RULE },
      );
    });
  }

  it('pow with a constant exponent differentiates negative bases at integer exponents', () => {
    const x = tensor([-2, 0, 3], { requiresGrad: true });
    x.pow(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([12, 0, 27]);
    const z = tensor([0, 2], { requiresGrad: true });
    z.pow(0).sum().backward();
    expect(z.grad?.toArray()).toEqual([0, 0]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Linear operations.

const entry = fc.double({ min: -2, max: 2, noNaN: true });
const vectorOf = (length: number) => fc.array(entry, { minLength: length, maxLength: length });

/** <u, v> by a plain loop, written here independently of the kernels. */
function inner(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < u.length; i++) total += u[i]! * v[i]!;
  return total;
}

/** A @ B on plain arrays by the definition, with 1-D operands as a row (left) or a column (right). */
function matmulByDefinition(
  a: readonly number[],
  b: readonly number[],
  m: number,
  k: number,
  n: number,
): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < k; p++) c[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
    }
  }
  return c;
}

/** The four operand layouts of matmul: 2-D @ 2-D, 1-D @ 2-D, 2-D @ 1-D, 1-D @ 1-D. */
const matmulCase = fc
  .record({
    m: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 1, max: 4 }),
    leftIsVector: fc.boolean(),
    rightIsVector: fc.boolean(),
  })
  .chain(({ m, k, n, leftIsVector, rightIsVector }) => {
    const rows = leftIsVector ? 1 : m;
    const cols = rightIsVector ? 1 : n;
    return fc.record({
      shapeA: fc.constant(leftIsVector ? [k] : [m, k]),
      shapeB: fc.constant(rightIsVector ? [k] : [k, n]),
      dims: fc.constant({ m: rows, k, n: cols }),
      a: vectorOf(rows * k),
      b: vectorOf(k * cols),
      da: vectorOf(rows * k),
      db: vectorOf(k * cols),
      u: vectorOf(rows * cols),
    });
  });

describe('sum, mean, dot and matmul', () => {
  it('sum and mean: gradients match the oracle and the dot-product identity', () => {
    const reductionCase = fc
      .integer({ min: 1, max: 8 })
      .chain((length) => fc.record({ xs: vectorOf(length), direction: vectorOf(length), u: entry }));
    fc.assert(
      fc.property(reductionCase, ({ xs, direction, u }) => {
        const v = Float64Array.from(direction);
        const x = tensor(xs, { requiresGrad: true });
        x.sum().backward(u);
        const sumOf = (p: number[]) => u * p.reduce((total, value) => total + value, 0);
        expectAllClose(x.grad!.data, oracleGradient(sumOf, xs), TOLERANCES.oracle, 'sum: x.grad');
        expectClose(inner(x.grad!.data, v), u * TENSOR_RULES.sum.jvp(v), TOLERANCES.exact, 'sum: <Jᵀu, v>');

        const y = tensor(xs, { requiresGrad: true });
        y.mean().backward(u);
        const meanOf = (p: number[]) => sumOf(p) / p.length;
        expectAllClose(y.grad!.data, oracleGradient(meanOf, xs), TOLERANCES.oracle, 'mean: x.grad');
        expectClose(inner(y.grad!.data, v), u * TENSOR_RULES.mean.jvp(v), TOLERANCES.exact, 'mean: <Jᵀu, v>');
      }),
      { numRuns: RUNS_LINEAR },
    );
  });

  it('dot: both gradients match the oracle and the dot-product identity', () => {
    const dotCase = fc.integer({ min: 1, max: 8 }).chain((length) =>
      fc.record({
        a: vectorOf(length),
        b: vectorOf(length),
        da: vectorOf(length),
        db: vectorOf(length),
        u: entry,
      }),
    );
    fc.assert(
      fc.property(dotCase, ({ a: as, b: bs, da, db, u }) => {
        const a = tensor(as, { requiresGrad: true });
        const b = tensor(bs, { requiresGrad: true });
        const y = a.dot(b);
        expectClose(y.item(), inner(as, bs), TOLERANCES.exact, 'dot value');
        y.backward(u);
        const n = as.length;
        const joint = oracleGradient((p) => u * inner(p.slice(0, n), p.slice(n)), [...as, ...bs]);
        expectAllClose(a.grad!.data, joint.subarray(0, n), TOLERANCES.oracle, 'a.grad');
        expectAllClose(b.grad!.data, joint.subarray(n), TOLERANCES.oracle, 'b.grad');
        const jvp = TENSOR_RULES.dot.jvp(
          Float64Array.from(as),
          Float64Array.from(bs),
          Float64Array.from(da),
          Float64Array.from(db),
        );
        expectClose(inner(a.grad!.data, da) + inner(b.grad!.data, db), u * jvp, TOLERANCES.exact, '<Jᵀu, v>');
      }),
      { numRuns: RUNS_LINEAR },
    );
  });

  it('matmul in all four layouts: values by definition, gradients by the oracle, the dot-product identity', () => {
    fc.assert(
      fc.property(matmulCase, ({ shapeA, shapeB, dims: { m, k, n }, a: as, b: bs, da, db, u }) => {
        const a = tensor(Float64Array.from(as), { shape: shapeA, requiresGrad: true });
        const b = tensor(Float64Array.from(bs), { shape: shapeB, requiresGrad: true });
        const y = a.matmul(b);
        expect(y.shape).toEqual(matmulDims(shapeA, shapeB).shape);
        expectAllClose(y.data, matmulByDefinition(as, bs, m, k, n), TOLERANCES.exact, 'A @ B');
        y.backward(tensor(Float64Array.from(u), { shape: y.shape }));

        const sizeA = as.length;
        const loss = (p: number[]) =>
          inner(u, matmulByDefinition(p.slice(0, sizeA), p.slice(sizeA), m, k, n));
        const joint = oracleGradient(loss, [...as, ...bs]);
        expectAllClose(a.grad!.data, joint.subarray(0, sizeA), TOLERANCES.oracle, 'A.grad');
        expectAllClose(b.grad!.data, joint.subarray(sizeA), TOLERANCES.oracle, 'B.grad');

        const dims = matmulDims(shapeA, shapeB);
        const jv = TENSOR_RULES.matmul.jvp(
          Float64Array.from(as),
          Float64Array.from(bs),
          Float64Array.from(da),
          Float64Array.from(db),
          dims,
        );
        expectClose(
          inner(a.grad!.data, da) + inner(b.grad!.data, db),
          inner(u, jv),
          TOLERANCES.exact,
          '<Jᵀu, v> = <u, Jv>',
        );
      }),
      { numRuns: RUNS_LINEAR },
    );
  });

  it('gives a constant operand of matmul and dot no gradient', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const x = tensor([5, 6], { requiresGrad: true });
    a.matmul(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([4, 6]);
    expect(a.grad).toBeNull();
    const c = tensor([1, -1]);
    c.dot(x).backward();
    expect(x.grad?.toArray()).toEqual([5, 5]);
    expect(c.grad).toBeNull();
  });
});

describe('a composite program', () => {
  it('with broadcasting, reshape, get, matmul and reductions matches the oracle', () => {
    const program = (p: readonly number[]): number => {
      // The same computation on plain numbers, written out by hand.
      const [w00, w01, w10, w11, s] = p as [number, number, number, number, number];
      const v = [Math.tanh(w00 * s), Math.tanh(w01 * s), Math.tanh(w10 * s), Math.tanh(w11 * s)];
      const h = [v[0]! * 1 + v[1]! * -2, v[2]! * 1 + v[3]! * -2];
      const mean = (Math.exp(h[0]!) + Math.exp(h[1]!)) / 2;
      return mean * v[3]! + Math.sin(s);
    };
    fc.assert(
      fc.property(vectorOf(5), (p) => {
        const w = tensor(Float64Array.from(p.slice(0, 4)), { shape: [2, 2], requiresGrad: true });
        const s = tensor(p[4]!, { requiresGrad: true });
        const v = w.mul(s).tanh();
        const h = v.matmul(tensor([1, -2]));
        const y = h
          .exp()
          .mean()
          .mul(v.reshape([4]).get(3))
          .add(s.sin());
        expectClose(y.item(), program(p), TOLERANCES.exact, 'value');
        y.backward();
        const expected = oracleGradient(program, p);
        expectAllClose(w.grad!.data, expected.subarray(0, 4), TOLERANCES.oracle, 'w.grad');
        expectClose(s.grad!.item(), expected[4]!, TOLERANCES.oracle, 's.grad');
      }),
      { numRuns: RUNS_LINEAR },
    );
  });
});
