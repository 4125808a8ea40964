/**
 * Source transformation in the umbrella: plain JavaScript in every mode and implementation (the transform
 * runs the generated code, overloading runs the lifted function), the transform preferred where it can read
 * f, and a closure handed to overloading with the transform's reason.
 */
import { mul, type ScalarFunction, type VectorFunction } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative, gradient, hessian, jacobian, jvp, type ModeChoice, vjp } from '../../src/index.js';
import { TOLERANCES } from '../helpers.js';

const plain = ((x: number[]) => x[0]! * x[0]! + Math.sin(x[1]!)) as unknown as ScalarFunction;
const expected = [2, Math.cos(2)];
const closeTo = (actual: ArrayLike<number>, wanted: readonly number[], tolerance: number) => {
  expect(actual.length).toBe(wanted.length);
  for (const [i, w] of wanted.entries()) {
    expect(Math.abs(actual[i]! - w)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(w)));
  }
};

describe('plain JavaScript through the umbrella', () => {
  it('gradient((x) => x[0] * x[0] + Math.sin(x[1])) in every mode and implementation', () => {
    for (const implementation of ['transform', 'overloading'] as const) {
      for (const mode of ['forward', 'reverse'] as const) {
        closeTo(gradient(plain, [1, 2], { mode, implementation }), expected, TOLERANCES.exact.rtol);
      }
    }
    closeTo(gradient(plain, [1, 2]), expected, TOLERANCES.exact.rtol);
    for (const scheme of ['central', 'richardson', 'complex-step'] as const) {
      closeTo(gradient(plain, [1, 2], { mode: 'numeric', scheme }), expected, 1e-6);
    }
  });

  it('derivative, jacobian, jvp, vjp and hessian of plain JavaScript', () => {
    const cube = ((t: number) => t ** 3) as unknown as (t: number) => number;
    for (const mode of ['forward', 'reverse', 'auto'] as const)
      expect(derivative(cube as never, 2, { mode })).toBe(12);
    const vector = ((x: number[]) => [x[0]! * x[1]!, Math.exp(x[0]!)]) as unknown as VectorFunction;
    for (const mode of ['forward', 'reverse', 'auto'] as const) {
      const rows = jacobian(vector, [1, 2], { mode });
      closeTo(rows[0]!, [2, 1], 1e-15);
      closeTo(rows[1]!, [Math.E, 0], 1e-15);
      closeTo(jvp(vector, [1, 2], [1, 1], { mode }).tangent, [3, Math.E], 1e-15);
      closeTo(vjp(vector, [1, 2], { mode }).pullback([1, 1]), [2 + Math.E, 1], 1e-15);
    }
    // Second derivatives come from the overloading modes, running the lifted function.
    const rows = hessian(plain, [1, 2], { mode: 'forward' });
    closeTo(rows[0]!, [2, 0], 1e-15);
    closeTo(rows[1]!, [0, -Math.sin(2)], 1e-15);
  });

  it("prefers the transform where it reads f, and 'auto' says so", () => {
    const choices: ModeChoice[] = [];
    gradient(plain, [1, 2], { onModeChoice: (c) => choices.push(c) });
    expect(choices[0]!.implementation).toBe('transform');
    expect(choices[0]!.reason).toMatch(/generated tangent code.*\[transform\]$/);
  });

  it('hands a closure over a variable to overloading, with the reason', () => {
    const scale = 3;
    const closure: ScalarFunction = ([x]) => mul(x!, scale);
    const choices: ModeChoice[] = [];
    expect(
      Array.from(gradient(closure, [2], { mode: 'reverse', onModeChoice: (c) => choices.push(c) })),
    ).toEqual([3]);
    expect(choices[0]!.implementation).toBe('overloading');
    expect(choices[0]!.reason).toContain("since transform: it cannot read f ('scale' is not defined here");
    expect(() => gradient(closure, [2], { mode: 'reverse', implementation: 'transform' })).toThrow(
      /the transform implementation of reverse mode cannot differentiate f: it cannot read f/,
    );
  });
});
