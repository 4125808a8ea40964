import { add, div, exp, log, log1p, mul, type Scalar, sqrt, square, UsageError } from '@dualtape/core';
import { derivative, gradient, hessian, jacobian, jvp } from '@dualtape/forward';
import { anomalyOf } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';

const softplus = (x: Scalar) => log1p(exp(x));

describe('forward mode with detectAnomaly', () => {
  it('names the overflow the strong zero hides (log1p(exp(x)) at 1000: derivative 0 without it)', () => {
    expect(derivative(softplus, 1000)).toBe(0);
    const error = anomalyOf(() => derivative(softplus, 1000, { detectAnomaly: true }));
    expect(error.anomaly).toMatchObject({
      quantity: 'value',
      operation: 'exp',
      arguments: [1000],
      value: Number.POSITIVE_INFINITY,
      mode: 'forward',
      step: 0,
    });
    expect(error.message).toBe(
      'derivative: exp(1000) = Infinity: the first non-finite value, from finite arguments ' +
        '(forward pass 1 of 1 (seeding x), operation #0)',
    );
  });

  it('reports the first value, not a later one, and a tangent that blows up from finite tangents', () => {
    // log(x²) at 0: square is fine, log(0) is the first non-finite value.
    const first = anomalyOf(() =>
      gradient(([x]) => add(log(square(x!)), exp(div(1, x!))), [0], { detectAnomaly: true }),
    );
    expect(first.anomaly).toMatchObject({ operation: 'log', arguments: [0], quantity: 'value', step: 1 });
    // sqrt at 0 has value 0 and partial Infinity: the tangent becomes Infinity.
    const tangent = anomalyOf(() => derivative((x) => sqrt(x), 0, { detectAnomaly: true }));
    expect(tangent.anomaly).toMatchObject({
      quantity: 'tangent',
      operation: 'sqrt',
      arguments: [0],
      value: 0,
      partials: [Number.POSITIVE_INFINITY],
      result: Number.POSITIVE_INFINITY,
    });
    expect(tangent.anomaly.message).toContain(
      'the tangent through sqrt(0) = 0 became Infinity (partial Infinity)',
    );
  });

  it('names the pass and the lane in chunked gradients and Jacobians', () => {
    const f = <T extends Scalar>(x: readonly T[]): T => mul(x[0]!, sqrt(x[2]!));
    const chunked = anomalyOf(() => gradient(f, [1, 2, 0, 4], { chunkSize: 2, detectAnomaly: true }));
    expect(chunked.anomaly.where).toBe('forward pass 2 of 2 (seeding x[2]..x[3]), operation #0, lane 0');
    const rows = anomalyOf(() => jacobian((x) => [f(x)], [1, 2, 0, 4], { detectAnomaly: true }));
    expect(rows.anomaly.where).toContain('forward pass 1 of 1 (seeding x[0]..x[3])');
    expect(
      anomalyOf(() => jvp((x) => [f(x)], [1, 2, 0, 4], [0, 0, 1, 0], { detectAnomaly: true })).anomaly
        .operation,
    ).toBe('sqrt');
    expect(anomalyOf(() => hessian(f, [1, 2, 0, 4], { detectAnomaly: true })).anomaly.where).toMatch(
      /^forward-over-forward pass 1 of 4 \(seeding x\[0\]\.\.x\[3\], outer\), operation #/,
    );
  });

  it('changes nothing when nothing is non-finite, and is off by default', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]): T => mul(x!, exp(y!));
    expect(gradient(f, [2, 1], { detectAnomaly: true })).toEqual(gradient(f, [2, 1]));
    expect(hessian(f, [2, 1], { detectAnomaly: true })).toEqual(hessian(f, [2, 1]));
    expect(Number.isNaN(derivative((x) => log(x), -1))).toBe(true);
  });

  it('refuses a detectAnomaly that is not a boolean', () => {
    expect(() => derivative(softplus, 1, { detectAnomaly: 1 as unknown as boolean })).toThrow(UsageError);
  });
});
