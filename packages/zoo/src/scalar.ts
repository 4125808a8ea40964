/**
 * Zoo functions R^N -> R built from sums over the inputs: the classic optimisation test functions
 * (Rosenbrock, Ackley), the textbook 2·x·x, stable log-sum-exp, a softmax whose gradient cancels to exactly
 * 0, and the DiffTests sums. Size is N. Each plain version repeats the generic one's operations in order.
 */
import {
  add,
  cos,
  div,
  dot,
  exp,
  logSumExp,
  mul,
  neg,
  pow,
  relu,
  type Scalar,
  type ScalarFunction,
  sigmoid,
  sqrt,
  square,
  sub,
} from '@dualtape/core';
import { awayFromZero, scalarEntry, uniformBox } from './define.js';
import type { ZooEntry } from './types.js';

const SAME_AS_SIZE = (size: number): number => size;

/** Extended Rosenbrock: Σ_{i<N} 100 (x_{i+1} − x_i²)² + (1 − x_i)². */
export const ROSENBROCK: ZooEntry = scalarEntry({
  name: 'rosenbrock',
  description: 'extended Rosenbrock, sum of 100(x[i+1] - x[i]^2)^2 + (1 - x[i])^2',
  defaultSize: 10,
  minSize: 2,
  inputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      let total: T | number = 0;
      for (let i = 0; i + 1 < n; i++) {
        const valley = sub(x[i + 1]!, square(x[i]!));
        const offset = sub(1, x[i]!);
        total = add(total, add(mul(100, square(valley)), square(offset)));
      }
      return total as T;
    }) as ScalarFunction,
    plain: (x) => {
      let total = 0;
      for (let i = 0; i + 1 < n; i++) {
        const valley = x[i + 1]! - x[i]! * x[i]!;
        const offset = 1 - x[i]!;
        total = total + (100 * (valley * valley) + offset * offset);
      }
      return total;
    },
    analyticGradient: (x, gradient) => {
      gradient.fill(0);
      let total = 0;
      for (let i = 0; i + 1 < n; i++) {
        const valley = x[i + 1]! - x[i]! * x[i]!;
        const offset = 1 - x[i]!;
        total = total + (100 * (valley * valley) + offset * offset);
        gradient[i]! += -400 * x[i]! * valley - 2 * offset;
        gradient[i + 1]! += 200 * valley;
      }
      return total;
    },
    scope: { n },
    sample: uniformBox(n, -2, 2),
  }),
});

const ACKLEY_A = 20;
const ACKLEY_B = 0.2;
const ACKLEY_C = 2 * Math.PI;

/** Ackley: −a·exp(−b·sqrt(mean(x²))) − exp(mean(cos(c·x))) + a + e, with a = 20, b = 0.2, c = 2π. */
export const ACKLEY: ZooEntry = scalarEntry({
  name: 'ackley',
  description: 'Ackley, -20 exp(-0.2 sqrt(mean(x^2))) - exp(mean(cos(2 pi x))) + 20 + e',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  build: (n) => {
    const inverseN = 1 / n;
    const constant = ACKLEY_A + Math.E;
    return {
      f: (<T extends Scalar>(x: readonly T[]): T => {
        let sumSquares: T | number = 0;
        let sumCosines: T | number = 0;
        for (let i = 0; i < n; i++) {
          sumSquares = add(sumSquares, square(x[i]!));
          sumCosines = add(sumCosines, cos(mul(ACKLEY_C, x[i]!)));
        }
        const radius = sqrt(mul(sumSquares, inverseN));
        const first = mul(-ACKLEY_A, exp(mul(-ACKLEY_B, radius)));
        const second = exp(mul(sumCosines, inverseN));
        return add(sub(first, second), constant) as T;
      }) as ScalarFunction,
      plain: (x) => {
        let sumSquares = 0;
        let sumCosines = 0;
        for (let i = 0; i < n; i++) {
          sumSquares = sumSquares + x[i]! * x[i]!;
          sumCosines = sumCosines + Math.cos(ACKLEY_C * x[i]!);
        }
        const radius = Math.sqrt(sumSquares * inverseN);
        const first = -ACKLEY_A * Math.exp(-ACKLEY_B * radius);
        const second = Math.exp(sumCosines * inverseN);
        return first - second + constant;
      },
      analyticGradient: (x, gradient) => {
        let sumSquares = 0;
        let sumCosines = 0;
        for (let i = 0; i < n; i++) {
          sumSquares = sumSquares + x[i]! * x[i]!;
          sumCosines = sumCosines + Math.cos(ACKLEY_C * x[i]!);
        }
        const radius = Math.sqrt(sumSquares * inverseN);
        const decay = Math.exp(-ACKLEY_B * radius);
        const second = Math.exp(sumCosines * inverseN);
        for (let i = 0; i < n; i++) {
          gradient[i] =
            (ACKLEY_A * ACKLEY_B * decay * x[i]!) / (n * radius) +
            (second * ACKLEY_C * Math.sin(ACKLEY_C * x[i]!)) / n;
        }
        return -ACKLEY_A * decay - second + constant;
      },
      scope: { n, inverseN, constant, ACKLEY_A, ACKLEY_B, ACKLEY_C },
      sample: uniformBox(n, -2, 2),
    };
  },
});

/** y = 2·(x·x), the textbook example: gradient 4x. */
export const DOT_2XX: ZooEntry = scalarEntry({
  name: 'dot-2xx',
  description: 'the textbook y = 2 x.x (gradient 4x)',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => mul(2, dot(x, x))) as ScalarFunction,
    plain: (x) => 2 * plainDot(x, n),
    analyticGradient: (x, gradient) => {
      for (let i = 0; i < n; i++) gradient[i] = 4 * x[i]!;
      return 2 * plainDot(x, n);
    },
    sample: uniformBox(n, -2, 2),
  }),
});

/** Σ xᵢ·xᵢ from 0, in index order, as `dot` computes it. */
function plainDot(x: Float64Array, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total = total + x[i]! * x[i]!;
  return total;
}

/** 1 / (1 + exp(−x·x)): the logistic function of the input's squared length. */
export const SELF_WEIGHTED_LOGIT: ZooEntry = scalarEntry({
  name: 'self-weighted-logit',
  description: '1 / (1 + exp(-x.x))',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => sigmoid(dot(x, x))) as ScalarFunction,
    plain: (x) => 1 / (1 + Math.exp(-plainDot(x, n))),
    analyticGradient: (x, gradient) => {
      const y = 1 / (1 + Math.exp(-plainDot(x, n)));
      for (let i = 0; i < n; i++) gradient[i] = y * (1 - y) * 2 * x[i]!;
      return y;
    },
    sample: uniformBox(n, -1.5, 1.5),
  }),
});

/** Σ (−xᵢ)³: a power of a negative base with a constant integer exponent. */
export const CUBIC_SUM: ZooEntry = scalarEntry({
  name: 'cubic-sum',
  description: 'sum of (-x[i])^3',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      let total: T | number = 0;
      for (let i = 0; i < n; i++) total = add(total, pow(neg(x[i]!), 3));
      return total as T;
    }) as ScalarFunction,
    plain: (x) => {
      let total = 0;
      for (let i = 0; i < n; i++) total = total + (-x[i]!) ** 3;
      return total;
    },
    analyticGradient: (x, gradient) => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        total = total + (-x[i]!) ** 3;
        gradient[i] = -3 * x[i]! * x[i]!;
      }
      return total;
    },
    scope: { n },
    sample: uniformBox(n, -2, 2),
  }),
});

/** Smallest |xᵢ| the ReLU sampler produces: difference stencils of relative step 1e-2 stay on one side. */
const RELU_GAP = 0.1;

/** Σ max(xᵢ, 0). */
export const RELU_SUM: ZooEntry = scalarEntry({
  name: 'relu-sum',
  description: 'sum of max(x[i], 0)',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      let total: T | number = 0;
      for (let i = 0; i < n; i++) total = add(total, relu(x[i]!));
      return total as T;
    }) as ScalarFunction,
    plain: (x) => {
      let total = 0;
      for (let i = 0; i < n; i++) total = total + Math.max(x[i]!, 0);
      return total;
    },
    analyticGradient: (x, gradient) => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        total = total + Math.max(x[i]!, 0);
        gradient[i] = x[i]! > 0 ? 1 : 0;
      }
      return total;
    },
    scope: { n },
    sample: awayFromZero(n, RELU_GAP, 3),
  }),
});

/** log Σ exp(xᵢ), computed stably (core's `logSumExp`): gradient softmax(x). */
export const LOGSUMEXP: ZooEntry = scalarEntry({
  name: 'logsumexp',
  description: 'log(sum(exp(x))), shifted by the maximum (gradient softmax(x))',
  defaultSize: 10,
  minSize: 1,
  inputSize: SAME_AS_SIZE,
  build: (n) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => logSumExp(x)) as ScalarFunction,
    plain: (x) => plainLogSumExp(x, n),
    analyticGradient: (x, gradient) => {
      const value = plainLogSumExp(x, n);
      for (let i = 0; i < n; i++) gradient[i] = Math.exp(x[i]! - value);
      return value;
    },
    sample: uniformBox(n, -5, 5),
  }),
});

/** The same steps as core's `logSumExp` on plain numbers. */
function plainLogSumExp(x: Float64Array, n: number): number {
  let shift = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) shift = Math.max(shift, x[i]!);
  if (!Number.isFinite(shift)) shift = 0;
  let total = 0;
  for (let i = 0; i < n; i++) total = total + Math.exp(x[i]! - shift);
  return Math.log(total) + shift;
}

/** Rows of the softmax-cancellation matrix (its size is the number of columns). */
export const SOFTMAX_ROWS = 3;

/**
 * Σ_rows Σ_j softmax_j of a rows × size matrix: always equal to the number of rows, so the true gradient
 * is exactly 0 and any non-zero result is cancellation error. Written with unshifted exponentials on
 * purpose, as a cancellation test.
 */
export const SOFTMAX_CANCELLATION: ZooEntry = scalarEntry({
  name: 'softmax-cancellation',
  description: `sum over ${SOFTMAX_ROWS} rows of sum(softmax(row)) = ${SOFTMAX_ROWS}, whose exact gradient is 0; size = columns`,
  defaultSize: 10,
  minSize: 1,
  inputSize: (columns) => SOFTMAX_ROWS * columns,
  build: (columns) => {
    const plain = (x: Float64Array): number => {
      const exponentials = new Float64Array(columns);
      let total = 0;
      for (let r = 0; r < SOFTMAX_ROWS; r++) {
        let denominator = 0;
        for (let j = 0; j < columns; j++) {
          exponentials[j] = Math.exp(x[r * columns + j]!);
          denominator = denominator + exponentials[j]!;
        }
        for (let j = 0; j < columns; j++) total = total + exponentials[j]! / denominator;
      }
      return total;
    };
    return {
      f: (<T extends Scalar>(x: readonly T[]): T => {
        const exponentials = new Array<T>(columns);
        let total: T | number = 0;
        for (let r = 0; r < SOFTMAX_ROWS; r++) {
          let denominator: T | number = 0;
          for (let j = 0; j < columns; j++) {
            exponentials[j] = exp(x[r * columns + j]!);
            denominator = add(denominator, exponentials[j]!);
          }
          for (let j = 0; j < columns; j++) total = add(total, div(exponentials[j]!, denominator));
        }
        return total as T;
      }) as ScalarFunction,
      plain,
      analyticGradient: (x, gradient) => {
        gradient.fill(0);
        return plain(x);
      },
      scope: { columns, SOFTMAX_ROWS },
      sample: uniformBox(SOFTMAX_ROWS * columns, -3, 3),
    };
  },
});
