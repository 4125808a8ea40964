/**
 * gradcheck: compares a gradient or Jacobian computed some other way (an AD mode, a hand-written
 * formula) with a numeric reference, element by element, and says where and by how much they differ.
 *
 * An element passes when |candidate − reference| <= atol + rtol·|reference| + the reference's own error
 * bound, so a mismatch the numeric method cannot resolve is never blamed on the candidate, while with the
 * default reference (Richardson, about 1e-12 relative) a gradient off by 1e-4 relative always fails.
 * Non-finite values cannot be verified: they are flagged and fail the check.
 */
import {
  checkFunction,
  checkPoint,
  type DifferentiationOptions,
  describeValue,
  type ScalarFunction,
  ShapeError,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { GRADCHECK_DEFAULTS, GRADCHECK_TOLERANCES, type Scheme } from './defaults.js';
import { resolveOptions } from './internal/validate.js';
import { jacobianWithError } from './jacobian.js';

/**
 * What gradcheck checks: a gradient (length N), Jacobian rows (M rows of length N), or a function that
 * returns either when called with x.
 */
export type GradcheckCandidate =
  | ArrayLike<number>
  | readonly ArrayLike<number>[]
  | ((x: Float64Array) => ArrayLike<number> | readonly ArrayLike<number>[]);

/** Options of `gradcheck`. */
export interface GradcheckOptions extends DifferentiationOptions {
  /** Scheme of the numeric reference. @default 'richardson' (`GRADCHECK_DEFAULTS.scheme`) */
  readonly scheme?: Scheme;
  /** Relative step of the reference scheme. @default `DEFAULT_STEPS[scheme]` */
  readonly step?: number;
  /** Absolute tolerance. @default `GRADCHECK_TOLERANCES[scheme].atol` */
  readonly atol?: number;
  /** Relative tolerance (relative to |reference|). @default `GRADCHECK_TOLERANCES[scheme].rtol` */
  readonly rtol?: number;
  /** How many of the worst elements the report lists. @default 5 (`GRADCHECK_DEFAULTS.worst`) */
  readonly worst?: number;
  /**
   * A reference already computed (M rows of values and their error bounds, e.g. a row of a comparison
   * table), used instead of computing one: then the check judges exactly the numbers the caller shows,
   * and f is not evaluated (a function that changes between calls cannot pass by luck). `scheme` still
   * picks the tolerances. Its shape is the candidate's: a Jacobian's M×N, or a Hessian's N×N.
   * @default undefined (computed with `scheme` and `step`)
   */
  readonly reference?: GradcheckReference;
}

/** A numeric reference passed to `gradcheck`: values and error bounds of the same shape. */
export interface GradcheckReference {
  readonly value: readonly ArrayLike<number>[];
  readonly error: readonly ArrayLike<number>[];
  /** Evaluations of f it cost, for the report. @default 0 */
  readonly evaluations?: number;
}

/** One compared element. */
export interface GradcheckElement {
  /** Output index (0 for a scalar function). */
  readonly row: number;
  /** Input index. */
  readonly column: number;
  /** The value being checked. */
  readonly candidate: number;
  /** The numeric reference. */
  readonly reference: number;
  /** |candidate − reference|. */
  readonly absoluteError: number;
  /** |candidate − reference| / |reference| (Infinity if the reference is 0 and they differ). */
  readonly relativeError: number;
  /** The numeric reference's own error bound. */
  readonly numericError: number;
  /** atol + rtol·|reference| + numericError: the largest absolute error that passes. */
  readonly allowed: number;
  /** True if the candidate, the reference or its error bound is NaN or infinite. */
  readonly nonFinite: boolean;
  /** Whether this element passed. */
  readonly passed: boolean;
}

/** The result of `gradcheck`. */
export interface GradcheckReport {
  /** 'pass' when every element is finite and within its allowed error. */
  readonly verdict: 'pass' | 'fail';
  /** Scheme of the numeric reference. */
  readonly scheme: Scheme;
  readonly atol: number;
  readonly rtol: number;
  /** M: outputs of f (1 for a scalar function). */
  readonly rows: number;
  /** N: inputs of f. */
  readonly columns: number;
  /** Elements compared (M·N). */
  readonly checked: number;
  /** Elements that failed, non-finite ones included. */
  readonly failed: number;
  /** Elements with a non-finite candidate, reference or reference error. */
  readonly nonFinite: number;
  /** The worst elements, worst first (non-finite first, then by absoluteError / allowed). */
  readonly worst: readonly GradcheckElement[];
  /** Largest absolute error over the finite elements. */
  readonly maxAbsoluteError: number;
  /** Largest relative error over the finite elements. */
  readonly maxRelativeError: number;
  /** Evaluations of f spent on the reference. */
  readonly evaluations: number;
}

/**
 * Compares `candidate` (a gradient or Jacobian of f at x, or a function computing one) with a numeric
 * reference element by element. f may return one value (then the candidate is a gradient) or a list.
 * @throws ShapeError if the candidate's shape does not match f's Jacobian (M×N); the input errors of
 * `jacobian` for bad x.
 */
export function gradcheck(
  f: ScalarFunction | VectorFunction,
  x: ArrayLike<number>,
  candidate: GradcheckCandidate,
  options?: GradcheckOptions,
): GradcheckReport {
  const call = 'gradcheck';
  checkFunction(call, f);
  const point = checkPoint(call, x);
  const { scheme, step, detectAnomaly } = resolveOptions(call, options, 1, GRADCHECK_DEFAULTS.scheme, [
    'atol',
    'rtol',
    'worst',
    'reference',
  ]);
  const atol = toleranceOption(options?.atol, GRADCHECK_TOLERANCES[scheme].atol, 'atol');
  const rtol = toleranceOption(options?.rtol, GRADCHECK_TOLERANCES[scheme].rtol, 'rtol');
  const worstCount = options?.worst ?? GRADCHECK_DEFAULTS.worst;
  if (!Number.isInteger(worstCount) || worstCount < 0) {
    throw new UsageError(`gradcheck: worst must be a non-negative integer, got ${describeValue(worstCount)}`);
  }

  const reference =
    options?.reference ??
    jacobianWithError(f, point, { scheme, step, counters: options?.counters, detectAnomaly });
  const rows = reference.value.length;
  const columns = point.length;
  if (reference.error.length !== rows || reference.value.some((row) => row.length !== columns)) {
    throw new ShapeError(
      'gradcheck',
      `the reference must be ${rows} rows of ${columns} values with their errors`,
    );
  }
  const candidateRows = candidateMatrix(candidate, point, rows, columns);

  const elements: GradcheckElement[] = [];
  let failed = 0;
  let nonFinite = 0;
  let maxAbsoluteError = 0;
  let maxRelativeError = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const element = compare(
        row,
        column,
        candidateRows[row]![column]!,
        reference.value[row]![column]!,
        reference.error[row]![column]!,
        atol,
        rtol,
      );
      elements.push(element);
      if (!element.passed) failed++;
      if (element.nonFinite) nonFinite++;
      else {
        maxAbsoluteError = Math.max(maxAbsoluteError, element.absoluteError);
        maxRelativeError = Math.max(maxRelativeError, element.relativeError);
      }
    }
  }
  elements.sort((a, b) => severity(b) - severity(a));
  return {
    verdict: failed === 0 ? 'pass' : 'fail',
    scheme,
    atol,
    rtol,
    rows,
    columns,
    checked: rows * columns,
    failed,
    nonFinite,
    worst: elements.slice(0, worstCount),
    maxAbsoluteError,
    maxRelativeError,
    evaluations: reference.evaluations ?? 0,
  };
}

function compare(
  row: number,
  column: number,
  candidate: number,
  reference: number,
  numericError: number,
  atol: number,
  rtol: number,
): GradcheckElement {
  const absoluteError = Math.abs(candidate - reference);
  const relativeError = absoluteError === 0 ? 0 : absoluteError / Math.abs(reference);
  const allowed = atol + rtol * Math.abs(reference) + numericError;
  const nonFinite =
    !Number.isFinite(candidate) || !Number.isFinite(reference) || !Number.isFinite(numericError);
  const passed = !nonFinite && absoluteError <= allowed;
  return {
    row,
    column,
    candidate,
    reference,
    absoluteError,
    relativeError,
    numericError,
    allowed,
    nonFinite,
    passed,
  };
}

/** Sort key: non-finite elements first, then by how many times the allowed error was used. */
function severity(element: GradcheckElement): number {
  return element.nonFinite ? Number.POSITIVE_INFINITY : element.absoluteError / element.allowed;
}

function toleranceOption(value: number | undefined, fallback: number, name: string): number {
  const tolerance = value ?? fallback;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new UsageError(`gradcheck: ${name} must be a finite number >= 0, got ${describeValue(tolerance)}`);
  }
  return tolerance;
}

/** The candidate as M rows of length N, after calling it if it is a function and checking its shape. */
function candidateMatrix(
  candidate: GradcheckCandidate,
  x: Float64Array,
  rows: number,
  columns: number,
): ArrayLike<number>[] {
  const given = typeof candidate === 'function' ? candidate(Float64Array.from(x)) : candidate;
  if (given === null || typeof given !== 'object' || typeof given.length !== 'number') {
    throw new UsageError(
      `gradcheck: the candidate must be a gradient or Jacobian rows, got ${describeValue(given)}`,
    );
  }
  // A list whose first entry is not itself a list is a gradient (its entries are checked below).
  const isFlat = given.length === 0 || given[0] === null || typeof given[0] !== 'object';
  let matrix: ArrayLike<number>[];
  if (isFlat) {
    if (rows !== 1) {
      throw new ShapeError(
        'gradcheck',
        `the candidate is one row of length ${given.length} but f has ${rows} outputs; pass ${rows} rows of length ${columns}`,
      );
    }
    matrix = [given as ArrayLike<number>];
  } else {
    matrix = Array.from(given as readonly ArrayLike<number>[]);
    if (matrix.length !== rows) {
      throw new ShapeError('gradcheck', `the candidate has ${matrix.length} rows but f has ${rows} outputs`);
    }
  }
  matrix.forEach((row, r) => {
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw new UsageError(`gradcheck: candidate row ${r} is ${describeValue(row)}, not an array of numbers`);
    }
    if (row.length !== columns) {
      throw new ShapeError(
        'gradcheck',
        `candidate row ${r} has length ${row.length} but x has length ${columns}; they must match`,
      );
    }
    for (let c = 0; c < columns; c++) {
      if (typeof row[c] !== 'number') {
        throw new UsageError(`gradcheck: candidate (${r}, ${c}) is ${describeValue(row[c])}, not a number`);
      }
    }
  });
  return matrix;
}

/**
 * A few lines of text for a gradcheck report: the verdict and counts, then a table of the worst elements
 * (row, column, candidate, reference, absolute and relative error, numeric error bound, allowed error).
 */
export function formatGradcheckReport(report: GradcheckReport): string {
  const { verdict, scheme, atol, rtol, rows, columns, checked, failed, nonFinite } = report;
  const lines = [
    `gradcheck: ${verdict.toUpperCase()} — ${failed} of ${checked} elements failed` +
      `${nonFinite > 0 ? ` (${nonFinite} not finite)` : ''}; ${rows}×${columns}, reference '${scheme}', atol ${atol}, rtol ${rtol}`,
    `  max absolute error ${number(report.maxAbsoluteError)}, max relative error ${number(report.maxRelativeError)}, ${report.evaluations} evaluations`,
  ];
  if (report.worst.length > 0) {
    const header = [
      '(row, col)',
      'candidate',
      'reference',
      'abs error',
      'rel error',
      'numeric error',
      'allowed',
      '',
    ];
    const table = report.worst.map((e) => [
      `(${e.row}, ${e.column})`,
      number(e.candidate),
      number(e.reference),
      number(e.absoluteError),
      number(e.relativeError),
      number(e.numericError),
      number(e.allowed),
      e.nonFinite ? 'NOT FINITE' : e.passed ? 'ok' : 'FAIL',
    ]);
    const widths = header.map((title, k) =>
      Math.max(title.length, ...table.map((cells) => cells[k]!.length)),
    );
    const render = (cells: readonly string[]) =>
      `  ${cells
        .map((cell, k) => cell.padEnd(widths[k]!))
        .join('  ')
        .trimEnd()}`;
    lines.push('  worst elements:', render(header), ...table.map(render));
  }
  return lines.join('\n');
}

function number(value: number): string {
  return Number.isFinite(value) ? value.toExponential(6) : String(value);
}
