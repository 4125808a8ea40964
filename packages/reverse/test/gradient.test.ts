import {
  add,
  DomainError,
  dot,
  log,
  mul,
  newCounters,
  pow,
  type Scalar,
  ShapeError,
  sqrt,
  UsageError,
} from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkpointedLoop,
  compileGradient,
  derivative,
  gradient,
  hessian,
  jacobian,
  record,
  valueAndGradient,
  vjp,
} from '../src/index.js';
import {
  expectAllClose,
  oracleGradient,
  POINTS_PER_INSTANCE,
  PROGRAM_INPUTS,
  PROPERTY_RUNS,
  plainScalar,
  randomProgram,
  SAFE_PROGRAM_INPUT,
  SCALAR_INSTANCES,
  samplePoints,
  seededRandom,
  TOLERANCES,
} from './helpers.js';

describe('gradient', () => {
  it('gives the textbook values: z = x² + y² at (4, 3) is [8, 6]', () => {
    const z = <T extends Scalar>([x, y]: readonly T[]) => add(mul(x!, x!), mul(y!, y!));
    expect(Array.from(gradient(z, [4, 3]))).toEqual([8, 6]);
  });

  it('gives the textbook values: y = 2·dot(x, x) at [0, 1, 2, 3] is [0, 4, 8, 12]', () => {
    const y = <T extends Scalar>(x: readonly T[]) => mul(2, dot(x, x));
    expect(Array.from(gradient(y, [0, 1, 2, 3]))).toEqual([0, 4, 8, 12]);
  });

  describe.each(SCALAR_INSTANCES.map((instance) => [`${instance.name} (size ${instance.size})`, instance]))(
    'zoo %s',
    (_label, instance) => {
      const points = samplePoints(instance, POINTS_PER_INSTANCE, seededRandom(instance.inputSize + 17));

      it('matches the 9-point oracle', () => {
        for (const point of points) {
          const expected = oracleGradient(plainScalar(instance.f), point);
          expectAllClose(
            gradient(instance.f, point),
            expected,
            TOLERANCES.oracle,
            `${instance.name} gradient`,
          );
        }
      });

      it.runIf(instance.analyticGradient !== undefined)('matches the hand-written analytic gradient', () => {
        for (const point of points) {
          const expected = new Float64Array(point.length);
          instance.analyticGradient!(point, expected);
          expectAllClose(
            gradient(instance.f, point),
            expected,
            TOLERANCES.exact,
            `${instance.name} gradient`,
          );
        }
      });
    },
  );

  it('matches the oracle on random programs built from the rule table', () => {
    fc.assert(
      fc.property(
        randomProgram(),
        fc.array(SAFE_PROGRAM_INPUT, { minLength: PROGRAM_INPUTS, maxLength: PROGRAM_INPUTS }),
        (program, x) => {
          expectAllClose(
            gradient(program.f, x),
            oracleGradient(plainScalar(program.f), x),
            TOLERANCES.oracle,
          );
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('uses the strong zero: sqrt(x0² + x1²) at the origin has gradient [0, 0]', () => {
    // d sqrt/du = ∞ at u = 0 meets a zero adjoint-times-partial 2·x = 0: the convention makes that 0.
    const norm = <T extends Scalar>([a, b]: readonly T[]) => sqrt(add(mul(a!, a!), mul(b!, b!)));
    expect(Array.from(gradient(norm, [0, 0]))).toEqual([0, 0]);
  });

  it('uses the strong zero: pow(x0, x1) at (-2, 3) is [12, NaN]', () => {
    const power = <T extends Scalar>([a, b]: readonly T[]) => pow(a!, b!);
    const result = gradient(power, [-2, 3]);
    expect(result[0]).toBe(12);
    expect(result[1]).toBeNaN();
  });

  it('returns NaN produced by f instead of hiding it', () => {
    // Core's rule table gives every operation with a NaN output NaN partials, so the NaN of log(-1)
    // reaches every component through the add that follows it.
    const logOfFirst = <T extends Scalar>([a, b]: readonly T[]) => add(log(a!), b!);
    const result = valueAndGradient(logOfFirst, [-1, 2]);
    expect(result.value).toBeNaN();
    expect(Array.from(result.gradient)).toEqual([Number.NaN, Number.NaN]);
    expect(gradient(<T extends Scalar>([a]: readonly T[]) => log(a!), [-1])[0]).toBeNaN();
  });

  it('gives zero for a function that returns a plain number', () => {
    const constant = (() => 3) as <T extends Scalar>(x: readonly T[]) => T;
    expect(Array.from(gradient(constant, [1, 2]))).toEqual([0, 0]);
  });

  it('gives the unit vector for a function that returns one of its inputs', () => {
    const second = <T extends Scalar>(x: readonly T[]) => x[1]!;
    expect(Array.from(gradient(second, [5, 6, 7]))).toEqual([0, 1, 0]);
  });

  it('refuses a vector function with a ShapeError naming the call and the size', () => {
    const vector = (<T extends Scalar>(x: readonly T[]) => [x[0]!, x[1]!]) as unknown as <T extends Scalar>(
      x: readonly T[],
    ) => T;
    expect(() => gradient(vector, [1, 2])).toThrow(ShapeError);
    expect(() => gradient(vector, [1, 2])).toThrow(/gradient: f returned an array of length 2/);
  });

  it('refuses an empty x with a ShapeError', () => {
    expect(() => gradient((x) => x[0]!, [])).toThrow(ShapeError);
    expect(() => gradient((x) => x[0]!, [])).toThrow(/gradient: x is empty/);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses a non-finite entry of x (%s) with a DomainError naming the index',
    (bad) => {
      expect(() => gradient((x) => x[0]!, [1, bad])).toThrow(DomainError);
      expect(() => gradient((x) => x[0]!, [1, bad])).toThrow(/gradient: x\[1\] is/);
    },
  );

  it('refuses x that is not an array of numbers with a UsageError', () => {
    expect(() => gradient((x) => x[0]!, 3 as unknown as number[])).toThrow(UsageError);
    expect(() => gradient((x) => x[0]!, ['1'] as unknown as number[])).toThrow(/x\[0\] must be a number/);
  });

  it("nests on an enclosing call's Var in x: the components carry it (d/dx of ∂(y0·y1)/∂y0 at y1 = x is 1)", () => {
    const nested = <T extends Scalar>(x: readonly T[]): T =>
      gradient((y) => mul(y[0]!, y[1]!), [1, x[0]!] as readonly Scalar[])[0] as T;
    expect(Array.from(gradient(nested, [3]))).toEqual([1]);
  });

  it("refuses an enclosing call's number in x of the calls that do not nest, saying which do", () => {
    const nested = <T extends Scalar>(x: readonly T[]): T => {
      jacobian((y) => [y[0]!], [1, x[0]!] as unknown as number[]);
      return x[0]!;
    };
    expect(() => gradient(nested, [1])).toThrow(UsageError);
    expect(() => gradient(nested, [1])).toThrow(
      /^jacobian: x\[1\] must be a plain number, got a Var; only derivative and gradient accept/,
    );
  });

  it('refuses an output that is neither a number nor a Var', () => {
    const bad = (() => 'one') as unknown as <T extends Scalar>(x: readonly T[]) => T;
    expect(() => gradient(bad, [1])).toThrow(UsageError);
  });

  it('recovers from an exception thrown inside f: the next call works normally', () => {
    const failing = <T extends Scalar>(x: readonly T[]): T => {
      mul(x[0]!, x[0]!);
      throw new RangeError('f failed');
    };
    expect(() => gradient(failing, [1])).toThrow('f failed');
    const z = <T extends Scalar>([x, y]: readonly T[]) => add(mul(x!, x!), mul(y!, y!));
    expect(Array.from(gradient(z, [4, 3]))).toEqual([8, 6]);
  });

  it('adds one sweep, its entries and its peak bytes to the counters', () => {
    const counters = newCounters();
    const z = <T extends Scalar>([x, y]: readonly T[]) => add(mul(x!, x!), y!);
    gradient(z, [1, 2], { counters });
    gradient(z, [1, 2], { counters });
    // Entries per call: two inputs, one mul, one add.
    expect(counters).toMatchObject({ sweeps: 2, operations: 8, passes: 0, evaluations: 0 });
    expect(counters.peakTapeBytes).toBe(4 * 33);
  });
});

describe('options: an unknown or misspelt option is a UsageError naming it', () => {
  const f = <T extends Scalar>([x, y]: readonly T[]): T => mul(x!, y!);
  it('in every call, with the option meant when one is close', () => {
    // Reverse mode has no chunks: a chunkSize used to be ignored.
    expect(() => gradient(f, [1, 2], { chunkSize: 2 } as never)).toThrow(
      "gradient: unknown option 'chunkSize'; it takes counters, detectAnomaly",
    );
    expect(() => valueAndGradient(f, [1, 2], { counter: newCounters() } as never)).toThrow(
      /valueAndGradient: unknown option 'counter' \(did you mean 'counters'\?\)/,
    );
    expect(() => derivative((x) => x, 1, { detectAnomalies: true } as never)).toThrow(
      /did you mean 'detectAnomaly'/,
    );
    expect(() => jacobian((x) => [f(x)], [1, 2], { mode: 'forward' } as never)).toThrow(
      /jacobian: unknown option 'mode'/,
    );
    expect(() => vjp((x) => [f(x)], [1, 2], { scheme: 'central' } as never)).toThrow(
      /vjp: unknown option 'scheme'/,
    );
    expect(() => hessian(f, [1, 2], { chunkSize: 1 } as never)).toThrow(/hessian: unknown option/);
    expect(() => record(f, [1, 2], { replay: true } as never)).toThrow(/record: unknown option 'replay'/);
    expect(() => record(f, [1, 2]).gradient([1, 2], { chunkSize: 1 } as never)).toThrow(
      /Recording.gradient: unknown option/,
    );
    expect(() => compileGradient(f, [1, 2], { maxLoop: 4 } as never)).toThrow(
      /compileGradient: unknown option 'maxLoop' \(did you mean 'maxLoopPeriod'\?\)/,
    );
    expect(() => checkpointedLoop((s) => s, [1], 4, { each: 2 } as never)).toThrow(
      /checkpointedLoop: unknown option 'each'/,
    );
  });
});
