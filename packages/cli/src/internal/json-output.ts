/**
 * The `--json` (and `--batch`) output objects of each command, one plain object per result, written with
 * `toJsonText` so numbers round-trip and NaN/±Infinity become the strings "NaN", "Infinity",
 * "-Infinity". The package README documents these shapes.
 */
import type { CheckAnomaly, CheckResult, CompareRow, ModeChoice } from 'dualtape';
import type { JsonValue } from './json.js';
import type { Target } from './target.js';

type JsonObject = { readonly [key: string]: JsonValue };

/** A vector keyed by input name for expressions (`{"x": 8}`), a plain array otherwise. */
export function byInput(target: Target, values: ArrayLike<number>): JsonValue {
  if (!target.namedInputs) return values;
  return Object.fromEntries(target.variables.map((name, i) => [name, values[i]!]));
}

/** What was differentiated, where: the head of every result object. */
export function subjectJson(target: Target): JsonObject {
  return {
    ...(target.expression !== undefined ? { expression: target.expression } : { function: target.label }),
    variables: target.variables,
    at: byInput(target, target.point),
  };
}

/** The mode that ran and why. */
export function modeJson(choice: ModeChoice | undefined): JsonObject {
  if (choice === undefined) return {};
  return {
    mode: choice.mode,
    requestedMode: choice.requested,
    reason: choice.reason,
    cost: {
      inputs: choice.inputs,
      outputs: choice.outputs,
      operations: choice.operations,
      estimatedTapeBytes: choice.estimatedTapeBytes,
      chunkSize: choice.chunkSize,
      forwardPasses: choice.forwardPasses,
      reverseSweeps: choice.reverseSweeps,
    },
  };
}

/** Warnings about non-finite results (they are reported, never hidden). */
export function nonFiniteWarnings(
  what: string,
  values: ArrayLike<number>,
  names: readonly string[],
): string[] {
  const bad: string[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) bad.push(`${names[i] ?? i}: ${values[i]}`);
  }
  if (bad.length === 0) return [];
  const shown = bad.slice(0, 5).join(', ') + (bad.length > 5 ? `, … ${bad.length - 5} more` : '');
  return [`${what} has ${bad.length} non-finite ${bad.length === 1 ? 'entry' : 'entries'} (${shown})`];
}

function rowJson(target: Target, row: CompareRow, result: CheckResult): JsonObject {
  const candidate = result.candidates.find((entry) => entry.method === row.method);
  const ran = row.failure === undefined;
  const rows = ran ? (row.jacobian as readonly ArrayLike<number>[]) : null;
  // A method that could not run has no numbers: its derivative is null and `failure` says why.
  const derivative =
    result.kind === 'gradient'
      ? { gradient: ran ? byInput(target, row.jacobian[0]!) : null }
      : result.kind === 'hessian'
        ? { hessian: rows }
        : { jacobian: rows };
  return {
    method: row.method,
    label: row.label,
    family: row.family,
    value: row.value,
    ...derivative,
    maxAbsDisagreement: ran ? row.disagreement.maxAbsolute : null,
    maxRelDisagreement: ran ? row.disagreement.maxRelative : null,
    errorEstimate: ran ? row.maxErrorEstimate : null,
    timeMs: row.timeMs,
    counters: { ...row.counters },
    tapeBytes: row.tapeBytes,
    verdict: candidate?.verdict ?? (row.method === result.reference ? 'reference' : 'referee'),
    failure: row.failure,
  };
}

/** The `check` result object. */
export function checkJson(target: Target, result: CheckResult): JsonObject {
  const worst = result.worst;
  return {
    command: 'check',
    ...subjectJson(target),
    kind: result.kind,
    value: result.value,
    verdict: result.verdict,
    summary: result.summary,
    reference: result.reference,
    atol: result.atol,
    rtol: result.rtol,
    worst:
      worst === undefined
        ? undefined
        : {
            method: worst.method,
            label: worst.label,
            output: worst.row,
            input: worst.column,
            variable: worst.variable,
            candidate: worst.candidate,
            reference: worst.reference,
            absoluteError: worst.absoluteError,
            relativeError: worst.relativeError,
            allowed: worst.allowed,
            nonFinite: worst.nonFinite,
            passed: worst.passed,
            message: worst.message,
          },
    methods: result.rows.map((row) => rowJson(target, row, result)),
    skipped: result.skipped.map((entry) => ({ ...entry })),
    problems: result.problems,
    conventions: result.conventions,
    anomaly: anomalyJson(result.anomaly),
    dotProduct:
      result.dotProduct === undefined
        ? undefined
        : {
            verdict: result.dotProduct.verdict,
            rtol: result.dotProduct.rtol,
            trials: result.dotProduct.trials.length,
            worst: { ...result.dotProduct.worst },
          },
  };
}

/** Where the first non-finite number appeared (a check's or a derivative's), for JSON. */
export function anomalyJson(found: CheckAnomaly | undefined): JsonValue {
  if (found === undefined) return undefined;
  const { anomaly } = found;
  return {
    quantity: anomaly.quantity,
    operation: anomaly.operation,
    arguments: anomaly.arguments,
    value: anomaly.value,
    partials: anomaly.partials,
    result: anomaly.result,
    mode: anomaly.mode,
    step: anomaly.step,
    where: anomaly.where,
    message: anomaly.message,
    foundBy: found.foundBy,
    caret: found.caret,
  };
}
