/**
 * fast-check arbitraries of random differentiable programs and of points to evaluate them at.
 *
 * What is generated is a `ProgramDescription` — a list of steps whose arguments are integer
 * back-references taken modulo the number of nodes that exist — and it is mapped to a `Program` by
 * `buildProgram`. Every description is valid, so fast-check can shrink freely: dropping a step, turning a
 * reference towards 0 (the node just before), an operation towards `add` (the first rule), a constant
 * towards 0 or the input and output counts towards 1 always leaves a program, and guards are re-derived for
 * it. A shrunk counterexample is therefore a short formula. References favour the last few nodes, so
 * programs are deep (a long chain of dependencies), while occasional far references and repeated
 * references make shared subexpressions.
 */
import { UsageError } from '@dualtape/core';
import fc from 'fast-check';
import { POINT_RANGE } from './guards.js';
import { formatProgram } from './print.js';
import {
  type BranchComparison,
  buildProgram,
  OPERATION_NAMES,
  type OperationName,
  type Program,
  type ProgramDescription,
  type StepDescription,
} from './program.js';

/** What kind of programs to generate. Every field is optional. */
export interface ProgramArbitraryOptions {
  /** Fewest inputs N. @default 1 */
  readonly minInputs?: number;
  /** Most inputs N. @default 20 */
  readonly maxInputs?: number;
  /** Fewest outputs M. @default 1 */
  readonly minOutputs?: number;
  /** Most outputs M. @default 20 */
  readonly maxOutputs?: number;
  /**
   * Fewest steps (operations, constants, branches) after the inputs. Keep it 0 where possible: with a
   * positive minimum, fast-check cannot drop an array's last element, so shrinking stalls one step early.
   * @default 0
   */
  readonly minSteps?: number;
  /** Most steps after the inputs. @default 60 */
  readonly maxSteps?: number;
  /** The operations steps may apply. @default OPERATION_NAMES (every rule of core's table) */
  readonly operations?: readonly OperationName[];
  /**
   * Whether programs may contain constants (multiples of 1/4 in [-5, 5]): as an operand of a binary
   * operation, or now and then as a step of their own. @default true
   */
  readonly constants?: boolean;
  /** Whether steps may be branches `a < b ? c : d` (control flow through core's comparisons). @default false */
  readonly branches?: boolean;
  /**
   * Whether steps may read values as JavaScript numbers with `primal` (read nodes, and with `branches`
   * also branches that compare the numbers read). Their derivative is 0 in every mode, which no referee
   * sees, so only properties among the modes and of recordings use them. @default false
   */
  readonly reads?: boolean;
}

/** A program and the point(s) to evaluate it at. */
export interface ProgramCase {
  readonly program: Program;
  /** A point with N coordinates, each within ±`POINT_RANGE`. */
  readonly point: Float64Array;
  /** Further points, as many as `extraPoints` asked for. */
  readonly otherPoints: readonly Float64Array[];
}

/** Options of `programCaseArbitrary`: the program's, plus how many further points to draw. */
export interface ProgramCaseArbitraryOptions extends ProgramArbitraryOptions {
  /** Further points drawn besides `point`. @default 0 */
  readonly extraPoints?: number;
}

const COMPARISONS: readonly BranchComparison[] = ['lt', 'le', 'gt', 'ge'];

/** Back-references: mostly to one of the last three nodes (depth), sometimes anywhere (sharing, width). */
const reference = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 6 },
  { arbitrary: fc.nat({ max: 255 }), weight: 1 },
);

/** Constants are multiples of 1/4 in [-5, 5]: short to print, and they shrink towards 0. */
const constantValue = fc.integer({ min: -20, max: 20 }).map((k) => k / 4);

/** A constant operand of a binary operation, in either position (so `2 - x` takes the second-operand path). */
const constantOperand = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: fc.record({ value: constantValue, position: fc.constantFrom<0 | 1>(1, 0) }), weight: 1 },
);

/** Coordinates are multiples of 1/1000 in ±POINT_RANGE, so printed points stay short. */
const COORDINATE_STEPS = 1000;
// Unbiased: fast-check's bias towards small integers would put many coordinates at exactly 0, on the kink
// of abs(x). Shrinking still moves coordinates towards 0.
const coordinate = fc
  .noBias(fc.integer({ min: -POINT_RANGE * COORDINATE_STEPS, max: POINT_RANGE * COORDINATE_STEPS }))
  .map((k) => k / COORDINATE_STEPS);

function resolve(options: ProgramArbitraryOptions) {
  const resolved = {
    minInputs: options.minInputs ?? 1,
    maxInputs: options.maxInputs ?? 20,
    minOutputs: options.minOutputs ?? 1,
    maxOutputs: options.maxOutputs ?? 20,
    minSteps: options.minSteps ?? 0,
    maxSteps: options.maxSteps ?? 60,
    operations: options.operations ?? OPERATION_NAMES,
    constants: options.constants ?? true,
    branches: options.branches ?? false,
    reads: options.reads ?? false,
  };
  if (resolved.operations.length === 0)
    throw new UsageError('programArbitrary: operations must not be empty');
  const ranges = [
    ['inputs', resolved.minInputs, resolved.maxInputs, 1],
    ['outputs', resolved.minOutputs, resolved.maxOutputs, 1],
    ['steps', resolved.minSteps, resolved.maxSteps, 0],
  ] as const;
  for (const [what, low, high, least] of ranges) {
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < least || high < low) {
      throw new UsageError(
        `programArbitrary: ${what} must be integers with ${least} <= min <= max, got ${low}..${high}`,
      );
    }
  }
  return resolved;
}

/** The arbitrary of program descriptions (before resolution): what fast-check shrinks. */
export function programDescriptionArbitrary(
  options: ProgramArbitraryOptions = {},
): fc.Arbitrary<ProgramDescription> {
  const o = resolve(options);
  const operation: fc.Arbitrary<StepDescription> = fc.record({
    kind: fc.constant('operation' as const),
    operation: fc.constantFrom(...o.operations),
    refs: fc.tuple(reference, reference),
    constant: o.constants ? constantOperand : fc.constant(null),
  });
  const steps: fc.WeightedArbitrary<StepDescription>[] = [{ arbitrary: operation, weight: 16 }];
  if (o.constants) {
    steps.push({
      arbitrary: fc.record({ kind: fc.constant('constant' as const), value: constantValue }),
      weight: 1,
    });
  }
  if (o.branches) {
    const branch = {
      kind: fc.constant('branch' as const),
      comparison: fc.constantFrom(...COMPARISONS),
      refs: fc.tuple(reference, reference, reference, reference),
    };
    // Without reads the record is left as it always was, so fixed seeds keep giving the same programs.
    steps.push({
      arbitrary: o.reads ? fc.record({ ...branch, onNumbers: fc.boolean() }) : fc.record(branch),
      weight: 1,
    });
  }
  if (o.reads) {
    steps.push({ arbitrary: fc.record({ kind: fc.constant('read' as const), ref: reference }), weight: 1 });
  }
  // Output references are drawn with no minimum and padded with references to the last node: fast-check
  // shrinks an array by keeping its tail, and with a minimum length it could never drop the last element.
  return fc.record({
    inputCount: fc.integer({ min: o.minInputs, max: o.maxInputs }),
    steps: fc.array(fc.oneof(...steps), { minLength: o.minSteps, maxLength: o.maxSteps, size: 'max' }),
    outputs: fc
      .array(reference, { maxLength: o.maxOutputs, size: 'max' })
      .map((outputs) => [
        ...outputs,
        ...new Array<number>(Math.max(0, o.minOutputs - outputs.length)).fill(0),
      ]),
  });
}

/** The arbitrary of resolved programs; fast-check reports a counterexample with `formatProgram`. */
export function programArbitrary(options: ProgramArbitraryOptions = {}): fc.Arbitrary<Program> {
  return programDescriptionArbitrary(options).map((description) => {
    const program = buildProgram(description);
    return Object.defineProperty(program, fc.toStringMethod, { value: () => formatProgram(program) });
  });
}

function pointArbitrary(maxInputs: number): fc.Arbitrary<number[]> {
  return fc.array(coordinate, { minLength: maxInputs, maxLength: maxInputs });
}

/**
 * Programs with a point to evaluate them at (and `extraPoints` more). Coordinates are drawn for the
 * largest input count and cut to the program's N, so no `chain` is needed and both shrink independently.
 */
export function programCaseArbitrary(options: ProgramCaseArbitraryOptions = {}): fc.Arbitrary<ProgramCase> {
  const o = resolve(options);
  const extra = options.extraPoints ?? 0;
  return fc
    .tuple(
      programDescriptionArbitrary(options),
      fc.array(pointArbitrary(o.maxInputs), { minLength: 1 + extra, maxLength: 1 + extra }),
    )
    .map(([description, coordinates]) => {
      const program = buildProgram(description);
      const [point, ...otherPoints] = coordinates.map((c) =>
        Float64Array.from(c.slice(0, program.inputCount)),
      );
      const programCase: ProgramCase = { program, point: point!, otherPoints };
      return Object.defineProperty(programCase, fc.toStringMethod, {
        value: () =>
          [
            formatProgram(program, point),
            ...otherPoints.map((p, i) => `  other point ${i + 1}: [${Array.from(p, String).join(', ')}]`),
          ].join('\n'),
      });
    });
}
