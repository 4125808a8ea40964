/**
 * `check`: "is my derivative right?". Runs `compare`, then passes every candidate — forward mode (one
 * tangent and chunked), reverse mode, and a hand-written derivative if given — through numeric's
 * `gradcheck` against the same reference scheme the comparison used, and names the worst component.
 * The numeric schemes other than the reference are referees: their disagreements are shown in the
 * table, but they do not decide the verdict (a finite difference straddling a kink is not a bug).
 */
import { formatShort, type ScalarFunction, UsageError, type VectorFunction } from '@dualtape/core';
import { parse, pointForVariables } from '@dualtape/expression';
import {
  GRADCHECK_TOLERANCES,
  type GradcheckElement,
  type GradcheckReport,
  gradcheck,
} from '@dualtape/numeric';
import { compareVariants } from './backends/registry.js';
import { type CompareMethod, type CompareOptions, type CompareResult, compare } from './compare.js';
import { checkedFunction } from './internal/checks.js';
import { generic } from './internal/transformed.js';

/** Options of `check`: `compare`'s, plus the tolerances. */
export interface CheckOptions extends CompareOptions {
  /**
   * Absolute tolerance of each component.
   * @default numeric's GRADCHECK_TOLERANCES[reference].atol (1e-10 for the complex step)
   */
  readonly atol?: number;
  /**
   * Relative tolerance of each component (relative to |reference|).
   * @default numeric's GRADCHECK_TOLERANCES[reference].rtol (1e-8 for the complex step)
   */
  readonly rtol?: number;
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
  /** 'pass' when every candidate agrees with the reference within tolerance. */
  readonly verdict: 'pass' | 'fail';
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
const CANDIDATES: readonly CompareMethod[] = [
  ...compareVariants()
    .filter(({ variant }) => variant.role === 'candidate')
    .map(({ variant }) => variant.method as CompareMethod),
  'hand-written',
];

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
  let f: ScalarFunction | VectorFunction;
  let x: ArrayLike<number>;
  let compareOptions: CompareOptions = options;
  if (typeof subject === 'string') {
    const parsed = parse(subject);
    if (parsed.variables.length === 0) {
      throw new UsageError(`check: '${subject}' has no variables; there is nothing to differentiate`);
    }
    if (at === null || typeof at !== 'object')
      throw new UsageError('check: at must be a record of name: value');
    f = parsed.isVector ? parsed.vector : parsed.scalar;
    x = pointForVariables(new Map(Object.entries(at as Record<string, number>)), parsed.variables, 'at');
    compareOptions = { ...options, variables: parsed.variables };
  } else {
    f = checkedFunction('check', subject);
    x = at as ArrayLike<number>;
  }
  const comparison = compare(f, x, compareOptions);
  const scheme = comparison.reference;
  const candidates: CandidateCheck[] = [];
  const failures: string[] = [];
  const atol = options.atol ?? GRADCHECK_TOLERANCES[scheme].atol;
  const rtol = options.rtol ?? GRADCHECK_TOLERANCES[scheme].rtol;
  for (const row of comparison.rows) {
    if (!CANDIDATES.includes(row.method)) continue;
    if (row.failure !== undefined) {
      failures.push(`${row.label} threw ${row.failure}`);
      candidates.push({ method: row.method, label: row.label, verdict: 'fail', report: undefined });
      continue;
    }
    // The reference runs f on complex numbers: plain JavaScript goes through its lifted form.
    const report = gradcheck(generic(f, false), comparison.point, row.jacobian, {
      scheme,
      worst: 1,
      atol,
      rtol,
    });
    candidates.push({ method: row.method, label: row.label, verdict: report.verdict, report });
  }
  const worst = worstFinding(candidates, comparison.variables, comparison.kind === 'jacobian');
  const verdict = candidates.every((candidate) => candidate.verdict === 'pass') ? 'pass' : 'fail';
  return {
    ...comparison,
    verdict,
    atol,
    rtol,
    candidates,
    worst,
    failures,
    summary: summarize(verdict, candidates, failures, worst, scheme, atol, rtol),
  };
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
  isJacobian: boolean,
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
  const component = isJacobian
    ? `component (${element.row}, ${element.column}) (∂f${element.row}/∂${variable})`
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
  worst: CheckFinding | undefined,
  scheme: string,
  atol: number,
  rtol: number,
): string {
  const tolerance = `atol ${atol}, rtol ${rtol}`;
  if (verdict === 'pass') {
    const names = candidates.map((candidate) => candidate.label).join(', ');
    return `PASS: ${names} agree with the ${scheme} reference within ${tolerance}${worst === undefined ? '' : ` (closest call: ${worst.message})`}`;
  }
  const failing = candidates
    .filter((candidate) => candidate.verdict === 'fail')
    .map((candidate) => candidate.label);
  const detail = worst !== undefined && !worst.passed ? worst.message : (failures[0] ?? 'a candidate failed');
  return `FAIL (${failing.join(', ')}; ${scheme} reference, ${tolerance}): ${detail}`;
}
