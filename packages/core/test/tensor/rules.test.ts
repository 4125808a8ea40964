import { expectClose, seededRandom } from '@dualtape/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotKernel } from '../../src/tensor/kernels.js';
import { matmulDims, TENSOR_RULES } from '../../src/tensor/rules.js';
import { EXACT_TOLERANCE, HEAVY_PROPERTY_RUNS } from '../helpers.js';

function randomArray(random: () => number, length: number): Float64Array {
  return Float64Array.from({ length }, () => 2 * random() - 1);
}

describe('matmulDims', () => {
  it('reads 1-D operands as a row on the left and a column on the right', () => {
    expect(matmulDims([2, 3], [3, 4])).toEqual({ m: 2, k: 3, n: 4, shape: [2, 4] });
    expect(matmulDims([3], [3, 4])).toEqual({ m: 1, k: 3, n: 4, shape: [4] });
    expect(matmulDims([2, 3], [3])).toEqual({ m: 2, k: 3, n: 1, shape: [2] });
    expect(matmulDims([3], [3])).toEqual({ m: 1, k: 3, n: 1, shape: [] });
  });

  it('refuses shapes that do not fit, naming matmul', () => {
    expect(() => matmulDims([2, 3], [4, 5])).toThrow(/matmul: inner dimensions differ/);
  });
});

describe('tensor rules satisfy the dot-product identity <u, J v> = <Jᵀ u, v>', () => {
  it('sum and mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer(), (length, seed) => {
        const random = seededRandom(seed);
        const v = randomArray(random, length);
        const u = 2 * random() - 1;
        for (const rule of [TENSOR_RULES.sum, TENSOR_RULES.mean]) {
          expectClose(u * rule.jvp(v), dotKernel(rule.vjp(u, length), v), EXACT_TOLERANCE);
        }
      }),
      { numRuns: HEAVY_PROPERTY_RUNS },
    );
  });

  it('dot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer(), (length, seed) => {
        const random = seededRandom(seed);
        const [a, b, da, db] = [0, 1, 2, 3].map(() => randomArray(random, length)) as Float64Array[];
        const u = 2 * random() - 1;
        const [ua, ub] = TENSOR_RULES.dot.vjp(u, a!, b!);
        const left = u * TENSOR_RULES.dot.jvp(a!, b!, da!, db!);
        expectClose(left, dotKernel(ua!, da!) + dotKernel(ub!, db!), EXACT_TOLERANCE);
      }),
      { numRuns: HEAVY_PROPERTY_RUNS },
    );
  });

  it('skips the side that is not wanted', () => {
    const dims = matmulDims([2, 3], [3, 2]);
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const [onlyA, noB] = TENSOR_RULES.matmul.vjp(new Float64Array(4).fill(1), a, a, dims, true, false);
    expect(onlyA).toHaveLength(6);
    expect(noB).toBeNull();
    const [noA, onlyB] = TENSOR_RULES.dot.vjp(2, a, a, false, true);
    expect(noA).toBeNull();
    expect(Array.from(onlyB!)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('matmul, on random matrices and vectors', () => {
    const shapes = fc.constantFrom<[number[], number[]]>([[2], [2]], [[3], [3, 4]], [[4, 3], [3]]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        (m, k, n, seed) => {
          const random = seededRandom(seed);
          const dims = matmulDims([m, k], [k, n]);
          const a = randomArray(random, m * k);
          const b = randomArray(random, k * n);
          const da = randomArray(random, m * k);
          const db = randomArray(random, k * n);
          const u = randomArray(random, m * n);
          const tangent = TENSOR_RULES.matmul.jvp(a, b, da, db, dims);
          const [ua, ub] = TENSOR_RULES.matmul.vjp(u, a, b, dims);
          expect(ua).toHaveLength(m * k);
          expect(ub).toHaveLength(k * n);
          expectClose(dotKernel(u, tangent), dotKernel(ua!, da) + dotKernel(ub!, db), EXACT_TOLERANCE);
        },
      ),
      { numRuns: HEAVY_PROPERTY_RUNS },
    );
    fc.assert(
      fc.property(shapes, fc.integer(), ([shapeA, shapeB], seed) => {
        const random = seededRandom(seed);
        const dims = matmulDims(shapeA, shapeB);
        const a = randomArray(random, dims.m * dims.k);
        const b = randomArray(random, dims.k * dims.n);
        const da = randomArray(random, a.length);
        const db = randomArray(random, b.length);
        const u = randomArray(random, dims.m * dims.n);
        const [ua, ub] = TENSOR_RULES.matmul.vjp(u, a, b, dims);
        const tangent = TENSOR_RULES.matmul.jvp(a, b, da, db, dims);
        expectClose(dotKernel(u, tangent), dotKernel(ua!, da) + dotKernel(ub!, db), EXACT_TOLERANCE);
      }),
      { numRuns: HEAVY_PROPERTY_RUNS },
    );
  });

  it('matmul JVP skips a constant (null) operand, and is zero when both are constant', () => {
    const dims = matmulDims([2, 2], [2, 2]);
    const a = Float64Array.of(1, 2, 3, 4);
    const b = Float64Array.of(5, 6, 7, 8);
    const identity = Float64Array.of(1, 0, 0, 1);
    // d(A·B) along dA = I with B fixed is B itself; along dB = I with A fixed it is A.
    expect(Array.from(TENSOR_RULES.matmul.jvp(a, b, identity, null, dims))).toEqual(Array.from(b));
    expect(Array.from(TENSOR_RULES.matmul.jvp(a, b, null, identity, dims))).toEqual(Array.from(a));
    expect(Array.from(TENSOR_RULES.matmul.jvp(a, b, null, null, dims))).toEqual([0, 0, 0, 0]);
  });

  it('matmul VJP is [Ȳ Bᵀ, Aᵀ Ȳ] on a hand-checked case', () => {
    const dims = matmulDims([1, 2], [2, 1]);
    // y = a1 b1 + a2 b2: ∂y/∂a = b, ∂y/∂b = a.
    const [ga, gb] = TENSOR_RULES.matmul.vjp(
      Float64Array.of(2),
      Float64Array.of(1, 3),
      Float64Array.of(5, 7),
      dims,
    );
    expect(Array.from(ga!)).toEqual([10, 14]);
    expect(Array.from(gb!)).toEqual([2, 6]);
  });
});
