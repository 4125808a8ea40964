import { seededRandom } from '@dualtape/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules.js';
import {
  addInto,
  binaryPartials,
  dotKernel,
  mapBinary,
  mapUnary,
  matmulKernel,
  multiplyPartial,
  reduceToLength,
  sumKernel,
  unaryPartial,
} from '../../src/tensor/kernels.js';
import { HEAVY_PROPERTY_RUNS } from '../helpers.js';

function randomArray(random: () => number, length: number): Float64Array {
  return Float64Array.from({ length }, () => 2 * random() - 1);
}

/** C = op(A)·op(B) by the definition, where op(A)[i][p] reads A transposed when asked. */
function naiveMatmul(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p = 0; p < k; p++) {
        const aip = transposeA ? a[p * m + i]! : a[i * k + p]!;
        const bpj = transposeB ? b[j * k + p]! : b[p * n + j]!;
        total += aip * bpj;
      }
      c[i * n + j] = total;
    }
  }
  return c;
}

describe('elementwise kernels', () => {
  it('mapUnary applies the rule value to each element', () => {
    const x = Float64Array.of(0.1, 1, 2.5);
    expect(Array.from(mapUnary(RULES.exp, x))).toEqual([Math.exp(0.1), Math.exp(1), Math.exp(2.5)]);
    expect(mapUnary(RULES.sin, new Float64Array(0))).toHaveLength(0);
  });

  it('mapBinary pairs elements and broadcasts a one-element operand on either side', () => {
    const a = Float64Array.of(1, 2, 3);
    const b = Float64Array.of(10, 20, 30);
    expect(Array.from(mapBinary(RULES.sub, a, b))).toEqual([-9, -18, -27]);
    expect(Array.from(mapBinary(RULES.sub, a, Float64Array.of(1)))).toEqual([0, 1, 2]);
    expect(Array.from(mapBinary(RULES.sub, Float64Array.of(1), a))).toEqual([0, -1, -2]);
    expect(Array.from(mapBinary(RULES.pow, Float64Array.of(2), Float64Array.of(3)))).toEqual([8]);
  });

  it('unaryPartial and binaryPartials evaluate the rule partials at each element', () => {
    const x = Float64Array.of(0.5, 2);
    const y = mapUnary(RULES.log, x);
    expect(Array.from(unaryPartial(RULES.log, x, y))).toEqual([2, 0.5]);
    const a = Float64Array.of(2, 3);
    const b = Float64Array.of(5);
    const product = mapBinary(RULES.mul, a, b);
    const [da, db] = binaryPartials(RULES.mul, a, b, product, true, true);
    expect(Array.from(da!)).toEqual([5, 5]);
    expect(Array.from(db!)).toEqual([2, 3]);
    const [skipped, onlyB] = binaryPartials(RULES.mul, a, b, product, false, true);
    expect(skipped).toBeNull();
    expect(Array.from(onlyB!)).toEqual([2, 3]);
  });

  it('multiplyPartial uses the strong zero and broadcasts', () => {
    const partial = Float64Array.of(Number.POSITIVE_INFINITY, 2, Number.NaN);
    const seed = Float64Array.of(0, 3, 0);
    expect(Array.from(multiplyPartial(partial, seed))).toEqual([0, 6, 0]);
    expect(Array.from(multiplyPartial(Float64Array.of(2), Float64Array.of(1, 2)))).toEqual([2, 4]);
  });
});

describe('reductions and accumulation', () => {
  it('sumKernel and dotKernel', () => {
    expect(sumKernel(Float64Array.of(1, 2, 3.5))).toBe(6.5);
    expect(sumKernel(new Float64Array(0))).toBe(0);
    expect(dotKernel(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6))).toBe(32);
  });

  it('addInto adds elementwise, or a one-element addend everywhere', () => {
    const target = Float64Array.of(1, 2, 3);
    addInto(target, Float64Array.of(10, 20, 30));
    expect(Array.from(target)).toEqual([11, 22, 33]);
    addInto(target, Float64Array.of(1));
    expect(Array.from(target)).toEqual([12, 23, 34]);
  });

  it('reduceToLength sums a broadcast operand back to one element', () => {
    const full = Float64Array.of(1, 2, 3);
    expect(reduceToLength(full, 3)).toBe(full);
    expect(Array.from(reduceToLength(full, 1))).toEqual([6]);
    expect(() => reduceToLength(full, 2)).toThrow(/reduceToLength: cannot reduce 3 elements to 2/);
  });
});

describe('matmulKernel', () => {
  it('computes a hand-checked product', () => {
    // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
    const c = matmulKernel(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });

  it('matches the naive triple loop, with and without transposes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, k, n, transposeA, transposeB, seed) => {
          const random = seededRandom(seed);
          const a = randomArray(random, m * k);
          const b = randomArray(random, k * n);
          const fast = matmulKernel(a, b, m, k, n, transposeA, transposeB);
          const naive = naiveMatmul(a, b, m, k, n, transposeA, transposeB);
          // Both sum over p in increasing order, so the results agree to the last bit.
          expect(Array.from(fast)).toEqual(Array.from(naive));
        },
      ),
      { numRuns: HEAVY_PROPERTY_RUNS },
    );
  });
});
