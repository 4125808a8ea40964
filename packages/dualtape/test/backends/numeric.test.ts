/** Numeric mode's backend: the referee, never weighed by 'auto'; uᵀ·J through the numeric Jacobian. */
import { mul, newCounters, type VectorFunction } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { numericBackend } from '../../src/backends/numeric.js';
import { expectAllClose, TOLERANCES } from '../helpers.js';

describe('numeric backend', () => {
  it("is not automatic: 'auto' never asks it for a cost", () => {
    expect(numericBackend.automatic).toBe(false);
    expect(() =>
      numericBackend.cost({
        operation: 'gradient',
        inputs: 1,
        outputs: 1,
        chunkSize: undefined,
        probe: { operations: 0, tapeBytes: 0 },
        probed: false,
      }),
    ).toThrow(/referee/);
  });

  it('computes the Jacobian once, at the first pullback', () => {
    const f: VectorFunction = ([x, y]) => [mul(x!, y!), x!];
    const counters = newCounters();
    const product = numericBackend.vjp(f, [2, 3], { counters });
    expect(counters.evaluations).toBe(1);
    expectAllClose(product.pullback([1, 0]), [3, 2], TOLERANCES.central, 'first pullback');
    const afterFirst = counters.evaluations;
    expectAllClose(product.pullback([0, 1]), [1, 0], TOLERANCES.central, 'second pullback');
    expect(counters.evaluations).toBe(afterFirst);
  });
});
