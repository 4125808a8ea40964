import { add, exp, log, log1p, mul, type Scalar, type ScalarFunction, sqrt, square } from '@dualtape/core';
import { anomalyOf } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import {
  compileGradient,
  derivative,
  gradient,
  hessian,
  jacobian,
  record,
  valueAndGradient,
  vjp,
} from '../../../src/index.js';

const softplus = <T extends Scalar>([x]: readonly T[]): T => log1p(exp(x!));
const watch = { detectAnomaly: true } as const;

describe('reverse mode with detectAnomaly', () => {
  it('names the overflow behind a gradient of 0 (log1p(exp(x)) at 1000), by tape entry', () => {
    expect(Array.from(gradient(softplus, [1000]))).toEqual([0]);
    const error = anomalyOf(() => gradient(softplus, [1000], watch));
    expect(error.anomaly).toMatchObject({
      quantity: 'value',
      operation: 'exp',
      arguments: [1000],
      value: Number.POSITIVE_INFINITY,
      mode: 'reverse',
      step: 1,
      where: 'tape entry #1',
    });
    expect(error.message).toBe(
      'gradient: exp(1000) = Infinity: the first non-finite value, from finite arguments (tape entry #1)',
    );
    for (const run of [
      () => valueAndGradient(softplus, [1000], watch),
      () => derivative((x) => log1p(exp(x)), 1000, watch),
      () => jacobian((x) => [softplus(x)], [1000], watch),
      () => vjp((x) => [softplus(x)], [1000], watch),
      () => hessian(softplus, [1000], watch),
      () => record(softplus, [1000], watch),
      () => compileGradient(softplus, [1000], watch),
    ]) {
      expect(anomalyOf(run).anomaly.operation).toBe('exp');
    }
  });

  it('reports the first adjoint that a partial makes non-finite, in sweep order', () => {
    // sqrt(x)·y at x = 0: every value is finite; sqrt's partial is Infinity, its adjoint y = 2.
    const f: ScalarFunction = <T extends Scalar>([x, y]: readonly T[]): T => mul(sqrt(x!), y!);
    const error = anomalyOf(() => gradient(f, [0, 2], watch));
    expect(error.anomaly).toMatchObject({
      quantity: 'adjoint',
      operation: 'sqrt',
      arguments: [0],
      value: 0,
      partials: [Number.POSITIVE_INFINITY],
      result: Number.POSITIVE_INFINITY,
      where: 'tape entry #2, sweep of the output',
    });
    expect(anomalyOf(() => jacobian((x) => [f(x), f(x)], [0, 2], watch)).anomaly.where).toBe(
      'tape entry #2, sweep of output 0',
    );
    expect(anomalyOf(() => vjp((x) => [f(x)], [0, 2], watch).pullback([1])).anomaly.where).toBe(
      'tape entry #2, sweep of the pullback',
    );
  });

  it('watches replays and sweeps of a recording', () => {
    const f: ScalarFunction = <T extends Scalar>([x]: readonly T[]): T => log(square(x!));
    const recording = record(f, [2]);
    expect(anomalyOf(() => recording.gradient([0], watch)).anomaly).toMatchObject({
      operation: 'log',
      arguments: [0],
      value: Number.NEGATIVE_INFINITY,
    });
    // Unwatched, the same replay returns what the modes return: log's partial 1/0 times square's 0.
    expect(Array.from(recording.gradient([0]))).toEqual([0]);
    expect(anomalyOf(() => recording.sweep(watch)).anomaly.operation).toBe('log');
    expect(Array.from(recording.gradient([3], watch))).toEqual([2 / 3]);
  });

  it('changes no result when everything is finite', () => {
    const f: ScalarFunction = <T extends Scalar>([x, y]: readonly T[]): T =>
      add(mul(x!, exp(y!)), square(x!));
    expect(gradient(f, [2, 1], watch)).toEqual(gradient(f, [2, 1]));
    expect(hessian(f, [2, 1], watch)).toEqual(hessian(f, [2, 1]));
  });
});
