/**
 * A tensor program written once against core's `TensorLike` (a small MLP's loss) differentiated at
 * tensor level, against the same computation written element by element with core's free functions and
 * differentiated by the scalar reverse mode (same rules: they must agree to rounding), and against the
 * 9-point oracle.
 */
import { add, mul, type Scalar, square, sub, type TensorLike, tanh } from '@dualtape/core';
import {
  expectAllClose,
  expectClose,
  oracleGradient,
  seededRandom,
  TOLERANCES,
  uniformIn,
} from '@dualtape/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradient } from '../src/index.js';
import { noGrad, type Tensor, tensor } from '../src/tensor.js';

const RUNS = 10;

/** Batch, input, hidden and output sizes of the MLP. */
const BATCH = 3;
const INPUTS = 4;
const HIDDEN = 5;
const OUTPUTS = 2;

/** The loss as a tensor program: mean((tanh(X W1) W2 − T)²), for any tensor type. */
function mlpLoss<T extends TensorLike<T>>(x: T, w1: T, w2: T, target: T): T {
  return x.matmul(w1).tanh().matmul(w2).sub(target).square().mean();
}

/** The same loss element by element with core's free functions; `params` is W1 then W2, row-major. */
function mlpLossScalar<S extends Scalar>(
  params: readonly S[],
  x: readonly number[],
  target: readonly number[],
): S | number {
  const w1 = (i: number, j: number) => params[i * HIDDEN + j]!;
  const w2 = (j: number, o: number) => params[INPUTS * HIDDEN + j * OUTPUTS + o]!;
  let total: S | number = 0;
  for (let b = 0; b < BATCH; b++) {
    const hidden: (S | number)[] = [];
    for (let j = 0; j < HIDDEN; j++) {
      let pre: S | number = 0;
      for (let i = 0; i < INPUTS; i++) pre = add(pre, mul(x[b * INPUTS + i]!, w1(i, j)));
      hidden.push(tanh(pre));
    }
    for (let o = 0; o < OUTPUTS; o++) {
      let out: S | number = 0;
      for (let j = 0; j < HIDDEN; j++) out = add(out, mul(hidden[j]!, w2(j, o)));
      total = add(total, square(sub(out, target[b * OUTPUTS + o]!)));
    }
  }
  return mul(total, 1 / (BATCH * OUTPUTS));
}

const entries = (length: number) =>
  fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: length, maxLength: length });

describe('an MLP loss written once as a tensor program', () => {
  it('has the gradient of the same computation written with scalars, and of the oracle', () => {
    const problem = fc.record({
      x: entries(BATCH * INPUTS),
      target: entries(BATCH * OUTPUTS),
      params: entries(INPUTS * HIDDEN + HIDDEN * OUTPUTS),
    });
    fc.assert(
      fc.property(problem, ({ x, target, params }) => {
        const w1 = tensor(Float64Array.from(params.slice(0, INPUTS * HIDDEN)), {
          shape: [INPUTS, HIDDEN],
          requiresGrad: true,
        });
        const w2 = tensor(Float64Array.from(params.slice(INPUTS * HIDDEN)), {
          shape: [HIDDEN, OUTPUTS],
          requiresGrad: true,
        });
        const xs = tensor(Float64Array.from(x), { shape: [BATCH, INPUTS] });
        const ts = tensor(Float64Array.from(target), { shape: [BATCH, OUTPUTS] });

        const loss = mlpLoss(xs, w1, w2, ts);
        expect(loss.shape).toEqual([]);
        const plain = mlpLossScalar(params, x, target) as number;
        expectClose(loss.item(), plain, TOLERANCES.exact, 'loss');
        expectClose(
          noGrad(() => mlpLoss(xs, w1, w2, ts)).item(),
          plain,
          TOLERANCES.exact,
          'loss under noGrad',
        );
        loss.backward();
        const tensorGradient = [...w1.grad!.data, ...w2.grad!.data];

        const scalarGradient = gradient((p) => mlpLossScalar(p, x, target) as (typeof p)[number], params);
        expectAllClose(tensorGradient, scalarGradient, TOLERANCES.exact, 'tensor vs scalar reverse');
        const oracle = oracleGradient((p) => mlpLossScalar(p, x, target) as number, params);
        expectAllClose(tensorGradient, oracle, TOLERANCES.oracle, 'tensor vs oracle');
      }),
      { numRuns: RUNS },
    );
  });

  it('trains: plain gradient descent steps under noGrad lower the loss', () => {
    const random = seededRandom(20261125);
    const values = (length: number) => Float64Array.from({ length }, () => uniformIn(random, -1, 1));
    const x = tensor(values(BATCH * INPUTS), { shape: [BATCH, INPUTS] });
    const target = tensor(values(BATCH * OUTPUTS), { shape: [BATCH, OUTPUTS] });
    const weights: Tensor[] = [
      tensor(values(INPUTS * HIDDEN), { shape: [INPUTS, HIDDEN], requiresGrad: true }),
      tensor(values(HIDDEN * OUTPUTS), { shape: [HIDDEN, OUTPUTS], requiresGrad: true }),
    ];
    const first = mlpLoss(x, weights[0]!, weights[1]!, target).item();
    let last = first;
    for (let step = 0; step < 50; step++) {
      for (const w of weights) w.zeroGrad();
      const loss = mlpLoss(x, weights[0]!, weights[1]!, target);
      expect(loss.item()).toBeLessThanOrEqual(last);
      last = loss.item();
      loss.backward();
      // The update goes through new leaves: the step itself must not be recorded.
      for (const [i, w] of weights.entries()) {
        weights[i] = noGrad(() => w.sub(w.grad!.mul(0.1))).requiresGrad_();
      }
    }
    expect(last).toBeLessThan(first / 2);
  });
});
