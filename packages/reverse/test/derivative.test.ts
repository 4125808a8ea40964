import { DomainError, mul, type Scalar, ShapeError, sin, UsageError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative } from '../src/index.js';
import {
  expectClose,
  oracleDerivative,
  POINTS_PER_INSTANCE,
  SCALAR_INSTANCES,
  samplePoints,
  seededRandom,
  TOLERANCES,
} from './helpers.js';

const UNIVARIATE = SCALAR_INSTANCES.filter((instance) => instance.inputSize === 1);

describe('derivative', () => {
  it('gives d/dx x·sin(x) = sin(x) + x·cos(x)', () => {
    const f = <T extends Scalar>(x: T) => mul(x, sin(x));
    expectClose(derivative(f, 0.7), Math.sin(0.7) + 0.7 * Math.cos(0.7), TOLERANCES.exact);
  });

  it.each(UNIVARIATE.map((instance) => [instance.name, instance]))(
    'matches the oracle on zoo %s',
    (_name, instance) => {
      const f = <T extends Scalar>(x: T): T => instance.f([x]);
      for (const [point] of samplePoints(instance, POINTS_PER_INSTANCE, seededRandom(5))) {
        const expected = oracleDerivative((t) => instance.plain(Float64Array.of(t)), point!);
        expectClose(derivative(f, point!), expected, TOLERANCES.oracle, `${instance.name}'(${point})`);
      }
    },
  );

  it('gives 0 for a function that returns a plain number', () => {
    expect(derivative((() => 1) as <T extends Scalar>(x: T) => T, 2)).toBe(0);
  });

  it('refuses a non-finite x with a DomainError', () => {
    expect(() => derivative((x) => x, Number.NaN)).toThrow(DomainError);
    expect(() => derivative((x) => x, Number.POSITIVE_INFINITY)).toThrow(/derivative: x is Infinity/);
  });

  it('refuses an x that is not a number with a UsageError', () => {
    expect(() => derivative((x) => x, '1' as unknown as number)).toThrow(UsageError);
  });

  it('refuses a function that returns an array with a ShapeError', () => {
    const vector = ((x: Scalar) => [x, x]) as unknown as <T extends Scalar>(x: T) => T;
    expect(() => derivative(vector, 1)).toThrow(ShapeError);
  });
});
