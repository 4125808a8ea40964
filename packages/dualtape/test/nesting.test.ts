/**
 * Cross-mode nesting: a derivative of one mode taken inside a function differentiated by another. Core's
 * nesting levels order the calls, so perturbations of the two cannot be confused.
 */
import {
  add,
  mul,
  type Scalar,
  type ScalarFunction,
  sin,
  square,
  type UnivariateFunction,
} from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { curved, curvedHessian, expectAllClose, TOLERANCES } from './helpers.js';

type Derivative = (f: (x: Scalar) => Scalar, x: Scalar) => Scalar;
const DERIVATIVES: Readonly<Record<'forward' | 'reverse', Derivative>> = {
  forward: (f, x) => forward.derivative(f as never, x),
  reverse: (f, x) => reverse.derivative(f as never, x),
};

describe('cross-mode nesting', () => {
  for (const outer of ['forward', 'reverse'] as const) {
    for (const inner of ['forward', 'reverse'] as const) {
      it(`d/dx [x · d/dy (x + y)] at x = 1 is 1, ${outer} over ${inner} (not 2: no perturbation confusion)`, () => {
        const result = DERIVATIVES[outer](
          (x) =>
            mul(
              x,
              DERIVATIVES[inner]((y) => add(x, y), 1),
            ),
          1,
        );
        expect(result).toBe(1);
      });
      it(`d/dx [d/dy (x² · y)] at (x, y) = (3, 2) is 2x = 6, ${outer} over ${inner}`, () => {
        const result = DERIVATIVES[outer]((x) => DERIVATIVES[inner]((y) => mul(square(x), y), 2), 3);
        expect(result).toBe(6);
      });
    }
  }

  it('jvp of a reverse gradient is the Hessian times v (forward over reverse)', () => {
    const f = curved as ScalarFunction;
    const [x, y] = [0.7, -1.3];
    const v = [0.5, 2];
    const { tangent, value } = forward.jvp((point) => reverse.gradient(f, point), [x, y], v);
    const h = curvedHessian(x, y);
    expectAllClose(
      tangent,
      [h[0]![0]! * v[0]! + h[0]![1]! * v[1]!, h[1]![0]! * v[0]! + h[1]![1]! * v[1]!],
      TOLERANCES.exact,
    );
    expectAllClose(value, reverse.gradient(f, [x, y]), TOLERANCES.exact);
  });

  it('the gradient of a forward derivative: ∇ₓ d/dt f(x + t·v) = ∇²f·v (reverse over forward)', () => {
    const f = curved as ScalarFunction;
    const point = [0.4, 0.9];
    const v = [-1, 3];
    const directional = ((x: readonly Scalar[]) =>
      forward.derivative(
        (t: Scalar) => f(x.map((xi) => xi).map((xi, i) => add(xi, mul(v[i]!, t)))),
        0,
      )) as unknown as ScalarFunction;
    const h = curvedHessian(point[0]!, point[1]!);
    const expected = h.map((row) => row[0]! * v[0]! + row[1]! * v[1]!);
    expectAllClose(reverse.gradient(directional, point), expected, TOLERANCES.exact);
    expectAllClose(forward.gradient(directional, point), expected, TOLERANCES.exact);
  });

  it('a reverse gradient taken on an enclosing forward call’s numbers returns them (Scalar[])', () => {
    const result = forward.derivative((t) => {
      const g = reverse.gradient(([a, b]) => mul(a!, sin(b!)), [t, t]);
      return add(g[0]!, g[1]!);
    }, 0.5);
    // d/dt [sin t + t cos t] = 2 cos t − t sin t.
    expect(result).toBeCloseTo(2 * Math.cos(0.5) - 0.5 * Math.sin(0.5), 14);
  });

  it('a nested reverse call refuses detectAnomaly with the reason', () => {
    expect(() =>
      DERIVATIVES.forward(
        (t) =>
          reverse.derivative(((y: Scalar) => mul(t, y)) as UnivariateFunction, 1, { detectAnomaly: true }),
        1,
      ),
    ).toThrow(/detectAnomaly watches the typed-array tape/);
  });
});
