/**
 * `compare`: every mode and scheme side by side on zoo functions — the AD rows agree with the reference,
 * each numeric row is within its own error estimate, and the work columns show the textbook counts.
 */
import { mul, newCounters, type Scalar, type ScalarFunction, square } from '@dualtape/core';
import { Complex, gradientWithError } from '@dualtape/numeric';
import { ZOO, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { COMPARE_SCHEMES, compare } from '../src/index.js';
import { TOLERANCES, zooPoint } from './helpers.js';

const AD_METHODS = ['tangent-code', 'forward', 'forward-chunked', 'adjoint-code', 'reverse'];

describe('compare', () => {
  it('puts tangent code, forward, chunked forward, adjoint code, reverse and four numeric schemes side by side, in that order', () => {
    const result = compare(([x, y]) => mul(square(x!), y!), [3, 2], { variables: ['x', 'y'] });
    expect(result.rows.map((row) => row.method)).toEqual([...AD_METHODS, ...COMPARE_SCHEMES]);
    expect(result.kind).toBe('gradient');
    expect(result.value).toBe(18);
    expect(result.reference).toBe('complex-step');
    const reverseRow = result.rows.find((row) => row.method === 'reverse')!;
    expect(Array.from(reverseRow.jacobian[0]!)).toEqual([12, 9]);
    expect(reverseRow.value).toBe(18);
  });

  it('agrees across modes on every zoo function, each numeric row within its own error estimate', () => {
    for (const entry of ZOO) {
      const size = Math.max(entry.minSize, Math.min(entry.defaultSize, 6));
      const instance = entry.instantiate(size);
      const x = zooPoint((random) => instance.sample(random), 17);
      const result = compare(instance.f, x);
      expect(result.outputs, entry.name).toBe(instance.outputSize);
      const reference = result.rows.find((row) => row.method === result.reference)!;
      const scale = Math.max(1, ...reference.jacobian.flatMap((row) => Array.from(row, Math.abs)));
      for (const row of result.rows) {
        expect(row.failure, `${entry.name} ${row.label}`).toBeUndefined();
        if (AD_METHODS.includes(row.method)) {
          const allowed = TOLERANCES.oracle.atol + TOLERANCES.oracle.rtol * scale;
          expect(row.disagreement.maxAbsolute, `${entry.name} ${row.label}`).toBeLessThanOrEqual(allowed);
        } else if (row.method !== result.reference) {
          // Two estimates each within their bound differ by at most the sum of the bounds.
          const bound = row.maxErrorEstimate! + reference.maxErrorEstimate!;
          expect(row.disagreement.maxAbsolute, `${entry.name} ${row.label}`).toBeLessThanOrEqual(bound);
        }
      }
    }
  });

  it('reports the work: N one-tangent passes, ceil(N/k) chunked passes, one sweep, and the numeric counts', () => {
    const rosenbrock = zooEntry('rosenbrock').instantiate(30);
    const x = zooPoint((random) => rosenbrock.sample(random), 3);
    const result = compare(rosenbrock.f, x, { chunkSize: 8 });
    const work = Object.fromEntries(result.rows.map((row) => [row.method, row.counters]));
    expect(work.forward!.passes).toBe(30);
    expect(work['forward-chunked']!.passes).toBe(4);
    expect(result.rows.find((row) => row.method === 'forward-chunked')!.label).toBe('forward (chunk 8)');
    expect(work.reverse!.sweeps).toBe(1);
    for (const scheme of COMPARE_SCHEMES) {
      const direct = newCounters();
      gradientWithError(rosenbrock.f as ScalarFunction, x, { scheme, counters: direct });
      expect(work[scheme], scheme).toEqual(direct);
    }
    for (const row of result.rows) {
      if (row.family === 'reverse') expect(row.tapeBytes).toBeGreaterThan(0);
      else expect(row.tapeBytes).toBeUndefined();
      expect(row.timeMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('falls back to Richardson as the reference when the complex step is not finite', () => {
    // Complex numbers take a branch that poisons the value: the complex step cannot referee this function.
    const f: ScalarFunction = <T extends Scalar>([x]: readonly T[]) =>
      (x instanceof Complex ? mul(x, Number.NaN) : square(x!)) as T;
    const result = compare(f, [3]);
    expect(result.reference).toBe('richardson');
    expect(result.rows.find((row) => row.method === 'reverse')!.disagreement.maxAbsolute).toBeLessThan(1e-8);
  });

  it('reports a hand-written derivative that throws in its row, and goes on', () => {
    const result = compare(([x]) => square(x!), [3], {
      handWritten: () => {
        throw new Error('not implemented');
      },
    });
    const row = result.rows.find((entry) => entry.method === 'hand-written')!;
    expect(row.failure).toBe('Error: not implemented');
    expect(row.disagreement.maxAbsolute).toBe(Number.POSITIVE_INFINITY);
    expect(result.rows.find((entry) => entry.method === 'reverse')!.failure).toBeUndefined();
  });
});
