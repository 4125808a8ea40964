/** `hessian`: forward over forward and reverse over reverse through one call. */
import { mul, pow, type ScalarFunction, square } from '@dualtape/core';
import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { hessian, type ModeChoice } from '../src/index.js';
import { expectAllClose, NUMERIC_HESSIAN, rosenbrockHessian, TOLERANCES, zooPoint } from './helpers.js';

describe('hessian', () => {
  it('keeps the cross term of x^y at y = 0 in every mode: ∂²/∂x∂y = 1/x, ∂²/∂y² = (log x)²', () => {
    // Regression: pow's ∂/∂x once returned a plain 0 at y = 0, dropping its derivative in y.
    const power: ScalarFunction = ([x, y]) => pow(x!, y!);
    const expected = [Float64Array.of(0, 0.5), Float64Array.of(0.5, Math.LN2 ** 2)];
    for (const mode of ['forward', 'reverse'] as const) {
      const h = hessian(power, [2, 0], { mode });
      expectAllClose(h[0]!, expected[0]!, TOLERANCES.exact, `${mode} row 0`);
      expectAllClose(h[1]!, expected[1]!, TOLERANCES.exact, `${mode} row 1`);
    }
    const numeric = hessian(power, [2, 0], { mode: 'numeric' });
    expectAllClose(numeric[0]!, expected[0]!, NUMERIC_HESSIAN, 'numeric row 0');
  });

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
