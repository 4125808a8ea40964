/**
 * `dualtape check`: every mode and numeric scheme side by side on one function, and a verdict. Exit 0
 * when every candidate (forward, chunked forward, reverse, generated code, and a hand-written gradient if
 * there is one) agrees with the reference within tolerance, 1 when one does not (naming the worst
 * component), when f is not finite, when f changes between calls, when no reference could run, or when the
 * dot-product test of a vector function fails. Wherever something is not finite the report names the first
 * operation that produced it (with a caret under an expression). `--hessian` checks second derivatives.
 */
import { UsageError } from '@dualtape/core';
import { parse } from '@dualtape/expression';
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
  readonly hessian?: boolean;
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
  const hessian = options.hessian === true;
  if (hessian && target.isVector) {
    throw new UsageError(
      `--hessian checks the Hessian of a scalar function, but ${target.label} returns a vector: check its outputs one by one`,
    );
  }
  const handWritten = hessian ? target.handWrittenHessian : target.handWritten;
  const result = check(target.f, target.point, {
    variables: target.variables,
    ...(hessian ? { kind: 'hessian' as const } : {}),
    ...(atol === undefined ? {} : { atol }),
    ...(rtol === undefined ? {} : { rtol }),
    ...(handWritten === undefined ? {} : { handWritten }),
    ...(handWritten === undefined || target.handWrittenLabel === undefined
      ? {}
      : { handWrittenLabel: target.handWrittenLabel }),
    ...(target.expression === undefined ? {} : { expression: parse(target.expression) }),
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

/** The column head of derivative entry (r, c). */
function entryHead(result: CheckResult, variables: readonly string[], r: number, name: string): string {
  if (result.kind === 'gradient') return `∂f/∂${name}`;
  if (result.kind === 'hessian') return `∂²f/∂${variables[r]}∂${name}`;
  return `∂f${r}/∂${name}`;
}

function humanCheck(target: Target, result: CheckResult, colors: Colors): string {
  const entries = result.rows[0]!.jacobian.length * result.inputs;
  const showDerivative = entries <= MAX_DERIVATIVE_COLUMNS;
  const derivativeHeads = showDerivative
    ? result.rows[0]!.jacobian.flatMap((_, r) =>
        target.variables.map((name) => entryHead(result, target.variables, r, name)),
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
    // A method that could not run shows why, and no number at all.
    const ran = row.failure === undefined;
    const none = colors.dim('—');
    const derivative = showDerivative
      ? row.jacobian.flatMap((values) => Array.from(values, (v) => (ran ? fullNumber(v) : none)))
      : [];
    return [
      ran ? row.label : `${row.label}\n${colors.red(wrapped(row.failure!))}`,
      ...derivative,
      ran ? shortNumber(row.disagreement.maxAbsolute) : none,
      ran ? shortNumber(row.disagreement.maxRelative) : none,
      ran ? shortNumber(row.maxErrorEstimate) : none,
      milliseconds(row.timeMs),
      workText(row.counters),
      mark,
    ];
  });
  const dot = result.dotProduct;
  if (dot !== undefined) {
    rows.push([
      'dot product <u,Jv> = <Jᵀu,v>',
      ...derivativeHeads.map(() => ''),
      shortNumber(dot.worst.absoluteError),
      shortNumber(dot.worst.relativeError),
      `rtol ${shortNumber(dot.rtol)}`,
      '',
      `${dot.trials.length} pairs (u, v)`,
      dot.verdict === 'pass' ? colors.green('✓ pass') : colors.red('✗ FAIL'),
    ]);
  }
  const value = result.value instanceof Float64Array ? vectorText(result.value) : fullNumber(result.value);
  const title =
    `${colors.bold('check')} ${target.label}  at ${pointText(target.variables, target.point, target.namedInputs)}` +
    `  (f = ${value}; ${result.inputs} → ${result.outputs})`;
  const verdict = result.verdict === 'pass' ? colors.green(result.summary) : colors.red(result.summary);
  const notes: string[] = [];
  if (!showDerivative) notes.push(colors.dim('(derivative values: use --json)'));
  for (const { label, reason } of result.skipped) notes.push(colors.dim(`(${label}: not run — ${reason})`));
  if (result.conventions.length > 0 && result.kind !== 'hessian') {
    notes.push(
      colors.dim(
        `(f uses ${result.conventions.join(', ')}: its derivative is 0 by definition, which finite differences ` +
          'cannot see; only the complex step can be the reference)',
      ),
    );
  }
  for (const problem of result.problems) notes.push(colors.red(`✗ ${problem}`));
  const anomaly = result.anomaly;
  if (anomaly !== undefined) {
    notes.push(colors.yellow(`first non-finite (${anomaly.foundBy}): ${anomaly.anomaly.message}`));
    if (anomaly.caret !== undefined) notes.push(anomaly.caret);
  }
  const extra = notes.length === 0 ? '' : `\n${notes.join('\n')}`;
  return `${title}\n${table(colors, head, rows)}${extra}\n${verdict}`;
}

/** A long failure message on lines of at most 60 characters (the label column stays narrow). */
function wrapped(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > 60) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.slice(0, 4).join('\n') + (lines.length > 4 ? ' …' : '');
}

/** Runs `check` for one expression, zoo function or module. */
export async function runCheck(
  expression: string | undefined,
  options: CheckCommandOptions,
  io: CliIo,
): Promise<number> {
  const target = await resolveTarget(expression, options, io, options.hessian === true);
  const outcome = checkOutcome(target, options, io);
  writeOutcome(outcome, options.json === true, io);
  return outcome.exitCode;
}
