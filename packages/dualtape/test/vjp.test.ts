/**
 * `vjp`: uᵀ·J in every mode (forward and numeric compute the Jacobian once, at the first pullback), and
 * the dot-product identity <u, J v> = <Jᵀ u, v> between the umbrella's jvp and vjp.
 */
import { DomainError, newCounters, ShapeError, type VectorFunction } from '@dualtape/core';
import * as reverse from '@dualtape/reverse';
import { zooEntry } from '@dualtape/zoo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jvp, vjp } from '../src/index.js';
import { expectAllClose, expectClose, PROPERTY_RUNS, TOLERANCES, zooPoint } from './helpers.js';

const trigonometric = zooEntry('trigonometric').instantiate(5);
const f = trigonometric.f as VectorFunction;
const x = zooPoint((random) => trigonometric.sample(random), 13);

describe('vjp', () => {
  it('agrees with reverse mode in forward and numeric mode', () => {
    const u = [1, -2, 0.5, 0, 3];
    const expected = reverse.vjp(f, x).pullback(u);
    expectAllClose(vjp(f, x, { mode: 'forward' }).pullback(u), expected, TOLERANCES.exact, 'forward');
    expectAllClose(vjp(f, x).pullback(u), expected, TOLERANCES.exact, 'auto');
    expectAllClose(vjp(f, x, { mode: 'numeric' }).pullback(u), expected, TOLERANCES.central, 'numeric');
    expect(Array.from(vjp(f, x, { mode: 'forward' }).value)).toEqual(Array.from(reverse.vjp(f, x).value));
  });

  it('computes the Jacobian once in forward mode, however many pullbacks follow', () => {
    const counters = newCounters();
    const product = vjp(f, x, { mode: 'forward', chunkSize: 1, counters });
    expect(counters.passes).toBe(0);
    product.pullback([1, 0, 0, 0, 0]);
    product.pullback([0, 1, 0, 0, 0]);
    expect(counters.passes).toBe(5);
  });

  it('satisfies <u, J v> = <Jᵀ u, v> in every mode pairing', () => {
    const direction = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(direction, direction, (u, v) => {
        const jv = jvp(f, x, v, { mode: 'forward' }).tangent;
        for (const mode of ['forward', 'reverse'] as const) {
          const jtu = vjp(f, x, { mode }).pullback(u);
          const left = u.reduce((total, ui, i) => total + ui * jv[i]!, 0);
          const right = v.reduce((total, vi, i) => total + vi * jtu[i]!, 0);
          const scale = u.reduce((total, ui, i) => total + Math.abs(ui * jv[i]!), 0);
          expectClose(
            left,
            right,
            { atol: TOLERANCES.exact.atol * (1 + scale), rtol: TOLERANCES.exact.rtol },
            mode,
          );
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses a cotangent of the wrong length or with a non-finite entry', () => {
    for (const mode of ['forward', 'reverse', 'numeric'] as const) {
      const product = vjp(f, x, { mode });
      expect(() => product.pullback([1, 2]), mode).toThrow(ShapeError);
      expect(() => product.pullback([1, 2, Number.NaN, 0, 0]), mode).toThrow(DomainError);
    }
  });
});
