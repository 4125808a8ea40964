/** `hessian`: forward over forward and reverse over reverse through one call. */
import { mul, type ScalarFunction, square, zooEntry } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { hessian, type ModeChoice } from '../src/index.js';
import { expectAllClose, NUMERIC_HESSIAN, TOLERANCES, zooPoint } from './helpers.js';

/** The Hessian of extended Rosenbrock, derived by hand (tridiagonal). */
function rosenbrockHessian(x: Float64Array): Float64Array[] {
  const n = x.length;
  const h = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n - 1; i++) {
    h[i]![i]! += 1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2;
    h[i + 1]![i + 1]! += 200;
    h[i]![i + 1]! += -400 * x[i]!;
    h[i + 1]![i]! += -400 * x[i]!;
  }
  return h;
}

describe('hessian', () => {
  it('gives [[4, 2], [2, 0]] for x²·y at (1, 2) in every mode', () => {
    const f: ScalarFunction = ([x, y]) => mul(square(x!), y!);
    for (const mode of ['auto', 'forward', 'reverse'] as const) {
      expect(hessian(f, [1, 2], { mode }).map((row) => Array.from(row))).toEqual([
        [4, 2],
        [2, 0],
      ]);
    }
  });

  it("matches Rosenbrock's hand-derived Hessian in every mode", () => {
    const instance = zooEntry('rosenbrock').instantiate(6);
    const x = zooPoint((random) => instance.sample(random), 5);
    const expected = rosenbrockHessian(x);
    for (const mode of ['auto', 'forward', 'reverse'] as const) {
      let choice: ModeChoice | undefined;
      const rows = hessian(instance.f as ScalarFunction, x, {
        mode,
        onModeChoice: (made) => (choice = made),
      });
      rows.forEach((row, i) => {
        expectAllClose(row, expected[i]!, TOLERANCES.exact, `${mode} (${choice?.mode}) row ${i}`);
      });
    }
    const numericRows = hessian(instance.f as ScalarFunction, x, { mode: 'numeric', scheme: 'five-point' });
    numericRows.forEach((row, i) => {
      expectAllClose(row, expected[i]!, NUMERIC_HESSIAN, `numeric row ${i}`);
    });
  });
});
