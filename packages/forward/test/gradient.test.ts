import {
  add,
  DomainError,
  dot,
  log,
  mul,
  newCounters,
  pow,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  square,
  UsageError,
} from '@dualtape/core';
import { derivative, gradient, hessian, jacobian, jvp } from '@dualtape/forward';
import { ZOO } from '@dualtape/zoo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectAllClose,
  oracleGradient,
  POINTS_PER_SIZE,
  PROPERTY_RUNS,
  SEED,
  seededRandom,
  TOLERANCES,
  ZOO_SIZES,
} from './helpers.js';

describe('gradient: hand-computed values', () => {
  it('z = x² + y² at x = 4 gives dz/dx = 8 (and dz/dy = 2y)', () => {
    const g = gradient(([x, y]) => add(square(x!), square(y!)), [4, 3]);
    expect(g).toBeInstanceOf(Float64Array);
    expect(Array.from(g)).toEqual([8, 6]);
  });

  it('y = 2·x·x (dot product) over x = [0, 1, 2, 3] gives [0, 4, 8, 12]', () => {
    const f = <T extends Scalar>(x: readonly T[]) => mul(2, dot(x, x));
    expect(Array.from(gradient(f, [0, 1, 2, 3]))).toEqual([0, 4, 8, 12]);
    expect(Array.from(gradient(f, new Float64Array([0, 1, 2, 3]), { chunkSize: 1 }))).toEqual([0, 4, 8, 12]);
  });

  it('a function that ignores its input (returns a plain number) has gradient 0', () => {
    expect(Array.from(gradient(() => 1, [1, 2, 3]))).toEqual([0, 0, 0]);
  });

  it('property: the gradient of Σ cᵢxᵢ² + dᵢxᵢ is 2cᵢxᵢ + dᵢ', () => {
    const finite = fc.double({ min: -100, max: 100, noNaN: true });
    const term = fc.tuple(finite, finite, finite);
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (terms, k) => {
          const x = terms.map(([xi]) => xi);
          const f = <T extends Scalar>(xs: readonly T[]) => {
            let total: Scalar = 0;
            terms.forEach(([, c, d], i) => {
              total = add(total, add(mul(c, square(xs[i]!)), mul(d, xs[i]!)));
            });
            return total as T;
          };
          const expected = terms.map(([xi, c, d]) => 2 * c * xi + d);
          const chunkSize = Math.min(k, x.length);
          expectAllClose(gradient(f, x, { chunkSize }), expected, TOLERANCES.exact, 'quadratic gradient');
        },
      ),
      { numRuns: PROPERTY_RUNS, seed: SEED },
    );
  });
});

describe('gradient of every scalar zoo function matches the 9-point oracle', () => {
  for (const entry of ZOO.filter((e) => e.kind === 'scalar')) {
    it(entry.name, () => {
      const random = seededRandom(SEED);
      const sizes = new Set(ZOO_SIZES.map((size) => Math.max(size, entry.minSize)));
      for (const size of sizes) {
        const instance = entry.instantiate(size);
        if (instance.kind !== 'scalar') throw new Error(`${entry.name} is not scalar`);
        for (let p = 0; p < POINTS_PER_SIZE; p++) {
          const x = instance.sample(random);
          const expected = oracleGradient((xs) => instance.plain(Float64Array.from(xs)), x);
          const what = `${entry.name}(size ${size}) point ${p}`;
          expectAllClose(gradient(instance.f, x), expected, TOLERANCES.oracle, what);
          if (instance.analyticGradient) {
            const analytic = new Float64Array(x.length);
            instance.analyticGradient(x, analytic);
            expectAllClose(
              gradient(instance.f, x, { chunkSize: 1 }),
              analytic,
              TOLERANCES.exact,
              `${what} analytic`,
            );
          }
        }
      }
    });
  }
});

describe('gradient: conventions at awkward points', () => {
  it('pow(x0, x1) at (-2, 3): ∂/∂x0 = 3·(-2)² = 12 is finite, ∂/∂x1 (log of a negative base) is NaN', () => {
    const f = ([a, b]: readonly Scalar[]) => pow(a!, b!);
    for (const chunkSize of [1, 2]) {
      const g = gradient(f as ScalarFunction, [-2, 3], { chunkSize });
      expect(g[0]).toBe(12);
      expect(g[1]).toBeNaN();
    }
  });

  it('NaN produced by f (log(-1)) comes back as NaN in the gradient, not hidden', () => {
    // Core's rules give NaN partials wherever an operation's output is NaN, so once the value is NaN
    // every component that flows through it is NaN too, in every chunk size.
    for (const chunkSize of [1, 2]) {
      const g = gradient(([a, b]) => add(log(a!), b!), [-1, 2], { chunkSize });
      expect(g[0]).toBeNaN();
      expect(g[1]).toBeNaN();
    }
    expect(gradient(([a]) => log(a!), [-1])[0]).toBeNaN();
  });
});

describe('gradient: bad input', () => {
  const f: ScalarFunction = ([a, b]) => mul(a!, b!);

  it('a function returning an array is a ShapeError naming gradient and the size', () => {
    const vector = ((xs: readonly Scalar[]) => [xs[0], xs[1]]) as unknown as ScalarFunction;
    expect(() => gradient(vector, [1, 2])).toThrow(ShapeError);
    expect(() => gradient(vector, [1, 2])).toThrow(/gradient: f returned an array of length 2/);
  });

  it('empty x is a ShapeError', () => {
    expect(() => gradient(f, [])).toThrow(ShapeError);
  });

  it('non-finite x is a DomainError naming the index', () => {
    expect(() => gradient(f, [1, Number.NaN])).toThrow(DomainError);
    expect(() => gradient(f, [1, Number.NaN])).toThrow(/gradient: x\[1\] is NaN/);
    expect(() => gradient(f, [Number.NEGATIVE_INFINITY, 1])).toThrow(/x\[0\] is -Infinity/);
  });

  it("nested x: an enclosing derivative's number is checked by its value, other entries as in plain x", () => {
    const withOuter = (second: unknown) => () =>
      derivative((t) => gradient(f, [t, second] as unknown as Scalar[])[0]!, 1);
    expect(withOuter(Number.NaN)).toThrow(DomainError);
    expect(withOuter(Number.NaN)).toThrow(/^gradient: x\[1\] is NaN/);
    expect(withOuter('a')).toThrow(UsageError);
    expect(withOuter('a')).toThrow(/^gradient: x\[1\] must be a number, got the string 'a'/);
    expect(() => derivative((t) => gradient(f, [mul(t, Number.NaN), 1])[0]!, 1)).toThrow(
      /^gradient: x\[0\] is NaN/,
    );
  });

  it('a chunk size outside 1..N, or not an integer, is a UsageError', () => {
    for (const chunkSize of [0, 3, 1.5, Number.NaN]) {
      expect(() => gradient(f, [1, 2], { chunkSize })).toThrow(UsageError);
    }
    expect(() => gradient(f, [1, 2], { chunkSize: 3 })).toThrow(
      /chunkSize must be an integer from 1 to the number of inputs \(2\), got 3/,
    );
  });

  it('a non-function f, a non-array x or a non-number output is a UsageError', () => {
    expect(() => gradient(42 as unknown as ScalarFunction, [1])).toThrow(UsageError);
    expect(() => gradient(f, 3 as unknown as number[])).toThrow(UsageError);
    expect(() => gradient(f, ['a'] as unknown as number[])).toThrow(/x\[0\] must be a number/);
    expect(() => gradient((() => undefined) as unknown as ScalarFunction, [1])).toThrow(
      /gradient: f returned undefined, not a number/,
    );
  });
});

describe('gradient: counters and nesting', () => {
  it('adds ceil(N/k) passes and N lanes', () => {
    const counters = newCounters();
    const x = Array.from({ length: 25 }, (_, i) => i / 10);
    const sumOfSquares: ScalarFunction = (xs) => dot(xs, xs);
    gradient(sumOfSquares, x, { counters }); // default chunk 9: 3 passes
    expect(counters).toMatchObject({ passes: 3, lanes: 25, evaluations: 0 });
    gradient(sumOfSquares, x, { counters, chunkSize: 1 });
    expect(counters).toMatchObject({ passes: 28, lanes: 50 });
  });

  it("with an enclosing derivative's numbers as x it returns such numbers (a Hessian column)", () => {
    // f(a, b) = a²·b: ∇f = (2ab, a²); d/dt ∇f(t, 2t) at t = 1.5 = (2·2t + 2t·2, 2t) = (12, 3).
    const column = [0, 1].map((i) =>
      derivative((t) => gradient(([a, b]) => mul(square(a!), b!), [t, mul(2, t)])[i]!, 1.5),
    );
    expect(column).toEqual([12, 3]);
  });

  it('a nested gradient whose components are plain numbers is a Float64Array', () => {
    let inner: unknown;
    derivative((t) => {
      inner = gradient(([a, b]) => mul(a!, b!), [2, 3]);
      return t;
    }, 1);
    expect(inner).toBeInstanceOf(Float64Array);
    expect(Array.from(inner as Float64Array)).toEqual([3, 2]);
  });
});

describe('options: an unknown or misspelt option is a UsageError naming it', () => {
  const f = <T extends Scalar>([x, y]: readonly T[]): T => mul(x!, y!);
  it('suggests the option meant, and lists what the call takes', () => {
    expect(() => gradient(f, [1, 2], { chunksize: 1 } as never)).toThrow(
      "gradient: unknown option 'chunksize' (did you mean 'chunkSize'?); it takes counters, detectAnomaly, chunkSize",
    );
    // derivative and jvp carry one tangent: a chunk size used to be ignored there.
    expect(() => derivative((x) => x, 1, { chunkSize: 2 } as never)).toThrow(
      /derivative: unknown option 'chunkSize'/,
    );
    expect(() => jacobian((x) => [f(x)], [1, 2], { mode: 'reverse' } as never)).toThrow(UsageError);
    expect(() => hessian(f, [1, 2], { scheme: 'central' } as never)).toThrow(
      /hessian: unknown option 'scheme'/,
    );
    expect(() => jvp((x) => [f(x)], [1, 2], [1, 0], { chunkSize: 1 } as never)).toThrow(
      /jvp: unknown option/,
    );
    expect(() => gradient(f, [1, 2], 'fast' as never)).toThrow(/gradient: options must be an object/);
  });
});
