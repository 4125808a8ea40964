import { add, type Scalar, type ScalarFunction, sub } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from '../../src/defaults.js';
import { gradientWithError } from '../../src/gradient.js';
import { type AnyFunction, Evaluator } from '../../src/internal/evaluator.js';
import { measureNoise } from '../../src/internal/noise.js';

/** x + a deterministic pseudo-random perturbation, uniform with standard deviation `sigma`. */
function noisy(sigma: number) {
  return ([x]: readonly number[]) => {
    const hash = Math.sin(x! * 12.9898e6) * 43758.5453;
    const uniform = hash - Math.floor(hash) - 0.5; // in [−½, ½): standard deviation 1/√12
    return x! + sigma * Math.sqrt(12) * uniform;
  };
}

/** An evaluator over a plain-number function (measureNoise only ever passes plain numbers). */
function evaluatorOf(f: (x: readonly number[]) => number): Evaluator {
  return new Evaluator('measureNoise test', f as unknown as AnyFunction, 'scalar');
}

describe('measureNoise', () => {
  it('reads a known noise level off the high-order differences, within a factor of 2', () => {
    for (const sigma of [1e-12, 1e-9, 1e-6]) {
      const measured = measureNoise(evaluatorOf(noisy(sigma)), Float64Array.of(0.7))[0]!;
      expect(measured, `σ = ${sigma}`).toBeGreaterThan(sigma / 2);
      expect(measured, `σ = ${sigma}`).toBeLessThan(2 * sigma);
    }
  });

  it('finds (almost) no noise in a smooth, accurately computed function', () => {
    const smooth = ([x]: readonly number[]) => Math.exp(x!);
    const measured = measureNoise(evaluatorOf(smooth), Float64Array.of(0.7))[0]!;
    expect(measured).toBeLessThan(4 * Number.EPSILON * Math.exp(0.7));
  });

  it('makes error bounds honest for a value computed through a cancellation', () => {
    // (1e8 + x) − 1e8 is x rounded to the grid of 1e8: noise ~ulp(1e8) = 1.5e-8 on a value of size 1,
    // far above the few ulps of |f| the bound would otherwise assume.
    const cancelled: ScalarFunction = <T extends Scalar>([x]: readonly T[]) => sub(add(x!, 1e8), 1e8) as T;
    for (const scheme of SCHEMES.filter((s) => s !== 'complex-step')) {
      const estimate = gradientWithError(cancelled, [0.3], { scheme });
      expect(Math.abs(estimate.value[0]! - 1), scheme).toBeLessThanOrEqual(estimate.error[0]!);
    }
  });
});
