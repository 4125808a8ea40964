import {
  DomainError,
  log,
  mul,
  type Scalar,
  ShapeError,
  sin,
  type UnivariateFunction,
  UsageError,
} from '@dualtape/core';
import type { ZooScalarInstance } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from '../src/defaults.js';
import { derivative, derivativeWithError } from '../src/derivative.js';
import { ACCURACY, naturalScaleError, seededRandom, truthOf, zooInstances } from './helpers.js';

const square: UnivariateFunction = <T extends Scalar>(x: T) => mul(x, x);

describe('derivative', () => {
  it("sin'(1) = cos(1) by every scheme", () => {
    for (const scheme of SCHEMES) {
      const tolerance = scheme === 'forward' || scheme === 'backward' ? 1e-7 : 1e-10;
      expect(Math.abs(derivative(sin, 1, { scheme }) - Math.cos(1)), scheme).toBeLessThan(tolerance);
    }
    expect(derivative(sin, 1, { scheme: 'complex-step' })).toBe(Math.cos(1));
  });

  it('uses the documented step: forward differences of x² at 1 give exactly 2 + h, h the power of two near the step', () => {
    // step 1e-3 rounds to h = 2^-10; (f(1 + h) − f(1)) / h = 2 + h exactly in floating point.
    expect(derivative(square, 1, { scheme: 'forward', step: 1e-3 })).toBe(2 + 2 ** -10);
    expect(derivative(square, 1, { scheme: 'backward', step: 1e-3 })).toBe(2 - 2 ** -10);
    // The step scales with max(1, |x|): at x = 8 the same relative step is 2^-7.
    expect(derivative(square, 8, { scheme: 'forward', step: 1e-3 })).toBe(16 + 2 ** -7);
  });

  it('agrees with the analytic derivatives of the univariate zoo functions', () => {
    const univariate = zooInstances().filter(
      (instance): instance is ZooScalarInstance => instance.kind === 'scalar' && instance.inputSize === 1,
    );
    expect(univariate.length).toBeGreaterThanOrEqual(6);
    const random = seededRandom(17);
    for (const instance of univariate) {
      const f: UnivariateFunction = <T extends Scalar>(t: T) => instance.f([t]);
      for (let p = 0; p < 5; p++) {
        const x = instance.sample(random);
        const truth = truthOf(instance, x);
        const estimate = derivativeWithError(f, x[0]!, { scheme: 'richardson' });
        const error = naturalScaleError([[estimate.value]], truth.jacobian, truth.value, x);
        expect(error, `${instance.name} at ${x[0]}`).toBeLessThanOrEqual(ACCURACY.richardson);
        expect(Math.abs(estimate.value - truth.jacobian[0]![0]!)).toBeLessThanOrEqual(estimate.error);
      }
    }
  });

  it('refuses a non-finite x with a DomainError and a vector-valued f with a ShapeError', () => {
    expect(() => derivative(sin, Number.NaN)).toThrow(DomainError);
    expect(() => derivative(sin, Number.NaN)).toThrow(/derivative: x is NaN/);
    expect(() => derivative(sin, Number.POSITIVE_INFINITY)).toThrow(DomainError);
    const pair = (<T extends Scalar>(x: T) => [x, x]) as unknown as UnivariateFunction;
    expect(() => derivative(pair, 1)).toThrow(ShapeError);
    expect(() => derivative(1 as unknown as UnivariateFunction, 1)).toThrow(UsageError);
  });

  it('returns NaN outside the domain, flagged by an infinite error bound', () => {
    for (const scheme of SCHEMES) {
      expect(Number.isNaN(derivative(log, -1, { scheme })), scheme).toBe(true);
      const estimate = derivativeWithError(log, -1, { scheme });
      expect(estimate.error, scheme).toBe(Number.POSITIVE_INFINITY);
      expect(estimate.nonFinite, scheme).toBe(1);
    }
  });
});
