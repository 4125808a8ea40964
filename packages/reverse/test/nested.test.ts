/** The nested tape: reverse mode inside another differentiation call (here, inside reverse mode). */
import {
  add,
  mul,
  PerturbationError,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  square,
  type UnivariateFunction,
} from '@dualtape/core';
import { derivative, gradient } from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';

/** reverse's `derivative` on any `Scalar` function (the nesting overload, without the generic signature). */
const derivativeOf = (f: (x: Scalar) => Scalar, x: Scalar): Scalar => derivative(f as UnivariateFunction, x);

describe('reverse mode nested inside reverse mode', () => {
  it('d/dx [x · d/dy (x + y)] at x = 1 is 1 (no perturbation confusion)', () => {
    expect(
      derivativeOf(
        (x) =>
          mul(
            x,
            derivativeOf((y) => add(x, y), 1),
          ),
        1,
      ),
    ).toBe(1);
  });

  it('d/dx [d/dy (x² · y)] = 2x, and a gradient of gradients: ∇ₓ Σ ∂f/∂xᵢ', () => {
    expect(derivativeOf((x) => derivativeOf((y) => mul(square(x), y), 2), 3)).toBe(6);
    // f = x0²·sin(x1): Σᵢ ∂f/∂xᵢ = 2 x0 sin x1 + x0² cos x1.
    const sum = (x: readonly Scalar[]) => {
      const g = gradient(([p, q]) => mul(square(p!), sin(q!)), x);
      return add(g[0]!, g[1]!);
    };
    const [a, b] = [0.8, 0.4];
    const result = gradient(sum as unknown as ScalarFunction, [a, b]);
    expect(result[0]).toBeCloseTo(2 * Math.sin(b) + 2 * a * Math.cos(b), 14);
    expect(result[1]).toBeCloseTo(2 * a * Math.cos(b) - a * a * Math.sin(b), 14);
  });

  it('a nested variable used after its call returned is a PerturbationError naming that call', () => {
    expect(() =>
      derivativeOf((x) => {
        let leaked: Scalar = 0;
        derivativeOf((y) => {
          leaked = y;
          return mul(x, y);
        }, 2);
        return mul(x, leaked);
      }, 3),
    ).toThrow(PerturbationError);
    expect(() =>
      derivativeOf((x) => {
        let leaked: Scalar = 0;
        derivativeOf((y) => {
          leaked = y;
          return y;
        }, 2);
        return mul(x, leaked);
      }, 3),
    ).toThrow(/variable of a nested derivative call was used after that call had finished/);
  });

  it('a nested call checks its output as the outer calls do', () => {
    expect(() => derivativeOf((x) => derivativeOf((y) => [mul(x, y)] as never, 2), 3)).toThrow(ShapeError);
  });
});
