/**
 * `dualtape check`: every mode and numeric scheme side by side on one function, and a verdict. Exit 0
 * when every candidate (forward, chunked forward, reverse, and a hand-written gradient if there is one)
 * agrees with the reference within tolerance, 1 when one does not (naming the worst component).
 */
import { UsageError } from '@dualtape/core';
import { type CheckResult, check } from 'dualtape';
import { EXIT_DISAGREEMENT, EXIT_OK } from '../exit-codes.js';
import { type CliIo, type Colors, colorsFor, progress } from '../io.js';
import { checkJson } from '../json-output.js';
import { parseUserNumber } from '../point.js';
import { fullNumber, milliseconds, pointText, shortNumber, table, vectorText, workText } from '../render.js';
import { resolveTarget, type SourceOptions, type Target } from '../target.js';
import { type Outcome, writeOutcome } from './differentiate.js';

/** Options of `check`. */
export interface CheckCommandOptions extends SourceOptions {
  readonly atol?: string;
  readonly rtol?: string;
  readonly json?: boolean;
}

/** Most derivative entries shown as table columns; more are left to `--json`. */
const MAX_DERIVATIVE_COLUMNS = 3;

function tolerance(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = parseUserNumber(text, option);
  if (value < 0) throw new UsageError(`${option} ${text}: a tolerance must be >= 0`);
  return value;
}

/** Runs the check of `target` and renders it. */
export function checkOutcome(target: Target, options: CheckCommandOptions, io: CliIo): Outcome {
  const atol = tolerance(options.atol, '--atol');
  const rtol = tolerance(options.rtol, '--rtol');
  const result = check(target.f, target.point, {
    variables: target.variables,
    ...(atol === undefined ? {} : { atol }),
    ...(rtol === undefined ? {} : { rtol }),
    ...(target.handWritten === undefined ? {} : { handWritten: target.handWritten }),
    ...(target.handWrittenLabel === undefined ? {} : { handWrittenLabel: target.handWrittenLabel }),
    onMethodStart: (_method, label) => progress(io, `check: ${label}…`),
  });
  progress(io, undefined);
  const colors = colorsFor(io.stdout, io.env);
  return {
    json: checkJson(target, result),
    human: humanCheck(target, result, colors),
    warnings: [],
    exitCode: result.verdict === 'pass' ? EXIT_OK : EXIT_DISAGREEMENT,
  };
}

function humanCheck(target: Target, result: CheckResult, colors: Colors): string {
  const entries = result.rows[0]!.jacobian.length * result.inputs;
  const showDerivative = entries <= MAX_DERIVATIVE_COLUMNS;
  const derivativeHeads = showDerivative
    ? result.rows[0]!.jacobian.flatMap((_, r) =>
        target.variables.map((name) => (result.kind === 'gradient' ? `∂f/∂${name}` : `∂f${r}/∂${name}`)),
      )
    : [];
  const head = ['method', ...derivativeHeads, 'max |Δ|', 'max rel Δ', 'error est.', 'time', 'work', 'check'];
  const rows = result.rows.map((row) => {
    const candidate = result.candidates.find((entry) => entry.method === row.method);
    const mark =
      candidate === undefined
        ? row.method === result.reference
          ? colors.cyan('reference')
          : colors.dim('referee')
        : candidate.verdict === 'pass'
          ? colors.green('✓ pass')
          : colors.red('✗ FAIL');
    const derivative = showDerivative ? row.jacobian.flatMap((values) => Array.from(values, fullNumber)) : [];
    return [
      row.failure === undefined ? row.label : `${row.label}\n${colors.red(row.failure.slice(0, 60))}`,
      ...derivative,
      shortNumber(row.disagreement.maxAbsolute),
      shortNumber(row.disagreement.maxRelative),
      shortNumber(row.maxErrorEstimate),
      milliseconds(row.timeMs),
      workText(row.counters),
      mark,
    ];
  });
  const value = result.value instanceof Float64Array ? vectorText(result.value) : fullNumber(result.value);
  const title =
    `${colors.bold('check')} ${target.label}  at ${pointText(target.variables, target.point, target.namedInputs)}` +
    `  (f = ${value}; ${result.inputs} → ${result.outputs})`;
  const verdict = result.verdict === 'pass' ? colors.green(result.summary) : colors.red(result.summary);
  const note = showDerivative ? '' : `\n${colors.dim('(derivative values: use --json)')}`;
  return `${title}\n${table(colors, head, rows)}${note}\n${verdict}`;
}

/** Runs `check` for one expression, zoo function or module. */
export async function runCheck(
  expression: string | undefined,
  options: CheckCommandOptions,
  io: CliIo,
): Promise<number> {
  const target = await resolveTarget(expression, options, io);
  const outcome = checkOutcome(target, options, io);
  writeOutcome(outcome, options.json === true, io);
  return outcome.exitCode;
}
