import { UsageError } from '@dualtape/core';
import * as reverse from '@dualtape/reverse';
import { compile } from '@dualtape/transform';
import { describe, expect, it } from 'vitest';
import {
  ADBENCH_GMM,
  ADBENCH_WISHART,
  type GmmSizes,
  gmm,
  logGamma,
  wishartNormalizer,
} from '../../../src/experiments/peers/gmm.js';
import { expectAllClose, expectClose, oracleGradient, SEED, TOLERANCES } from '../../helpers.js';

const SMALL: GmmSizes = { dimensions: 3, components: 4, points: 20 };

/**
 * The objective written independently of the family's loops: Q_k as a d×d matrix, the mixture density
 * summed directly (no log-sum-exp shift), the prior from its definition.
 */
function referenceObjective(sizes: GmmSizes, data: Float64Array, params: ArrayLike<number>): number {
  const { dimensions: d, components: K, points: n } = sizes;
  const perComponent = d + (d * (d - 1)) / 2;
  const alpha = (k: number) => params[k]!;
  const mean = (k: number, j: number) => params[K + k * d + j]!;
  const icf = (k: number, l: number) => params[K + K * d + k * perComponent + l]!;
  const Q = Array.from({ length: K }, (_, k) => {
    const matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let j = 0; j < d; j++) matrix[j]![j] = Math.exp(icf(k, j));
    let l = d;
    for (let column = 0; column < d; column++)
      for (let row = column + 1; row < d; row++) matrix[row]![column] = icf(k, l++);
    return matrix;
  });
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    let density = 0;
    for (let k = 0; k < K; k++) {
      let logDeterminant = 0;
      for (let j = 0; j < d; j++) logDeterminant += icf(k, j);
      let squaredNorm = 0;
      for (let row = 0; row < d; row++) {
        let entry = 0;
        for (let column = 0; column < d; column++)
          entry += Q[k]![row]![column]! * (data[i * d + column]! - mean(k, column));
        squaredNorm += entry * entry;
      }
      density += Math.exp(alpha(k) + logDeterminant - 0.5 * squaredNorm);
    }
    logLikelihood += Math.log(density);
  }
  let weights = 0;
  for (let k = 0; k < K; k++) weights += Math.exp(alpha(k));
  const { gamma, m } = ADBENCH_WISHART;
  let prior = 0;
  for (let k = 0; k < K; k++) {
    let frobenius = 0;
    for (let row = 0; row < d; row++)
      for (let column = 0; column < d; column++) frobenius += Q[k]![row]![column]! ** 2;
    let logDeterminant = 0;
    for (let j = 0; j < d; j++) logDeterminant += icf(k, j);
    prior += 0.5 * gamma * gamma * frobenius - m * logDeterminant - wishartNormalizer(d, gamma, m);
  }
  return (-n * d * Math.log(2 * Math.PI)) / 2 + logLikelihood - n * Math.log(weights) + prior;
}

describe('the GMM objective (ADBench)', () => {
  it('lays out K + K·d + K·d(d+1)/2 parameters: 660 for d = K = 10', () => {
    expect(gmm(ADBENCH_GMM, SEED).inputs).toBe(660);
    expect(gmm(SMALL, SEED).params).toHaveLength(4 + 12 + 24);
  });

  it('has the hand-computed value for one point, one component, Q = 1 and a zero mean', () => {
    const problem = gmm({ dimensions: 1, components: 1, points: 1 }, SEED);
    const x = (problem.scope.data as Float64Array)[0]!;
    // −½ log 2π − ½x² for the Gaussian, −log e^0 = 0 for the weights, ½ − C with C = −log 2 for the prior.
    const expected = -0.5 * Math.log(2 * Math.PI) - 0.5 * x * x + 0.5 + Math.log(2);
    expectClose(problem.objective([0, 0, 0]), expected, TOLERANCES.exact, 'objective');
  });

  it('equals the matrix-by-matrix reference on seeded data and parameters', () => {
    for (const sizes of [SMALL, { dimensions: 5, components: 2, points: 7 }]) {
      const problem = gmm(sizes, SEED);
      const data = problem.scope.data as Float64Array;
      expectClose(
        problem.objective(problem.params),
        referenceObjective(sizes, data, problem.params),
        TOLERANCES.exact,
        `objective at ${JSON.stringify(sizes)}`,
      );
    }
  });

  it('transforms: the adjoint code’s gradient equals the tape’s and the finite-difference oracle’s', () => {
    const problem = gmm(SMALL, SEED);
    const compiled = compile(problem.objective, { scope: problem.scope });
    const { value, gradient } = compiled.valueAndGradient(problem.params);
    expect(value).toBe(problem.objective(problem.params));
    const tape = reverse.gradient(compiled.lift, problem.params);
    expectAllClose(gradient, tape, TOLERANCES.adjointCode, 'adjoint code vs tape');
    const oracle = oracleGradient((point) => problem.objective(point), problem.params);
    expectAllClose(gradient, oracle, TOLERANCES.oracle, 'adjoint code vs oracle');
  });

  it('at ADBench’s size the adjoint code still equals the tape, and saves values for its reverse sweep', () => {
    const problem = gmm(ADBENCH_GMM, SEED);
    const compiled = compile(problem.objective, { scope: problem.scope });
    const gradient = compiled.gradient(problem.params);
    expectAllClose(
      gradient,
      reverse.gradient(compiled.lift, problem.params),
      TOLERANCES.adjointCode,
      'gradient',
    );
    // The centred point and Q times it are overwritten for every point and component.
    expect(compiled.stats.bytesSaved).toBeGreaterThan(8 * ADBENCH_GMM.points * ADBENCH_GMM.components);
  });

  it('is deterministic for a seed', () => {
    const a = gmm(SMALL, 3);
    const b = gmm(SMALL, 3);
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(a.objective(a.params)).toBe(b.objective(b.params));
    expect(gmm(SMALL, 4).objective(a.params)).not.toBe(a.objective(a.params));
  });

  it('refuses sizes that are not positive integers, naming the size', () => {
    expect(() => gmm({ ...SMALL, points: 0 })).toThrow(UsageError);
    expect(() => gmm({ ...SMALL, dimensions: 2.5 })).toThrow(
      /dimensions must be a positive integer, got 2.5/,
    );
  });
});

describe('logGamma and the Wishart normaliser', () => {
  it('has the known values of log Γ', () => {
    expectClose(logGamma(1), 0, TOLERANCES.exact, 'log Γ(1)');
    expectClose(logGamma(2), 0, TOLERANCES.exact, 'log Γ(2)');
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), TOLERANCES.exact, 'log Γ(1/2)');
    expectClose(logGamma(10), Math.log(362880), TOLERANCES.exact, 'log Γ(10)');
    expectClose(logGamma(0.1), 2.252712651734206, TOLERANCES.exact, 'log Γ(0.1)');
    expectClose(logGamma(5.5), Math.log((945 / 32) * Math.sqrt(Math.PI)), TOLERANCES.exact, 'log Γ(11/2)');
  });

  it('refuses arguments outside its domain', () => {
    expect(() => logGamma(0)).toThrow(/expected a > 0, got 0/);
    expect(() => logGamma(Number.NaN)).toThrow(UsageError);
  });

  it('gives C = −log 2 for p = 1, γ = 1, m = 0 (n = 2: 2·(0 − ½ log 2) − log Γ(1))', () => {
    expectClose(wishartNormalizer(1, 1, 0), -Math.log(2), TOLERANCES.exact, 'C');
  });
});
