/**
 * Vector-valued zoo functions: the classic nonlinear systems of Moré, Garbow and Hillstrom (Chebyquad,
 * Brown almost-linear, trigonometric), R^n -> R^n, and a time series R -> R^size, where forward mode
 * should win. Each plain version repeats the generic one's operations in order.
 */
import { add, cos, mul, type Scalar, sin, sub, type VectorFunction } from '@dualtape/core';
import { uniformBox, vectorEntry } from './define.js';
import type { ZooEntry } from './types.js';

const SAME_AS_SIZE = (size: number): number => size;

/** [sin(k·t)] for k = 1..size: one input, many outputs. */
export const TIME_SERIES: ZooEntry = vectorEntry({
  name: 'time-series',
  description: '[sin(k t)] for k = 1..size, R -> R^size',
  defaultSize: 10,
  minSize: 1,
  inputSize: () => 1,
  outputSize: SAME_AS_SIZE,
  build: (length) => ({
    f: (<T extends Scalar>(x: readonly T[]): readonly T[] => {
      const t = x[0]!;
      const out = new Array<T>(length);
      for (let k = 1; k <= length; k++) out[k - 1] = sin(mul(k, t));
      return out;
    }) as VectorFunction,
    plain: (x) => {
      const t = x[0]!;
      const out = new Float64Array(length);
      for (let k = 1; k <= length; k++) out[k - 1] = Math.sin(k * t);
      return out;
    },
    scope: { length },
    sample: uniformBox(1, -3, 3),
  }),
});

/**
 * Chebyquad: y_k = (1/n) Σ_j T_k(2x_j − 1) for k = 1..n, plus 1/(k² − 1) for even k (minus the integral of
 * T_k over [0, 1]), with the Chebyshev polynomials T_k by their recurrence. Zero at the Chebyshev
 * quadrature nodes where they exist.
 */
export const CHEBYQUAD: ZooEntry = vectorEntry({
  name: 'chebyquad',
  description: 'Chebyquad system, R^n -> R^n (Chebyshev recurrence, +1/(k^2-1) for even k)',
  defaultSize: 8,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  outputSize: SAME_AS_SIZE,
  build: (n) => {
    const inverseN = 1 / n;
    const integralOf = (k: number): number => (k % 2 === 0 ? 1 / (k * k - 1) : 0);
    return {
      f: (<T extends Scalar>(x: readonly T[]): readonly T[] => {
        const sums = new Array<T | number>(n).fill(0);
        for (let j = 0; j < n; j++) {
          const t = sub(mul(2, x[j]!), 1);
          const twoT = mul(2, t);
          let previous: T | number = 1;
          let current: T = t;
          for (let k = 0; k < n; k++) {
            sums[k] = add(sums[k]!, current);
            if (k + 1 < n) {
              const next = sub(mul(twoT, current), previous);
              previous = current;
              current = next;
            }
          }
        }
        const out = new Array<T>(n);
        for (let k = 1; k <= n; k++) {
          const average = mul(sums[k - 1]!, inverseN) as T;
          out[k - 1] = k % 2 === 0 ? add(average, integralOf(k)) : average;
        }
        return out;
      }) as VectorFunction,
      plain: (x) => {
        const sums = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          const t = 2 * x[j]! - 1;
          const twoT = 2 * t;
          let previous = 1;
          let current = t;
          for (let k = 0; k < n; k++) {
            sums[k] = sums[k]! + current;
            if (k + 1 < n) {
              const next = twoT * current - previous;
              previous = current;
              current = next;
            }
          }
        }
        const out = new Float64Array(n);
        for (let k = 1; k <= n; k++) {
          const average = sums[k - 1]! * inverseN;
          out[k - 1] = k % 2 === 0 ? average + integralOf(k) : average;
        }
        return out;
      },
      scope: { n, inverseN, integralOf },
      sample: uniformBox(n, 0, 1),
    };
  },
});

/** Brown almost-linear: with s = Σ x, y_j = x_j + s − (n + 1) for j < n, and y_n = Π x − 1. */
export const BROWN: ZooEntry = vectorEntry({
  name: 'brown',
  description: 'Brown almost-linear system, R^n -> R^n',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  outputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): readonly T[] => {
      let total: T | number = 0;
      for (let j = 0; j < n; j++) total = add(total, x[j]!);
      const out = new Array<T>(n);
      for (let j = 0; j + 1 < n; j++) out[j] = sub(add(x[j]!, total), n + 1);
      let product: T = x[0]!;
      for (let j = 1; j < n; j++) product = mul(product, x[j]!);
      out[n - 1] = sub(product, 1);
      return out;
    }) as VectorFunction,
    plain: (x) => {
      let total = 0;
      for (let j = 0; j < n; j++) total = total + x[j]!;
      const out = new Float64Array(n);
      for (let j = 0; j + 1 < n; j++) out[j] = x[j]! + total - (n + 1);
      let product = x[0]!;
      for (let j = 1; j < n; j++) product = product * x[j]!;
      out[n - 1] = product - 1;
      return out;
    },
    // Around 1, where the product neither underflows nor overflows for large n.
    scope: { n },
    sample: uniformBox(n, 0.8, 1.25),
  }),
});

/** The trigonometric system: y_i = n − Σ_j cos(x_j) + i·(1 − cos(x_i)) − sin(x_i), i = 1..n. */
export const TRIGONOMETRIC: ZooEntry = vectorEntry({
  name: 'trigonometric',
  description: 'trigonometric system, y[i] = n - sum(cos(x)) + i(1 - cos(x[i])) - sin(x[i]), R^n -> R^n',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  outputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): readonly T[] => {
      const cosines = new Array<T>(n);
      let sumCosines: T | number = 0;
      for (let j = 0; j < n; j++) {
        cosines[j] = cos(x[j]!);
        sumCosines = add(sumCosines, cosines[j]!);
      }
      const shared = sub(n, sumCosines) as T;
      const out = new Array<T>(n);
      for (let i = 1; i <= n; i++) {
        out[i - 1] = sub(add(shared, mul(i, sub(1, cosines[i - 1]!))), sin(x[i - 1]!));
      }
      return out;
    }) as VectorFunction,
    plain: (x) => {
      const cosines = new Float64Array(n);
      let sumCosines = 0;
      for (let j = 0; j < n; j++) {
        cosines[j] = Math.cos(x[j]!);
        sumCosines = sumCosines + cosines[j]!;
      }
      const shared = n - sumCosines;
      const out = new Float64Array(n);
      for (let i = 1; i <= n; i++) {
        out[i - 1] = shared + i * (1 - cosines[i - 1]!) - Math.sin(x[i - 1]!);
      }
      return out;
    },
    scope: { n },
    sample: uniformBox(n, 0, 1),
  }),
});
