/**
 * What reverse mode's tests share: the tolerance table (from @dualtape/testing, never loosened here),
 * run counts, the zoo instances the tests loop over, and a few hand-written functions with hand-derived
 * derivatives.
 */
import { add, FUNCTIONS, mul, type Scalar, type ScalarFunction, square, sub } from '@dualtape/core';
import { ZOO, type ZooInstance, type ZooScalarInstance, type ZooVectorInstance } from '@dualtape/zoo';
import fc from 'fast-check';

export {
  expectAllClose,
  expectClose,
  oracleDerivative,
  oracleGradient,
  oracleJacobian,
  seededRandom,
  TOLERANCES,
} from '@dualtape/testing';

/** fast-check runs per property: enough to find a wrong rule, cheap enough for a fast suite. */
export const PROPERTY_RUNS = 40;

/** Points sampled per zoo instance. */
export const POINTS_PER_INSTANCE = 3;

/** Largest input dimension given to the oracle (its cost is 18 evaluations per coordinate). */
const ORACLE_MAX_INPUTS = 40;

/** Zoo sizes tested: the smallest, and the default when the oracle can afford it. */
function testedSizes(entry: (typeof ZOO)[number]): number[] {
  const sizes = new Set([entry.minSize, entry.defaultSize]);
  return [...sizes].filter((size) => entry.inputSize(size) <= ORACLE_MAX_INPUTS);
}

/** Every zoo function at the tested sizes. */
export const ZOO_INSTANCES: readonly ZooInstance[] = ZOO.flatMap((entry) =>
  testedSizes(entry).map((size) => entry.instantiate(size)),
);

/** The scalar (R^N -> R) zoo instances. */
export const SCALAR_INSTANCES = ZOO_INSTANCES.filter(
  (instance): instance is ZooScalarInstance => instance.kind === 'scalar',
);

/** The vector (R^N -> R^M) zoo instances. */
export const VECTOR_INSTANCES = ZOO_INSTANCES.filter(
  (instance): instance is ZooVectorInstance => instance.kind === 'vector',
);

/** A plain-number view of a generic scalar function, for the oracle. */
export function plainScalar(f: ScalarFunction): (x: number[]) => number {
  return (x) => f(x);
}

/** Extended Rosenbrock written once (as in the zoo), for the Hessian tests. */
export const rosenbrock: ScalarFunction = <T extends Scalar>(x: readonly T[]): T => {
  let total: T | number = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    total = add(total, add(mul(100, square(sub(x[i + 1]!, square(x[i]!)))), square(sub(1, x[i]!))));
  }
  return total as T;
};

/**
 * Rosenbrock's Hessian, derived by hand: with term_i = 100 (x_{i+1} − x_i²)² + (1 − x_i)²,
 * ∂²/∂x_i² gets 1200 x_i² − 400 x_{i+1} + 2 from term_i and 200 from term_{i−1};
 * ∂²/∂x_i∂x_{i+1} = −400 x_i. Tridiagonal.
 */
export function rosenbrockHessian(x: ArrayLike<number>): Float64Array[] {
  const n = x.length;
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i + 1 < n; i++) {
    rows[i]![i]! += 1200 * x[i]! * x[i]! - 400 * x[i + 1]! + 2;
    rows[i + 1]![i + 1]! += 200;
    rows[i]![i + 1] = -400 * x[i]!;
    rows[i + 1]![i] = -400 * x[i]!;
  }
  return rows;
}

/** Samples `count` points of a zoo instance from a seeded generator. */
export function samplePoints(instance: ZooInstance, count: number, random: () => number): Float64Array[] {
  return Array.from({ length: count }, () => instance.sample(random));
}

/** Inputs of random programs: a box where every program below is smooth and well scaled. */
export const SAFE_PROGRAM_INPUT = fc.double({ min: -1.5, max: 1.5, noNaN: true });

/** Number of inputs of a random program. */
export const PROGRAM_INPUTS = 3;

const BOUNDED_UNARY = ['sin', 'cos', 'tanh', 'atan'] as const;
const SMOOTH_BINARY = ['add', 'sub', 'mul'] as const;

/** One step of a random program: `unary(binary(a, b))`, where b may be a plain number. */
interface ProgramStep {
  readonly unary: (typeof BOUNDED_UNARY)[number];
  readonly binary: (typeof SMOOTH_BINARY)[number];
  readonly a: number;
  readonly b: number | { readonly constant: number };
  readonly constantFirst: boolean;
}

/** A random straight-line program over PROGRAM_INPUTS inputs, as a function written once. */
export interface RandomProgram {
  readonly steps: readonly ProgramStep[];
  readonly f: ScalarFunction;
}

/**
 * Random programs built from the rule table: each step applies a binary operation to two earlier values
 * (or one and a constant, on either side) and a bounded unary one to the result, so values stay of order
 * 1 and the oracle stays accurate; the output adds the last two values, so values fan out and in.
 */
export function randomProgram(): fc.Arbitrary<RandomProgram> {
  const step = (available: number) =>
    fc.record({
      unary: fc.constantFrom(...BOUNDED_UNARY),
      binary: fc.constantFrom(...SMOOTH_BINARY),
      a: fc.nat({ max: available - 1 }),
      b: fc.oneof(
        fc.nat({ max: available - 1 }),
        fc.record({ constant: fc.double({ min: -2, max: 2, noNaN: true }) }),
      ),
      constantFirst: fc.boolean(),
    });
  return fc.integer({ min: 1, max: 8 }).chain((length) =>
    fc.tuple(...Array.from({ length }, (_, i) => step(PROGRAM_INPUTS + i))).map((steps) => ({
      steps,
      f: programFunction(steps),
    })),
  );
}

function programFunction(steps: readonly ProgramStep[]): ScalarFunction {
  return <T extends Scalar>(x: readonly T[]): T => {
    const values: T[] = [...x];
    for (const { unary, binary, a, b, constantFirst } of steps) {
      const left = values[a]!;
      let combined: T;
      if (typeof b === 'number') combined = FUNCTIONS[binary](left, values[b]!);
      else if (constantFirst) combined = FUNCTIONS[binary](b.constant, left);
      else combined = FUNCTIONS[binary](left, b.constant);
      values.push(FUNCTIONS[unary](combined));
    }
    return add(values[values.length - 1]!, values[values.length - 2]!);
  };
}
