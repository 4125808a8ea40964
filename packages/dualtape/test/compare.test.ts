/**
 * `compare`: every mode and scheme side by side on zoo functions — the AD rows agree with the reference,
 * each numeric row is within its own error estimate, and the work columns show the textbook counts.
 */
import { mul, newCounters, type Scalar, type ScalarFunction, square, stopGradient } from '@dualtape/core';
import { Complex, gradientWithError } from '@dualtape/numeric';
import { ZOO, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { COMPARE_SCHEMES, compare } from '../src/index.js';
import { curved, curvedHessian, HESSIAN_STRATEGIES, TOLERANCES, zooPoint } from './helpers.js';

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

describe('compare: a referee that cannot evaluate f', () => {
  it('says "could not run" in its row, shows no reference from it, and takes the next scheme', () => {
    // A closure over an object: the transform cannot read it, so Complex numbers meet JavaScript operators.
    const scale = { a: 3 };
    const f = (x: readonly number[]) => scale.a * x[0]! * x[1]! + Math.sin(x[2]!);
    const result = compare(f as unknown as ScalarFunction, [1, 2, 3]);
    const complexStep = result.rows.find((row) => row.method === 'complex-step')!;
    expect(complexStep.failure).toMatch(/^could not run: UsageError: Complex: .*JavaScript operator/);
    expect(result.reference).toBe('richardson');
    const richardson = result.rows.find((row) => row.method === 'richardson')!;
    expect(richardson.failure).toBeUndefined();
    expect(richardson.disagreement.maxAbsolute).toBe(0);
    expect(richardson.jacobian[0]![0]).toBeCloseTo(6, 10);
  });

  it('runs the complex step on plain JavaScript the transform reads (through its lifted form)', () => {
    const f = (x: readonly number[]) => x[0]! * x[1]! + Math.sin(x[2]!);
    const result = compare(f as unknown as ScalarFunction, [1, 2, 3]);
    const complexStep = result.rows.find((row) => row.method === 'complex-step')!;
    expect(complexStep.failure).toBeUndefined();
    expect(result.reference).toBe('complex-step');
    // Before the lift, Complex numbers met Math.sin and the row read 0, 0, 0.
    const [dx, dy, dz] = complexStep.jacobian[0]!;
    expect([dx, dy]).toEqual([2, 1]);
    expect(dz).toBeCloseTo(Math.cos(3), 15);
  });

  it('treats a function returning something other than a number as bad input', () => {
    expect(() => compare((() => 'one') as unknown as ScalarFunction, [1])).toThrow(
      /compare: f returned the string 'one' for plain-number inputs, not a number/,
    );
    expect(() =>
      compare(((x: readonly number[]) => [x[0], undefined]) as unknown as ScalarFunction, [1]),
    ).toThrow(/f returned undefined at output \[1\]/);
  });
});

describe("compare with kind: 'hessian'", () => {
  const f = curved;
  const exact = curvedHessian;

  it('puts every Hessian strategy beside the numeric Hessians', () => {
    const result = compare(f, [1, 2], { kind: 'hessian' });
    expect(result.kind).toBe('hessian');
    expect(result.rows.map((row) => row.method)).toEqual([
      ...HESSIAN_STRATEGIES,
      'central',
      'richardson',
      'complex-step',
    ]);
    expect(result.reference).toBe('complex-step');
    for (const row of result.rows) {
      expect(row.failure, row.label).toBeUndefined();
      expect(row.jacobian.length).toBe(2);
      if (row.family === 'numeric') {
        expect(row.errorEstimate, row.label).toBeDefined();
        continue;
      }
      row.jacobian.forEach((values, r) => {
        values.forEach((v, c) => {
          expect(v).toBeCloseTo(exact(1, 2)[r]![c]!, 12);
        });
      });
    }
  });

  it('refuses a vector function and an unknown kind', () => {
    expect(() =>
      compare(<T extends Scalar>([x, y]: readonly T[]) => [x!, y!], [1, 2], { kind: 'hessian' }),
    ).toThrow(/kind 'hessian' needs a scalar function, but f returns 2 values/);
    expect(() => compare(f, [1, 2], { kind: 'hesian' as 'hessian' })).toThrow(
      /kind must be 'gradient' or 'hessian', got 'hesian'/,
    );
  });

  it('has no reference for a function with stopGradient: no numeric Hessian follows it', () => {
    const stopped = <T extends Scalar>([x, y]: readonly T[]): T => mul(stopGradient(x!), mul(x!, y!));
    const result = compare(stopped, [1, 2], { kind: 'hessian' });
    expect(result.conventions).toEqual(['stopGradient']);
    expect(result.reference).toBeUndefined();
    // First derivatives: the complex step follows stopGradient and is the only reference allowed.
    const first = compare(stopped, [1, 2]);
    expect(first.reference).toBe('complex-step');
    expect(Array.from(first.rows.find((row) => row.method === 'complex-step')!.jacobian[0]!)).toEqual([2, 1]);
  });
});
