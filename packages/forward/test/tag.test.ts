import { add, cos, lt, mul, PerturbationError, type Scalar, sin, square } from '@dualtape/core';
import { derivative, gradient, Tag } from '@dualtape/forward';
import { describe, expect, it } from 'vitest';

describe('tags keep nested derivatives apart', () => {
  it('d/dx [x · d/dy (x + y) at y = 1] at x = 1 is 1 (perturbation confusion would give 2)', () => {
    const outer = derivative(
      (x) =>
        mul(
          x,
          derivative((y) => add(x, y), 1),
        ),
      1,
    );
    expect(outer).toBe(1);
  });

  it('the same with the operands of the inner sum swapped', () => {
    expect(
      derivative(
        (x) =>
          mul(
            x,
            derivative((y) => add(y, x), 1 as Scalar),
          ),
        1,
      ),
    ).toBe(1);
  });

  it('d/dx [x · d/dy (x·y) at y = 1] at x = 4 is 8', () => {
    expect(
      derivative(
        (x) =>
          mul(
            x,
            derivative((y) => mul(x, y), 1),
          ),
        4,
      ),
    ).toBe(8);
  });

  it("the nested call's result, typed number when the point is a plain number, refuses JavaScript operators", () => {
    expect(() =>
      derivative((x) => {
        const inner = derivative((y) => mul(x, y), 1);
        return inner * 2; // a Dual at run time: * would drop its tangent
      }, 4),
    ).toThrow(/used with a JavaScript operator/);
  });

  it('an inner derivative evaluated at the outer variable: d/dx [d/dy y² at y = x] = 2', () => {
    expect(derivative((x) => derivative((y) => square(y), x), 3)).toBe(2);
  });

  it('third derivatives: d³/dx³ x³ = 6, d³/dx³ sin at 0.7 = -cos(0.7)', () => {
    const cube = (z: Scalar) => mul(z, mul(z, z));
    expect(derivative((x) => derivative((y) => derivative(cube, y), x), 2)).toBe(6);
    const third = derivative((x) => derivative((y) => derivative(sin, y), x), 0.7);
    expect(third).toBe(-cos(0.7));
  });

  it('gradient nests inside derivative: d/dt of ∂/∂a (a²·b) at (t, 2) = 2·2 = 4', () => {
    const mixed = derivative((t) => {
      const g = gradient(([a, b]) => mul(square(a!), b!), [t, 2] as Scalar[]);
      return g[0]!;
    }, 1.5);
    expect(mixed).toBe(4);
  });

  it('gradient with plain inputs inside derivative carries the closed-over outer dual', () => {
    // g(y) = x·y² ⇒ ∂g/∂y at y = 3 is 6x; d/dx (6x) = 6.
    const outer = derivative((x) => {
      const g = gradient((ys) => mul(x, square(ys[0]!)), [3]) as unknown as Scalar[];
      return g[0]!;
    }, 5);
    expect(outer).toBe(6);
  });

  it('comparisons inside nested calls see the primal value', () => {
    let branch: boolean | undefined;
    derivative(
      (x) =>
        derivative((y) => {
          branch = lt(mul(x, y), 10);
          return y;
        }, x),
      2,
    );
    expect(branch).toBe(true);
  });
});

describe('escaped duals', () => {
  function leak(): Scalar {
    let leaked: Scalar = 0;
    derivative((x) => {
      leaked = x;
      return x;
    }, 1);
    return leaked;
  }

  it('using a dual after its derivative call returned throws PerturbationError', () => {
    const escaped = leak();
    expect(() => mul(escaped, 2)).toThrow(PerturbationError);
    expect(() => mul(2, escaped)).toThrow(PerturbationError);
    expect(() => sin(escaped)).toThrow(PerturbationError);
    expect(() => lt(escaped, 2)).toThrow(PerturbationError);
    expect(() => mul(escaped, 2)).toThrow(
      /mul: a forward-mode dual number was used after the derivative call/,
    );
  });

  it('an escaped dual used inside a later derivative call throws, whichever side it is on', () => {
    const escaped = leak();
    expect(() => derivative((x) => mul(x, escaped), 1)).toThrow(PerturbationError);
    expect(() => derivative((x) => mul(escaped, x), 1)).toThrow(PerturbationError);
    expect(() => derivative((x) => (lt(x, escaped) ? x : x), 1)).toThrow(PerturbationError);
  });

  it('an escaped dual returned by f throws instead of giving 0', () => {
    const escaped = leak();
    expect(() => derivative(() => escaped, 1)).toThrow(PerturbationError);
    expect(() => gradient(() => escaped, [1, 2])).toThrow(PerturbationError);
  });

  it('a dual leaked between two sibling inner calls throws', () => {
    expect(() =>
      derivative((x) => {
        let inner: Scalar = 0;
        derivative((y) => {
          inner = mul(x, y);
          return y;
        }, 1 as Scalar);
        return derivative((z) => mul(z, inner), 2 as Scalar);
      }, 3),
    ).toThrow(PerturbationError);
  });

  it('a call that throws still closes its tag', () => {
    let leaked: Scalar = 0;
    expect(() =>
      derivative((x) => {
        leaked = x;
        throw new Error('boom');
      }, 1),
    ).toThrow('boom');
    expect(() => mul(leaked, 2)).toThrow(PerturbationError);
    // And the next top-level gradient is chunked again (no tag left open).
    expect(Array.from(gradient((xs) => mul(xs[0]!, xs[1]!), [2, 3]))).toEqual([3, 2]);
  });

  it('tags are ordered by creation', () => {
    const older = new Tag(1);
    const newer = new Tag(2);
    expect(newer.id).toBeGreaterThan(older.id);
    expect(older.active).toBe(true);
  });
});
