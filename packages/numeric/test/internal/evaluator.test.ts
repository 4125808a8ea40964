import { add, exp, log, log1p, mul, type Scalar, type ScalarFunction, UsageError } from '@dualtape/core';
import { anomalyOf } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { dotProductTest } from '../../src/dot-product.js';
import { gradcheck } from '../../src/gradcheck.js';
import { derivative, gradient, gradientWithError, hessian, jacobian, jvp } from '../../src/index.js';

const softplus = <T extends Scalar>([x]: readonly T[]): T => log1p(exp(x!));

describe('numeric evaluations with detectAnomaly', () => {
  it('name the first evaluation that is not finite and the operation that made it', () => {
    const error = anomalyOf(() => gradient(softplus, [1000], { detectAnomaly: true }));
    expect(error.anomaly).toMatchObject({ quantity: 'value', operation: 'exp', mode: 'numeric', step: 0 });
    // The first evaluation the central scheme makes: a step (a power of two near cbrt(ε)·1000) away.
    expect(Math.abs(error.anomaly.arguments[0]! - 1000)).toBeLessThan(0.01);
    expect(error.anomaly.where).toMatch(/^evaluation #1 of f at \[(999|1000)\.\d+\], operation #0$/);
    // The complex step watches its own evaluation, at x itself.
    const complex = anomalyOf(() =>
      gradient(softplus, [1000], { scheme: 'complex-step', detectAnomaly: true }),
    );
    expect(complex.anomaly).toMatchObject({ quantity: 'value', operation: 'exp', arguments: [1000] });
    expect(complex.anomaly.where).toMatch(
      /^evaluation #1 of f at \[1000\] \+ i·\[(1e-17|9\.9+e-18)\] \(complex step\), operation #0$/,
    );
  });

  it('name f itself when it cannot be followed operation by operation', () => {
    const plain = ((x: readonly number[]) => Math.log(x[0]!)) as unknown as ScalarFunction;
    const error = anomalyOf(() => derivative((t) => plain([t]), -1, { detectAnomaly: true }));
    expect(error.anomaly.operation).toBe('f');
    expect(Number.isNaN(error.anomaly.value)).toBe(true);
  });

  it('run every call and scheme unchanged when f is finite, and return NaN as before when unwatched', () => {
    const f = <T extends Scalar>([x, y]: readonly T[]): T => add(mul(x!, y!), exp(y!));
    expect(gradient(f, [1, 2], { detectAnomaly: true })).toEqual(gradient(f, [1, 2]));
    expect(hessian(f, [1, 2], { detectAnomaly: true })).toEqual(hessian(f, [1, 2]));
    expect(jacobian((x) => [f(x)], [1, 2], { detectAnomaly: true })).toEqual(jacobian((x) => [f(x)], [1, 2]));
    expect(jvp((x) => [f(x)], [1, 2], [1, 0], { detectAnomaly: true })).toEqual(
      jvp((x) => [f(x)], [1, 2], [1, 0]),
    );
    expect(Number.isNaN(gradient(<T extends Scalar>([x]: readonly T[]) => log(x!) as T, [-1])[0]!)).toBe(
      true,
    );
  });
});

describe('numeric options: an unknown or misspelt option is a UsageError naming it', () => {
  const f = <T extends Scalar>([x, y]: readonly T[]): T => mul(x!, y!);
  it('in the schemes, gradcheck and the dot-product test', () => {
    expect(() => gradient(f, [1, 2], { schme: 'central' } as never)).toThrow(
      /gradient: unknown option 'schme' \(did you mean 'scheme'\?\)/,
    );
    // Numeric has no chunks and no mode: these used to be ignored.
    expect(() => gradientWithError(f, [1, 2], { chunkSize: 2 } as never)).toThrow(
      /unknown option 'chunkSize'/,
    );
    expect(() => hessian(f, [1, 2], { mode: 'numeric' } as never)).toThrow(/hessian: unknown option 'mode'/);
    expect(() => gradcheck(f, [1, 2], [2, 1], { tolerance: 1e-3 } as never)).toThrow(
      /gradcheck: unknown option 'tolerance'/,
    );
    expect(gradcheck(f, [1, 2], [2, 1], { atol: 1e-6, rtol: 1e-6, worst: 1 }).verdict).toBe('pass');
    const pair = { jvp: (v: Float64Array) => v, vjp: (u: Float64Array) => u, n: 2, m: 2 };
    expect(() => dotProductTest({ ...pair, seed: 3 } as never)).toThrow(
      /dotProductTest: unknown option 'seed'/,
    );
    expect(dotProductTest(pair).verdict).toBe('pass');
    expect(() => derivative((x) => x, 1, 'central' as never)).toThrow(UsageError);
  });
});
