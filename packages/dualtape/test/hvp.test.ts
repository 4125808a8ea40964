/** `hvp`: every strategy of every mode against hand-derived Hessians, the choice of 'auto', bad inputs. */
import { DomainError, mul, type ScalarFunction, ShapeError, square, UsageError } from '@dualtape/core';
import { zooEntry } from '@dualtape/zoo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HVP_STRATEGIES, hessian, hvp, type ModeChoice, type ModeOptions } from '../src/index.js';
import {
  curved,
  curvedHessian,
  expectAllClose,
  NUMERIC_HESSIAN,
  PROPERTY_RUNS,
  rosenbrockHessian,
  TOLERANCES,
  timesVector,
  zooPoint,
} from './helpers.js';

/** Every way the umbrella computes an HVP by AD: forward over forward and reverse's three strategies. */
const AD_STRATEGIES: readonly { readonly label: string; readonly options: ModeOptions }[] = [
  { label: 'forward over forward', options: { mode: 'forward' } },
  { label: 'forward over forward, 1 lane', options: { mode: 'forward', chunkSize: 1 } },
  ...HVP_STRATEGIES.map((strategy) => ({
    label: strategy.replaceAll('-', ' '),
    options: { mode: 'reverse', strategy } as const,
  })),
];

describe('hvp', () => {
  const instance = zooEntry('rosenbrock').instantiate(7);
  const rosenbrock = instance.f as ScalarFunction;
  const x = zooPoint((random) => instance.sample(random), 11);
  const v = Float64Array.from({ length: 7 }, (_, i) => Math.cos(3 * i) - 0.25);
  const expected = timesVector(rosenbrockHessian(x), v);

  for (const { label, options } of AD_STRATEGIES) {
    it(`matches Rosenbrock's hand-derived Hessian times v: ${label}`, () => {
      expectAllClose(hvp(rosenbrock, x, v, options), expected, TOLERANCES.exact, label);
    });
  }

  it("matches Rosenbrock's hand-derived Hessian times v in numeric mode, within second differences", () => {
    expectAllClose(hvp(rosenbrock, x, v, { mode: 'numeric' }), expected, NUMERIC_HESSIAN, 'numeric');
  });

  it('gives [4, 2] for x²·y at (1, 2) along e₀ in every mode', () => {
    const f: ScalarFunction = ([a, b]) => mul(square(a!), b!);
    for (const mode of ['auto', 'forward', 'reverse'] as const) {
      expect(Array.from(hvp(f, [1, 2], [1, 0], { mode }))).toEqual([4, 2]);
    }
  });

  it('is the Hessian times v for random points and directions (fast-check, every AD strategy)', () => {
    const coordinate = fc.double({ min: -2, max: 2, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(coordinate, coordinate), fc.tuple(coordinate, coordinate), (point, direction) => {
        const reference = timesVector(
          hessian(curved as ScalarFunction, point, { mode: 'reverse' }),
          direction,
        );
        const exact = timesVector(curvedHessian(point[0], point[1]), direction);
        for (const { label, options } of AD_STRATEGIES) {
          const product = hvp(curved as ScalarFunction, point, direction, options);
          expectAllClose(product, reference, TOLERANCES.exact, `${label} against hessian·v`);
          expectAllClose(product, exact, TOLERANCES.exact, `${label} against the exact Hessian`);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("'auto' takes forward over reverse for many inputs, forward over forward for two, and says why", () => {
    let choice: ModeChoice | undefined;
    const many = zooEntry('rosenbrock').instantiate(200);
    const point = zooPoint((random) => many.sample(random), 3);
    hvp(many.f as ScalarFunction, point, point, { onModeChoice: (made) => (choice = made) });
    expect(choice?.mode).toBe('reverse');
    expect(choice?.reason).toMatch(
      /^reverse: 200 inputs and 1 output — one forward-over-reverse sweep instead of/,
    );
    hvp(curved as ScalarFunction, [1, 2], [1, 0], { onModeChoice: (made) => (choice = made) });
    expect(choice?.mode).toBe('forward');
    expect(choice?.reason).toMatch(/forward-over-forward pass/);
  });

  it('takes plain JavaScript through the transform’s lifted form (the transform itself refuses hvp)', () => {
    const plain = (([a, b]: number[]) => a! * a! * Math.sin(b!)) as unknown as ScalarFunction;
    const exact = timesVector(curvedHessian(0.3, 1.1), [2, -1]);
    for (const { label, options } of AD_STRATEGIES) {
      expectAllClose(hvp(plain, [0.3, 1.1], [2, -1], options), exact, TOLERANCES.exact, label);
    }
    expect(() => hvp(plain, [0.3, 1.1], [2, -1], { mode: 'reverse', implementation: 'transform' })).toThrow(
      /first derivatives only/,
    );
  });

  it('refuses bad directions with the words of the other calls, in every mode and strategy', () => {
    const cases = [...AD_STRATEGIES.map(({ options }) => options), { mode: 'numeric' } as const];
    for (const options of cases) {
      const call = (direction: unknown) => () =>
        hvp(curved as ScalarFunction, [1, 2], direction as number[], options);
      expect(call([1]), JSON.stringify(options)).toThrow(ShapeError);
      expect(call([1]), JSON.stringify(options)).toThrow(
        'hvp: v has length 1 but x has length 2; they must match',
      );
      expect(call([1, Number.NaN]), JSON.stringify(options)).toThrow(DomainError);
      expect(call([1, Number.NaN]), JSON.stringify(options)).toThrow(/hvp: v\[1\] is NaN/);
      expect(call([1, Number.POSITIVE_INFINITY]), JSON.stringify(options)).toThrow(/hvp: v\[1\] is Infinity/);
    }
    expect(() => hvp(curved as ScalarFunction, [1, Number.NaN], [1, 0], { mode: 'reverse' })).toThrow(
      /hvp: x\[1\] is NaN/,
    );
  });

  it('refuses an unknown strategy, and a strategy outside reverse mode', () => {
    expect(() =>
      hvp(curved as ScalarFunction, [1, 2], [1, 0], { mode: 'reverse', strategy: 'sideways' as never }),
    ).toThrow(
      /hvp: unknown strategy 'sideways' \(expected one of forward-over-reverse, reverse-over-forward, reverse-over-reverse\)/,
    );
    expect(() =>
      hvp(curved as ScalarFunction, [1, 2], [1, 0], { mode: 'forward', strategy: 'reverse-over-reverse' }),
    ).toThrow(UsageError);
    expect(() =>
      hvp(curved as ScalarFunction, [1, 2], [1, 0], { mode: 'forward', strategy: 'reverse-over-reverse' }),
    ).toThrow(/option strategy would be ignored/);
  });
});
