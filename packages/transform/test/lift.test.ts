import { ControlFlowError } from '@dualtape/core';
import { gradient as forwardGradient } from '@dualtape/forward';
import { gradient as numericGradient } from '@dualtape/numeric';
import { compileGradient, record, gradient as reverseGradient } from '@dualtape/reverse';
import { expectAllClose, TOLERANCES } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { lift } from '../src/lift.js';
import { fromSource } from './helpers.js';

// Plain JavaScript with a loop, a branch on x, a local array and a helper.
const SOURCE = `(x) => {
  function bump(v) { return v > 0 ? v * v : -v; }
  const t = new Float64Array(x.length);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    t[i] = Math.sin(x[i]) + bump(x[i]);
    total += t[i] * (i + 1);
  }
  return total + Math.hypot(t[0], x[x.length - 1]);
}`;
const f = fromSource<(x: ArrayLike<number>) => number>(SOURCE);
const x = [0.4, -0.3, 1.2];

/** The gradient by hand: f = Σ (i+1)(sin xᵢ + bump xᵢ) + hypot(t0, x_last). */
function expectedGradient(point: readonly number[]): number[] {
  const bump = (v: number) => (v > 0 ? 2 * v : -1);
  const t0 = Math.sin(point[0]!) + (point[0]! > 0 ? point[0]! ** 2 : -point[0]!);
  const last = point[point.length - 1]!;
  const r = Math.hypot(t0, last);
  return point.map((v, i) => {
    let g = (i + 1) * (Math.cos(v) + bump(v));
    if (i === 0) g += (t0 / r) * (Math.cos(v) + bump(v));
    if (i === point.length - 1) g += last / r;
    return g;
  });
}

describe('lift: plain JavaScript on core’s free functions, in every mode', () => {
  const lifted = lift(f);

  it('computes the same value as the original on plain numbers', () => {
    expect(lifted.fn(x)).toBe(f(x));
    expect(lifted.source).toContain('$sin(');
    expect(lifted.source).toContain('$gt('); // a comparison on x becomes a recorded comparison
  });

  it('forward (Dual and chunked duals), reverse, replay, compileGradient and the complex step agree', () => {
    const expected = expectedGradient(x);
    expectAllClose(
      forwardGradient(lifted.fn, x, { chunkSize: 1 }),
      expected,
      TOLERANCES.exact,
      'forward, 1 lane',
    );
    expectAllClose(
      forwardGradient(lifted.fn, x, { chunkSize: 3 }),
      expected,
      TOLERANCES.exact,
      'forward, chunked',
    );
    expectAllClose(reverseGradient(lifted.fn, x), expected, TOLERANCES.exact, 'reverse');
    const recording = record(lifted.fn, x);
    const elsewhere = [0.5, -0.2, 1.1];
    expectAllClose(recording.gradient(elsewhere), expectedGradient(elsewhere), TOLERANCES.exact, 'replay');
    const compiled = compileGradient(lifted.fn, x);
    const gradient = new Float64Array(3);
    expect(compiled(elsewhere, gradient)).toBeCloseTo(f(elsewhere), 13);
    expectAllClose(gradient, expectedGradient(elsewhere), TOLERANCES.exact, 'compileGradient');
    const complexStep = numericGradient(lifted.fn, x, { scheme: 'complex-step' });
    expectAllClose(complexStep, expected, TOLERANCES.exact, 'complex step');
  });

  it('keeps replay guards: a replay that would take the other branch refuses', () => {
    const recording = record(lifted.fn, x);
    expect(() => recording.gradient([-0.4, -0.3, 1.2])).toThrow(ControlFlowError);
  });

  it('keeps branches on counters and data as plain JavaScript', () => {
    const counting = lift(
      fromSource(
        '(x, d) => { let s = 0; for (let i = 0; i < d.length; i++) if (d[i] > 0) s += x[i]; return s; }',
      ),
    );
    expect(counting.source).toContain('i < t');
    expect(counting.source).not.toContain('$lt(i');
    expect((counting.fn as (...args: unknown[]) => number)([1, 2, 3], [1, -1, 1])).toBe(4);
  });
});
