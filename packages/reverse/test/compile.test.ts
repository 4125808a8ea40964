import {
  add,
  type BinaryName,
  ControlFlowError,
  DomainError,
  FUNCTIONS,
  gt,
  le,
  log,
  lt,
  mul,
  newCounters,
  primal,
  RULES,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  sqrt,
  square,
  stopGradient,
  sub,
  tanh,
  type UnaryName,
  UsageError,
} from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompiledGradient, checkpoint, compileGradient, gradient, record } from '../src/index.js';
import {
  expectAllClose,
  expectClose,
  PROPERTY_RUNS,
  rosenbrock,
  SCALAR_INSTANCES,
  seededRandom,
  TOLERANCES,
} from './helpers.js';

/** Compiled value and gradient at x. */
function run(compiled: CompiledGradient, x: ArrayLike<number>): { value: number; gradient: number[] } {
  const out = new Float64Array(compiled.inputSize);
  const value = compiled(x, out);
  return { value, gradient: Array.from(out) };
}

/** What a Recording replays at x, or the error it throws. */
function replayed(f: ScalarFunction, at: ArrayLike<number>, x: ArrayLike<number>) {
  const result = record(f, at).valueAndGradient(x);
  return { value: result.value, gradient: Array.from(result.gradient) };
}

/** Generated straight-line code only, in chunks small enough that programs cross chunk boundaries. */
const STRAIGHT = { maxLoopPeriod: 0, chunkSize: 3, maxStraightLine: Number.POSITIVE_INFINITY } as const;

/** Every way of laying out a compiled program: loops and straight-line code generated or replayed. */
const LAYOUTS = [
  {},
  STRAIGHT,
  { maxStraightLine: 0 },
  { maxLoopPeriod: 0, maxStraightLine: 0 },
  { chunkSize: 5, maxStraightLine: Number.POSITIVE_INFINITY },
] as const;

describe('compileGradient on the zoo', () => {
  it.each(SCALAR_INSTANCES.map((instance) => [`${instance.name} (size ${instance.size})`, instance]))(
    'agrees with gradient on zoo %s, in every layout',
    (_label, instance) => {
      const random = seededRandom(instance.inputSize + 7);
      const at = instance.sample(random);
      const variants = LAYOUTS.map((layout) => compileGradient(instance.f, at, layout));
      for (let i = 0; i < 3; i++) {
        const point = instance.sample(random);
        const fresh = gradient(instance.f, point);
        const expected = replayed(instance.f, at, point);
        for (const compiled of variants) {
          const { value, gradient: compiledGradient } = run(compiled, point);
          // Same rules, same summation order as the recording: equal to the last bit.
          expect(value).toBe(expected.value);
          expect(compiledGradient).toEqual(expected.gradient);
          expectClose(value, instance.f(Array.from(point)), TOLERANCES.exact, `${instance.name} value`);
          expectAllClose(compiledGradient, fresh, TOLERANCES.exact, `${instance.name} gradient`);
        }
      }
    },
  );

  it('turns the loop of Rosenbrock into a loop of generated code', () => {
    const n = 50;
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const compiled = compileGradient(rosenbrock, x);
    // Eight entries per term; the first term adds to a plain 0 and so differs from the rest.
    expect(compiled.loops).toBe(1);
    expect(compiled.entriesInLoops).toBe(8 * (n - 2));
    expect(compiled.entries).toBe(n + 8 * (n - 1));
    expect(compileGradient(rosenbrock, x, STRAIGHT).loops).toBe(0);
    expect(run(compiled, x).gradient).toEqual(Array.from(gradient(rosenbrock, x)));
  });
});

// ---------------------------------------------------------------------------------------------------
// Random programs over every rule of the table, with constants on either side, shared subexpressions,
// branches and (unless guarded) values outside the rules' domains, so NaN, ±∞ and the strong zero occur.

const UNARY = Object.values(RULES).flatMap((rule) => (rule.arity === 1 ? [rule.name] : [])) as UnaryName[];
const BINARY = Object.values(RULES).flatMap((rule) => (rule.arity === 2 ? [rule.name] : [])) as BinaryName[];

type Step =
  | { readonly kind: 'unary'; readonly name: UnaryName; readonly a: number; readonly guarded: boolean }
  | {
      readonly kind: 'binary';
      readonly name: BinaryName;
      readonly a: number;
      readonly b: number | { readonly constant: number; readonly first: boolean };
      readonly guarded: boolean;
    }
  | {
      readonly kind: 'branch';
      readonly less: boolean;
      readonly refs: readonly [number, number, number, number];
    };

const constant = fc.oneof(
  fc.integer({ min: -12, max: 12 }).map((k) => k / 4),
  fc.constantFrom(0, -0, 1e-300, -1e300, Number.POSITIVE_INFINITY, Number.NaN),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('unary' as const),
      name: fc.constantFrom(...UNARY),
      a: fc.nat(),
      guarded: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('binary' as const),
      name: fc.constantFrom(...BINARY),
      a: fc.nat(),
      b: fc.oneof(fc.nat(), fc.record({ constant, first: fc.boolean() })),
      guarded: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('branch' as const),
      less: fc.boolean(),
      refs: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
    }),
  },
);

/** Squashes a value into a rule's sample interval, so guarded operations stay in their domain. */
function inside<T extends Scalar>(value: T, interval: { min: number; max: number }): T {
  const center = (interval.min + interval.max) / 2;
  return add(center, mul((interval.max - interval.min) / 2, tanh(value)));
}

/** Applies the steps to `values` (which grows); references wrap around what exists. */
function applySteps<T extends Scalar>(steps: readonly Step[], values: T[]): void {
  const pick = (r: number) => values[values.length - 1 - (r % values.length)]!;
  for (const s of steps) {
    if (s.kind === 'branch') {
      const [a, b, c, d] = s.refs;
      const taken = s.less ? lt(pick(a), pick(b)) : le(pick(a), pick(b));
      values.push(taken ? pick(c) : pick(d));
    } else if (s.kind === 'unary') {
      const rule = RULES[s.name];
      const x = s.guarded ? inside(pick(s.a), rule.sample) : pick(s.a);
      values.push(FUNCTIONS[s.name](x));
    } else {
      const [first, second] = RULES[s.name].sample;
      const a = s.guarded ? inside(pick(s.a), first) : pick(s.a);
      if (typeof s.b === 'number') {
        const b = s.guarded ? inside(pick(s.b), second) : pick(s.b);
        values.push(FUNCTIONS[s.name](a, b));
      } else if (s.b.first) {
        values.push(FUNCTIONS[s.name](s.b.constant, a));
      } else {
        values.push(FUNCTIONS[s.name](a, s.b.constant));
      }
    }
  }
}

const straightProgram = (steps: readonly Step[], outputs: readonly number[]): ScalarFunction =>
  (<T extends Scalar>(x: readonly T[]): T => {
    const values: T[] = [...x];
    applySteps(steps, values);
    let total: T = values[values.length - 1]!;
    for (const r of outputs) total = add(total, values[values.length - 1 - (r % values.length)]!);
    return total;
  }) as ScalarFunction;

/**
 * A loop: `iterations` times the same body over a carried state, x[i], x[n-1-i] (a negative stride) and
 * x[i] times a constant that repeats every `cycle` iterations (so a loop's period may span iterations);
 * the output is a state of some iteration, possibly before the last (entries after it still run).
 */
const loopProgram = (
  body: readonly Step[],
  state: number,
  iterations: number,
  cycle: number,
  outputAt: number,
): ScalarFunction =>
  (<T extends Scalar>(x: readonly T[]): T => {
    let carried: T[] = x.slice(0, state);
    let output: T | undefined;
    for (let i = 0; i < iterations; i++) {
      const at = x[i % x.length]!;
      const values: T[] = [...carried, at, x[x.length - 1 - (i % x.length)]!, mul(at, 1 + (i % cycle) / 4)];
      applySteps(body, values);
      carried = values.slice(-state);
      if (i === outputAt % iterations) output = add(carried[0]!, carried[state - 1]!);
    }
    return output!;
  }) as ScalarFunction;

const coordinate = fc.double({ min: -2, max: 2, noNaN: true });
const point = (n: number) => fc.array(coordinate, { minLength: n, maxLength: n });

/** Compiled (in every layout) equals the recording at `x`, or throws as it does. */
function expectSameAsRecording(f: ScalarFunction, at: number[], x: number[]): void {
  const compiled = LAYOUTS.map((layout) => compileGradient(f, at, layout));
  let expected: ReturnType<typeof replayed> | undefined;
  try {
    expected = replayed(f, at, x);
  } catch (error) {
    expect(error).toBeInstanceOf(ControlFlowError);
    const number = /comparison (#\d+)/.exec((error as Error).message)![1];
    for (const c of compiled) expect(() => run(c, x)).toThrow(new RegExp(`comparison ${number} `));
    return;
  }
  for (const c of compiled) {
    const actual = run(c, x);
    expect(Object.is(actual.value, expected.value) || actual.value === expected.value).toBe(true);
    expect(actual.gradient).toEqual(expected.gradient);
    // Value only: the same value, and the gradient argument is optional.
    expect(c(x)).toEqual(expected.value);
  }
}

describe('compileGradient on random programs', () => {
  it('equals the recording on straight-line programs of every rule, at the recording point and others', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((n) =>
            fc.tuple(
              fc.array(step, { maxLength: 24 }),
              fc.array(fc.nat(), { maxLength: 3 }),
              point(n),
              point(n),
            ),
          ),
        ([steps, outputs, at, next]) => {
          const f = straightProgram(steps, outputs);
          expectSameAsRecording(f, at, at);
          expectSameAsRecording(f, at, next);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('equals the recording on loops (carried state, strides +1 and -1, periods over iterations, outputs inside)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((state) =>
          fc.tuple(
            fc.constant(state),
            fc.array(step, { minLength: 1, maxLength: 8 }),
            fc.integer({ min: 3, max: 40 }),
            fc.integer({ min: 1, max: 3 }),
            fc.nat(),
            fc.integer({ min: state, max: state + 4 }).chain((n) => fc.tuple(point(n), point(n))),
          ),
        ),
        ([state, body, iterations, cycle, outputAt, [at, next]]) => {
          const f = loopProgram(body, state, iterations, cycle, outputAt);
          expectSameAsRecording(f, at, at);
          expectSameAsRecording(f, at, next);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('compileGradient guards and conventions', () => {
  /** Σ max-like terms written with a branch per input: one comparison per loop iteration. */
  const branchySum = <T extends Scalar>(x: readonly T[]): T => {
    let total: T | number = 0;
    for (let i = 0; i < x.length; i++) total = add(total, gt(x[i]!, 0) ? mul(x[i]!, x[i]!) : sin(x[i]!));
    return total as T;
  };

  it.each(LAYOUTS.map((layout) => [JSON.stringify(layout), layout]))(
    'throws ControlFlowError naming the comparison as replay numbers it (layout %s)',
    (_label, layout) => {
      const x = Array.from({ length: 40 }, (_, i) => 1 + i / 10);
      const compiled = compileGradient(branchySum, x, layout);
      expect(
        run(
          compiled,
          x.map((v) => v + 1),
        ).gradient,
      ).toEqual(
        Array.from(
          gradient(
            branchySum,
            x.map((v) => v + 1),
          ),
        ),
      );
      const flipped = x.slice();
      flipped[17] = -0.5;
      expect(() => compiled(flipped)).toThrow(ControlFlowError);
      expect(() => compiled(flipped)).toThrow(
        /compiled gradient at x = \[1, 1\.1, .*\(40 values\)\]: comparison #18 \(gt\) was true when recorded and is false now \(-0\.5 gt 0\)/,
      );
      expect(() => record(branchySum, x).value(flipped)).toThrow(/comparison #18 \(gt\)/);
      // The compiled function recovers at the next valid point.
      expect(compiled(x)).toBe(branchySum(x));
    },
  );

  it('shares generated functions between loops of the same shape, constants read from the tape', () => {
    // Σ_r (Σ_j A[r][j]·x[j] − 1)²: with loop bodies shorter than a row, one loop per row, each with
    // its own matrix entries. (Allowed a row as body, the finder prefers the longer loop over rows.)
    const rows = 6;
    const n = 40;
    const matrix = Array.from({ length: rows * n }, (_, i) => Math.sin(i + 1));
    const leastSquares = <T extends Scalar>(x: readonly T[]): T => {
      let total: T | number = 0;
      for (let r = 0; r < rows; r++) {
        let row: T | number = 0;
        for (let j = 0; j < n; j++) row = add(row, mul(matrix[r * n + j]!, x[j]!));
        total = add(total, square(sub(row, 1)));
      }
      return total as T;
    };
    const x = Array.from({ length: n }, (_, j) => j / n);
    const compiled = compileGradient(leastSquares, x, { maxStraightLine: 0, maxLoopPeriod: 8 });
    expect(compiled.loops).toBe(rows);
    expect(compiled.entriesInLoops + compiled.entriesReplayed).toBe(compiled.entries - n);
    // Values, partials and sweep of the one loop shape; everything else is replayed by the tape.
    expect(compiled.functions).toBeLessThanOrEqual(3);
    const next = x.map((v) => v - 0.5);
    expect(run(compiled, next).gradient).toEqual(replayed(leastSquares, x, next).gradient);
  });

  it.each(LAYOUTS.map((layout) => [JSON.stringify(layout), layout]))(
    'refuses a call where a value read with primal() differs, in generated and replayed code (layout %s)',
    (_label, layout) => {
      // The replay of issue 14: recorded at [2, 3], called at [5, 3], it used to give 6 and [0, 2].
      const readTimesY = <T extends Scalar>([x, y]: readonly T[]): T => mul(primal(x!), y!) as T;
      const compiled = compileGradient(readTimesY, [2, 3], layout);
      expect(() => compiled([5, 3], new Float64Array(2))).toThrow(ControlFlowError);
      expect(() => compiled([5, 3])).toThrow(
        /compiled gradient at x = \[5, 3\]: f read input x\[0\] with primal\(\) as 2 when recorded, and it is 5 now/,
      );
      expect(run(compiled, [2, 7])).toEqual({ value: 14, gradient: [0, 2] });
      // A loop whose every iteration reads a number: the guard of iteration 17 names its entry.
      const readSum = <T extends Scalar>(x: readonly T[]): T => {
        let total: T | number = 0;
        for (let i = 0; i < x.length; i++) total = add(total, mul(primal(x[i]!), x[i]!));
        return total as T;
      };
      const x = Array.from({ length: 40 }, (_, i) => 1 + i / 10);
      const loops = compileGradient(readSum, x, layout);
      expect(run(loops, x)).toEqual(replayed(readSum, x, x));
      const changed = x.slice();
      changed[17] = 9;
      expect(() => loops(changed)).toThrow(
        /f read input x\[17\] with primal\(\) as 2\.7 when recorded, and it is 9 now/,
      );
      expect(() => record(readSum, x).value(changed)).toThrow(/input x\[17\]/);
      // stopGradient instead: every point replays, equal to the recording.
      const stoppedSum = <T extends Scalar>(v: readonly T[]): T => {
        let total: T | number = 0;
        for (let i = 0; i < v.length; i++) total = add(total, mul(stopGradient(v[i]!), v[i]!));
        return total as T;
      };
      const stopped = compileGradient(stoppedSum, x, layout);
      expect(run(stopped, changed)).toEqual(replayed(stoppedSum, x, changed));
      expect(run(stopped, changed).gradient).toEqual(changed);
    },
  );

  it('finds the loop of a branchy sum, comparisons included', () => {
    const x = Array.from({ length: 40 }, (_, i) => 1 + i / 10);
    expect(compileGradient(branchySum, x).loops).toBe(1);
    expect(compileGradient(branchySum, x, { maxLoopPeriod: 0 }).loops).toBe(0);
  });

  it('keeps the strong zero and reports NaN and infinite results', () => {
    // sqrt'(0) = ∞ times square'(0) = 0: exactly 0 in every mode.
    const sqrtOfSquare = <T extends Scalar>([x]: readonly T[]): T => sqrt(square(x!));
    expect(run(compileGradient(sqrtOfSquare, [1]), [0]).gradient).toEqual([0]);
    const logOf = <T extends Scalar>([x, y]: readonly T[]): T => add(log(x!), y!);
    const result = run(compileGradient(logOf, [1, 1]), [-1, 2]);
    expect(result.value).toBeNaN();
    expect(result.gradient).toEqual(Array.from(gradient(logOf, [-1, 2])));
    expect(result.gradient.every(Number.isNaN)).toBe(true);
  });

  it('handles constant outputs, outputs that are inputs, and constants that need spelling out', () => {
    // Contracts allow a plain number where the output does not depend on x.
    const constant = compileGradient((() => 3) as unknown as ScalarFunction, [1, 2]);
    expect(run(constant, [5, 6])).toEqual({ value: 3, gradient: [0, 0] });
    const second = compileGradient(<T extends Scalar>(x: readonly T[]) => x[1]!, [1, 2, 3]);
    expect(run(second, [4, 5, 6])).toEqual({ value: 5, gradient: [0, 1, 0] });
    const spelled = <T extends Scalar>([x]: readonly T[]): T =>
      add(add(mul(x!, -0), mul(x!, 1e-300)), sub(mul(x!, Number.POSITIVE_INFINITY), mul(x!, Number.NaN)));
    expect(run(compileGradient(spelled, [2]), [-3])).toEqual(replayed(spelled, [2], [-3]));
    expect(
      Object.is(compileGradient(<T extends Scalar>([x]: readonly T[]) => mul(x!, -0), [1])([2]), -0),
    ).toBe(true);
  });

  it('reports the compiled program and counts the recording', () => {
    const counters = newCounters();
    const compiled = compileGradient(rosenbrock, [1, 2, 3], { counters });
    expect(compiled.inputSize).toBe(3);
    expect(compiled.entries).toBe(3 + 16);
    expect(counters.operations).toBe(19);
    expect(compiled.functions).toBeGreaterThan(0);
    expect(compiled.sourceLength).toBeGreaterThan(0);
  });
});

describe('compileGradient input checks', () => {
  const compiled = compileGradient(rosenbrock, [1, 2, 3]);

  it('checks the point and the gradient array of every call', () => {
    expect(() => compiled([1, 2])).toThrow(ShapeError);
    expect(() => compiled([1, 2])).toThrow(
      /compiled gradient: x has length 2 but the compiled function has 3 inputs/,
    );
    expect(() => compiled([1, Number.NaN, 3])).toThrow(DomainError);
    expect(() => compiled([1, Number.NaN, 3])).toThrow(/x\[1\] is NaN/);
    expect(() => compiled([1, '2', 3] as unknown as number[])).toThrow(UsageError);
    expect(() => compiled(7 as unknown as number[])).toThrow(UsageError);
    expect(() => compiled([1, 2, 3], new Float64Array(2))).toThrow(/gradient has length 2/);
    expect(() => compiled([1, 2, 3], [0, 0, 0] as unknown as Float64Array)).toThrow(UsageError);
  });

  it('checks the recording point, f and the options', () => {
    expect(() => compileGradient(rosenbrock, [])).toThrow(ShapeError);
    expect(() => compileGradient(rosenbrock, [1, Number.POSITIVE_INFINITY])).toThrow(DomainError);
    expect(() => compileGradient(((x: readonly Scalar[]) => x) as unknown as ScalarFunction, [1, 2])).toThrow(
      ShapeError,
    );
    expect(() => compileGradient(rosenbrock, [1, 2], { chunkSize: 0 })).toThrow(
      /chunkSize must be an integer >= 1/,
    );
    expect(() => compileGradient(rosenbrock, [1, 2], { maxLoopPeriod: -1 })).toThrow(UsageError);
    expect(() => compileGradient(rosenbrock, [1, 2, 3], { maxEntries: 10 })).toThrow(
      /the recording has 19 entries, more than maxEntries \(10\)/,
    );
    const checkpointed = <T extends Scalar>(x: readonly T[]): T => checkpoint((s) => [sin(s[0]!)], x)[0]!;
    expect(() => compileGradient(checkpointed, [1])).toThrow(/checkpoint/);
  });
});
