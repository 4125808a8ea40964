/**
 * `check`: "is my derivative right?". Runs `compare`, then judges every candidate — forward mode (one
 * tangent and chunked), reverse mode, generated code, and a hand-written derivative if given — with
 * numeric's `gradcheck` against the reference row OF THE SAME TABLE (its values and error bounds: what the
 * table shows is what is judged), and names the worst component. The numeric schemes other than the
 * reference are referees: their disagreements are shown, but they do not decide the verdict (a finite
 * difference straddling a kink is not a bug).
 *
 * `check` never passes what it cannot vouch for: a non-finite f (`log(x^2)` at 0), a function that gives
 * different values at the same point (it keeps state between calls), a table with no reference that could
 * run, a vector function whose JVP and VJP fail the dot-product test. Where something is not finite it
 * runs the modes again with `detectAnomaly` and reports the first operation that produced a NaN or
 * ±Infinity (with a caret under it for an expression). A function that returns something other than a
 * number is bad input (`UsageError`), not a disagreement.
 *
 * With `kind: 'hessian'` it checks second derivatives: every Hessian strategy (forward over forward,
 * reverse over reverse, reverse over forward) and a hand-written Hessian against the numeric Hessian.
 */
import {
  checkOptions,
  formatShort,
  plainValue,
  type ScalarFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { type ParsedExpression, parse, pointForVariables } from '@dualtape/expression';
import {
  type DotProductReport,
  dotProductTest,
  GRADCHECK_TOLERANCES,
  type GradcheckElement,
  type GradcheckReport,
  gradcheck,
} from '@dualtape/numeric';
import { type CheckAnomaly, findAnomaly } from './anomaly.js';
import { BACKENDS, compareVariants } from './backends/registry.js';
import {
  COMPARE_OPTIONS,
  type CompareMethod,
  type CompareOptions,
  type CompareResult,
  type CompareRow,
  compare,
} from './compare.js';
import { checkedFunction } from './internal/checks.js';
import { jvp } from './jvp.js';
import { vjp } from './vjp.js';

/** Options of `check`: `compare`'s, plus the tolerances. An unknown option is a `UsageError`. */
export interface CheckOptions extends CompareOptions {
  /**
   * Absolute tolerance of each component.
   * @default numeric's GRADCHECK_TOLERANCES[reference].atol (1e-13 for the complex step)
   */
  readonly atol?: number;
  /**
   * Relative tolerance of each component (relative to |reference|).
   * @default numeric's GRADCHECK_TOLERANCES[reference].rtol (1e-8 for the complex step)
   */
  readonly rtol?: number;
  /**
   * The expression f was made from, so a reported anomaly gets a caret under its operation (`check` of
   * an expression string knows it already). @default undefined
   */
  readonly expression?: ParsedExpression;
}

/** One candidate's gradcheck. */
export interface CandidateCheck {
  /** Which method was checked. */
  readonly method: CompareMethod;
  /** Its label in the table. */
  readonly label: string;
  /** 'fail' when any component is off, non-finite, or the method threw. */
  readonly verdict: 'pass' | 'fail';
  /** numeric's gradcheck report; undefined when the method threw. */
  readonly report: GradcheckReport | undefined;
}

/** The worst component found by a check. */
export interface CheckFinding {
  /** The candidate it belongs to. */
  readonly method: CompareMethod;
  /** The candidate's label ('reverse', 'hand-written', ...). */
  readonly label: string;
  /** Output index (0 for a scalar function). */
  readonly row: number;
  /** Input index. */
  readonly column: number;
  /** The input's name ('x[2]', 'y'). */
  readonly variable: string;
  /** The candidate's value of the component. */
  readonly candidate: number;
  /** The numeric reference's value. */
  readonly reference: number;
  /** |candidate − reference|. */
  readonly absoluteError: number;
  /** |candidate − reference| / |reference|. */
  readonly relativeError: number;
  /** The largest absolute error that passes there: atol + rtol·|reference| + the reference's error bound. */
  readonly allowed: number;
  /** True when the candidate, the reference or the reference's error bound is NaN or infinite. */
  readonly nonFinite: boolean;
  /** Whether this component passed. */
  readonly passed: boolean;
  /** One sentence: "component 2 (x[2]): hand-written 3.0001, reference 3 (...)". */
  readonly message: string;
}

/** The result of `check`: the comparison table plus the verdict. */
export interface CheckResult extends CompareResult {
  /**
   * 'pass' when every candidate agrees with the reference within tolerance and nothing in `problems`
   * stands in the way.
   */
  readonly verdict: 'pass' | 'fail';
  /**
   * What makes the check fail besides components: a non-finite f, a function that changes between calls,
   * no reference that could run, a failed dot-product test. One sentence each; empty when none.
   */
  readonly problems: readonly string[];
  /** The first non-finite value, tangent or adjoint, when something was not finite; else undefined. */
  readonly anomaly: CheckAnomaly | undefined;
  /** For a vector function: the dot-product test <u, J v> = <Jᵀ u, v> of forward JVPs and reverse VJPs. */
  readonly dotProduct: DotProductReport | undefined;
  /** The absolute tolerance used. */
  readonly atol: number;
  /** The relative tolerance used. */
  readonly rtol: number;
  /** One gradcheck per candidate, in table order. */
  readonly candidates: readonly CandidateCheck[];
  /** The worst component over all candidates (the first failure's worst when the check fails). */
  readonly worst: CheckFinding | undefined;
  /** Candidates that threw, with their messages. */
  readonly failures: readonly string[];
  /** One line: the verdict and why. */
  readonly summary: string;
}

/** What `check` judges: the backends' candidate rows (the AD modes) and the hand-written derivative. */
function candidateMethods(hessianKind: boolean): readonly CompareMethod[] {
  return [
    ...compareVariants(BACKENDS, hessianKind)
      .filter(({ variant }) => variant.role === 'candidate')
      .map(({ variant }) => variant.method as CompareMethod),
    'hand-written',
  ];
}

/** The option names of `CheckOptions`. */
const CHECK_OPTIONS: readonly string[] = [...COMPARE_OPTIONS, 'atol', 'rtol', 'expression'];

/**
 * Checks f's derivatives at x: every mode (and the optional hand-written derivative) against the
 * numeric reference, component by component, with numeric's gradcheck (atol + rtol·|reference| plus the
 * reference's own error bound). Also accepts an expression with a name -> value record:
 * `check('x^2 + y^2', { x: 4, y: 3 })`.
 *
 * @throws ParseError for an expression that does not parse; UsageError when `at` misses a variable or
 *   names one the expression does not have; the modes' ShapeError/DomainError for bad points.
 *
 * @example check('4*x^3 + x^2 + 3', { x: 2 }).verdict // 'pass'
 */
export function check(
  f: ScalarFunction | VectorFunction,
  x: ArrayLike<number>,
  options?: CheckOptions,
): CheckResult;
export function check(
  expression: string,
  at: Readonly<Record<string, number>>,
  options?: CheckOptions,
): CheckResult;
export function check(
  subject: ScalarFunction | VectorFunction | string,
  at: ArrayLike<number> | Readonly<Record<string, number>>,
  options: CheckOptions = {},
): CheckResult {
  checkOptions('check', options, CHECK_OPTIONS);
  let f: ScalarFunction | VectorFunction;
  let x: ArrayLike<number>;
  let expression = options.expression;
  let compareOptions: CompareOptions = withoutCheckOptions(options);
  if (typeof subject === 'string') {
    const parsed = parse(subject);
    if (parsed.variables.length === 0) {
      throw new UsageError(`check: '${subject}' has no variables; there is nothing to differentiate`);
    }
    if (at === null || typeof at !== 'object')
      throw new UsageError('check: at must be a record of name: value');
    f = parsed.isVector ? parsed.vector : parsed.scalar;
    x = pointForVariables(new Map(Object.entries(at as Record<string, number>)), parsed.variables, 'at');
    compareOptions = { ...compareOptions, variables: parsed.variables };
    expression = parsed;
  } else {
    f = checkedFunction('check', subject);
    x = at as ArrayLike<number>;
  }
  const comparison = compare(f, x, compareOptions);
  const hessianKind = comparison.kind === 'hessian';
  const scheme = comparison.reference;
  const referenceRow = comparison.rows.find((row) => row.method === scheme);
  const tolerances = GRADCHECK_TOLERANCES[scheme ?? 'richardson'];
  const atol = options.atol ?? tolerances.atol;
  const rtol = options.rtol ?? tolerances.rtol;
  const problems = findProblems(f, comparison, referenceRow);
  const candidates: CandidateCheck[] = [];
  const failures: string[] = [];
  const judged = candidateMethods(hessianKind);
  for (const row of comparison.rows) {
    if (!judged.includes(row.method)) continue;
    if (row.failure !== undefined || referenceRow === undefined) {
      if (row.failure !== undefined) failures.push(`${row.label} threw ${row.failure}`);
      candidates.push({ method: row.method, label: row.label, verdict: 'fail', report: undefined });
      continue;
    }
    // Judged against the table's own reference row: what is shown is what decides.
    const report = gradcheck(f, comparison.point, row.jacobian, {
      scheme: scheme!,
      worst: 1,
      atol,
      rtol,
      reference: { value: referenceRow.jacobian, error: referenceRow.errorEstimate! },
    });
    candidates.push({ method: row.method, label: row.label, verdict: report.verdict, report });
  }
  const dotProduct =
    comparison.kind === 'jacobian' ? dotProductRow(f as VectorFunction, comparison) : undefined;
  if (dotProduct !== undefined && dotProduct.verdict === 'fail') {
    const worst = dotProduct.worst;
    problems.push(
      `the dot-product test of forward JVPs against reverse VJPs failed: <u, J v> = ${worst.forward} but ` +
        `<Jᵀ u, v> = ${worst.backward} (relative error ${formatShort(worst.relativeError)}, allowed ${formatShort(dotProduct.rtol)})`,
    );
  }
  const anyNonFinite =
    !allFinite(comparison.value) || comparison.rows.some((row) => row.jacobian.some((r) => !allFinite(r)));
  const anomaly = anyNonFinite
    ? findAnomaly(comparison.kind, f, comparison.point, expression === undefined ? {} : { expression })
    : undefined;
  const worst = worstFinding(candidates, comparison.variables, comparison.kind);
  const verdict =
    problems.length === 0 &&
    candidates.length > 0 &&
    candidates.every((candidate) => candidate.verdict === 'pass')
      ? 'pass'
      : 'fail';
  return {
    ...comparison,
    verdict,
    problems,
    anomaly,
    dotProduct,
    atol,
    rtol,
    candidates,
    worst,
    failures,
    summary: summarize(verdict, candidates, failures, problems, worst, scheme, atol, rtol, anomaly),
  };
}

/** The check's options without its own (the rest go to `compare`). */
function withoutCheckOptions(options: CheckOptions): CompareOptions {
  const { atol: _atol, rtol: _rtol, expression: _expression, ...rest } = options;
  return rest;
}

function allFinite(values: number | ArrayLike<number>): boolean {
  if (typeof values === 'number') return Number.isFinite(values);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/** What stands in the way of a pass before any component is compared. */
function findProblems(
  f: ScalarFunction | VectorFunction,
  comparison: CompareResult,
  referenceRow: CompareRow | undefined,
): string[] {
  const problems: string[] = [];
  const value = comparison.value;
  if (!allFinite(value)) {
    const shown =
      typeof value === 'number'
        ? `f is ${value}`
        : `f's output ${Array.from(value).findIndex((v) => !Number.isFinite(v))} is ${Array.from(value).find((v) => !Number.isFinite(v))}`;
    problems.push(`${shown} at the point: a function that is not finite there has no derivative to check`);
  }
  const changed = changedBetweenCalls(f, comparison.point, value);
  if (changed !== undefined) {
    problems.push(
      `f returned ${String(value)} and then ${changed} at the same point: it keeps state between calls, ` +
        'so no derivative can be checked against it',
    );
  }
  if (referenceRow === undefined && comparison.kind === 'hessian' && comparison.conventions.length > 0) {
    problems.push(
      `f uses ${comparison.conventions.join(', ')}, whose derivative is 0 by definition: no numeric Hessian ` +
        'follows it (the complex-step Hessian takes finite differences of complex-step derivatives), so no ' +
        'reference can vouch for second derivatives here',
    );
  } else if (referenceRow === undefined) {
    const reasons = comparison.rows
      .filter((row) => row.family === 'numeric' && row.failure !== undefined)
      .map((row) => `${row.label}: ${row.failure}`);
    const blind =
      comparison.conventions.length === 0
        ? ''
        : `; f uses ${comparison.conventions.join(', ')}, which finite differences cannot see, so only the complex step can be its reference`;
    problems.push(`no numeric reference could evaluate f (${reasons.join('; ')}${blind})`);
  }
  return problems;
}

/**
 * What f gives when evaluated once more at `point`, after every row ran, if that is not `value` (bit for
 * bit, NaN equal to NaN); undefined when it is the same.
 */
function changedBetweenCalls(
  f: ScalarFunction | VectorFunction,
  point: Float64Array,
  value: number | Float64Array,
): string | undefined {
  let again: number | Float64Array;
  try {
    again = plainValue(f, point, 'check');
  } catch (error) {
    return `threw (${error instanceof Error ? error.message : String(error)})`;
  }
  const same =
    typeof value === 'number'
      ? Object.is(again, value)
      : again instanceof Float64Array &&
        again.length === value.length &&
        again.every((v, i) => Object.is(v, value[i]));
  return same ? undefined : String(again);
}

/** Forward JVPs against reverse VJPs on random directions (numeric's dot-product test). */
function dotProductRow(f: VectorFunction, comparison: CompareResult): DotProductReport | undefined {
  const { point, inputs: n, outputs: m } = comparison;
  try {
    const pullback = vjp(f, point, { mode: 'reverse' });
    return dotProductTest({
      jvp: (v) => jvp(f, point, v, { mode: 'forward' }).tangent,
      vjp: (u) => pullback.pullback(u),
      n,
      m,
    });
  } catch {
    // A mode that cannot run f already fails its own row.
    return undefined;
  }
}

/** How bad a component is, compared lexicographically: failed, then non-finite, then share of the allowance. */
function severity(element: GradcheckElement): readonly number[] {
  return [
    element.passed ? 0 : 1,
    element.nonFinite ? 1 : 0,
    element.nonFinite ? 0 : element.absoluteError / element.allowed,
  ];
}

function isWorse(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

function worstFinding(
  candidates: readonly CandidateCheck[],
  variables: readonly string[],
  kind: CompareResult['kind'],
): CheckFinding | undefined {
  let worst: { candidate: CandidateCheck; element: GradcheckElement } | undefined;
  for (const candidate of candidates) {
    const element = candidate.report?.worst[0];
    if (element === undefined) continue;
    if (worst === undefined || isWorse(severity(element), severity(worst.element)))
      worst = { candidate, element };
  }
  if (worst === undefined) return undefined;
  const { candidate, element } = worst;
  const variable = variables[element.column] ?? `x[${element.column}]`;
  const rowName = variables[element.row] ?? `x[${element.row}]`;
  const component =
    kind === 'jacobian'
      ? `component (${element.row}, ${element.column}) (∂f${element.row}/∂${variable})`
      : kind === 'hessian'
        ? `entry (${element.row}, ${element.column}) (∂²f/∂${rowName}∂${variable})`
        : `component ${element.column} (${variable})`;
  return {
    method: candidate.method,
    label: candidate.label,
    row: element.row,
    column: element.column,
    variable,
    candidate: element.candidate,
    reference: element.reference,
    absoluteError: element.absoluteError,
    relativeError: element.relativeError,
    allowed: element.allowed,
    nonFinite: element.nonFinite,
    passed: element.passed,
    message:
      `${component}: ${candidate.label} ${element.candidate}, reference ${element.reference} ` +
      (element.nonFinite
        ? `(${notFinite(element)}, so it cannot be verified)`
        : `(absolute error ${formatShort(element.absoluteError)}, relative ${formatShort(element.relativeError)}, allowed ${formatShort(element.allowed)})`),
  };
}

function notFinite(element: GradcheckElement): string {
  if (!Number.isFinite(element.candidate)) return `the candidate is ${element.candidate}`;
  if (!Number.isFinite(element.reference)) return `the reference is ${element.reference}`;
  return `the reference's error bound is ${element.numericError} (f is not finite nearby)`;
}

function summarize(
  verdict: 'pass' | 'fail',
  candidates: readonly CandidateCheck[],
  failures: readonly string[],
  problems: readonly string[],
  worst: CheckFinding | undefined,
  scheme: string | undefined,
  atol: number,
  rtol: number,
  anomaly: CheckAnomaly | undefined,
): string {
  const tolerance = `atol ${atol}, rtol ${rtol}`;
  if (verdict === 'pass') {
    const names = candidates.map((candidate) => candidate.label).join(', ');
    return `PASS: ${names} agree with the ${scheme} reference within ${tolerance}${worst === undefined ? '' : ` (closest call: ${worst.message})`}`;
  }
  const failing = candidates
    .filter((candidate) => candidate.verdict === 'fail')
    .map((candidate) => candidate.label);
  const detail =
    problems[0] ??
    (worst !== undefined && !worst.passed ? worst.message : (failures[0] ?? 'a candidate failed'));
  const origin = anomaly === undefined ? '' : `; first non-finite: ${anomaly.anomaly.message}`;
  const reference = scheme === undefined ? 'no reference' : `${scheme} reference`;
  // Without a reference no candidate was judged: naming them as failing would say more than is known.
  const who = failing.length === 0 || scheme === undefined ? '' : `${failing.join(', ')}; `;
  return `FAIL (${who}${reference}, ${tolerance}): ${detail}${origin}`;
}
