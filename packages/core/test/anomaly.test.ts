import { describe, expect, it } from 'vitest';
import { AnomalyError, anomaly, nonFinite } from '../src/anomaly.js';
import { DualtapeError } from '../src/errors.js';

describe('anomaly reports', () => {
  const base = {
    operation: 'log',
    arguments: [0],
    value: Number.NEGATIVE_INFINITY,
    mode: 'reverse',
    step: 3,
    where: 'tape entry #3',
  } as const;

  it('say what became non-finite, from what, and where', () => {
    expect(anomaly({ ...base, quantity: 'value', partials: [], result: base.value }).message).toBe(
      'log(0) = -Infinity: the first non-finite value, from finite arguments (tape entry #3)',
    );
    const sqrt = { ...base, operation: 'sqrt', value: 0, partials: [Number.POSITIVE_INFINITY] };
    expect(anomaly({ ...sqrt, quantity: 'tangent', result: Number.POSITIVE_INFINITY }).message).toBe(
      "the tangent through sqrt(0) = 0 became Infinity (partial Infinity) while the arguments' tangents were finite (tape entry #3)",
    );
    const div = {
      ...base,
      operation: 'div',
      arguments: [1, -0],
      value: Number.NEGATIVE_INFINITY,
      partials: [-1 / 0, Number.NaN],
    };
    expect(anomaly({ ...div, quantity: 'adjoint', result: Number.NaN }).message).toBe(
      'the adjoint flowing back through div(1, -0) = -Infinity became NaN (partials -Infinity, NaN) from a finite adjoint (tape entry #3)',
    );
  });

  it('travel in an AnomalyError that names the call', () => {
    const report = anomaly({ ...base, quantity: 'value', partials: [], result: base.value });
    const error = new AnomalyError(report, 'gradient');
    expect(error).toBeInstanceOf(DualtapeError);
    expect(error.name).toBe('AnomalyError');
    expect(error.anomaly).toBe(report);
    expect(error.message).toBe(`gradient: ${report.message}`);
  });

  it('call NaN and both infinities non-finite, and nothing else', () => {
    expect([Number.NaN, Infinity, -Infinity].every(nonFinite)).toBe(true);
    expect([0, -0, 1e308, -5e-324].some(nonFinite)).toBe(false);
  });
});
