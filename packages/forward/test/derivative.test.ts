import {
  cos,
  DomainError,
  mul,
  newCounters,
  type Scalar,
  ShapeError,
  sin,
  type UnivariateFunction,
  UsageError,
} from '@dualtape/core';
import { derivative } from '@dualtape/forward';
import { ZOO } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { expectClose, oracleDerivative, SEED, seededRandom, TOLERANCES } from './helpers.js';

describe('derivative', () => {
  it('by hand: d/dx x·sin x = sin x + x·cos x', () => {
    expect(derivative((x) => mul(x, sin(x)), 1)).toBe(Math.sin(1) + Math.cos(1));
  });

  for (const entry of ZOO.filter((e) => e.kind === 'scalar' && e.inputSize(e.defaultSize) === 1)) {
    it(`${entry.name} (R -> R): matches the oracle and the hand-written derivative`, () => {
      const random = seededRandom(SEED);
      const instance = entry.instantiate(entry.defaultSize);
      if (instance.kind !== 'scalar') throw new Error(`${entry.name} is scalar`);
      for (let p = 0; p < 5; p++) {
        const x = instance.sample(random)[0]!;
        const d = derivative((t) => instance.f([t]), x);
        const expected = oracleDerivative((t) => instance.plain(Float64Array.of(t)), x);
        expectClose(d, expected, TOLERANCES.oracle, `${entry.name}'(${x})`);
        if (instance.analyticGradient) {
          const analytic = new Float64Array(1);
          instance.analyticGradient(Float64Array.of(x), analytic);
          expectClose(d, analytic[0]!, TOLERANCES.exact, `${entry.name}'(${x}) analytic`);
        }
      }
    });
  }

  it('a chain of a million operations needs no stack (no recursion)', () => {
    const depth = 1_000_000;
    const chain: UnivariateFunction = (x) => {
      let y: Scalar = x;
      for (let i = 0; i < depth; i++) y = sin(y);
      return y as typeof x;
    };
    // d/dx of the iterated sine is the product of cos over the chain, computed here in plain numbers.
    let y = 0.5;
    let expected = 1;
    for (let i = 0; i < depth; i++) {
      expected *= Math.cos(y);
      y = Math.sin(y);
    }
    expectClose(derivative(chain, 0.5), expected, TOLERANCES.exact, 'sin chain');
  });

  it('counts one pass and one lane', () => {
    const counters = newCounters();
    derivative(cos, 1, { counters });
    derivative(cos, 2, { counters });
    expect(counters).toMatchObject({ passes: 2, lanes: 2, sweeps: 0 });
  });

  it('bad input: non-finite x is a DomainError, an array output a ShapeError, a non-function a UsageError', () => {
    expect(() => derivative(sin, Number.NaN)).toThrow(DomainError);
    expect(() => derivative(sin, Number.NaN)).toThrow(/derivative: x is NaN/);
    const vector = ((x: Scalar) => [x, x]) as unknown as UnivariateFunction;
    expect(() => derivative(vector, 1)).toThrow(ShapeError);
    expect(() => derivative(1 as unknown as UnivariateFunction, 1)).toThrow(UsageError);
    expect(() => derivative(sin, '1' as unknown as number)).toThrow(UsageError);
  });

  it('NaN produced by f comes back as NaN', () => {
    expect(derivative((x) => mul(x, Number.NaN), 1)).toBeNaN();
  });
});
