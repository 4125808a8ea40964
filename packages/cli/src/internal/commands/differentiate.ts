/**
 * `dualtape grad`, `dualtape jacobian`, `dualtape hessian`, `dualtape hvp`: one derivative in the requested mode (auto
 * by default), with the mode that ran and why. Results go to stdout (human lines or one JSON object).
 * A non-finite value or derivative is never hidden: the command runs the modes again with anomaly
 * detection, names the first operation that produced a NaN or ±Infinity (with a caret under an
 * expression), calls the result unreliable — a finite derivative computed through an overflowed value is
 * no answer (`log1p(exp(x))` at 1000 gives 0 where the truth is 1) — and exits 1.
 */
import { plainValue, UsageError } from '@dualtape/core';
import { parse, pointForVariables } from '@dualtape/expression';
import {
  findAnomaly,
  gradient,
  type HvpStrategy,
  hessian,
  hvp,
  type Implementation,
  jacobian,
  type Mode,
  type ModeChoice,
  type ModeOptions,
  type NumericScheme,
} from 'dualtape';
import { EXIT_DISAGREEMENT, EXIT_OK } from '../exit-codes.js';
import { type CliIo, colorsFor } from '../io.js';
import { type JsonValue, toJsonText } from '../json.js';
import { anomalyJson, byInput, modeJson, nonFiniteWarnings, subjectJson } from '../json-output.js';
import { parseNamedPoint, parseVectorPoint } from '../point.js';
import { fullNumber, labelled, MAX_PRINTED, matrixTable, pointText, vectorText } from '../render.js';
import { integerOption, resolveTarget, type SourceOptions, type Target } from '../target.js';

/** The options `grad`, `jacobian` and `hessian` share. */
export interface DifferentiateOptions extends SourceOptions {
  readonly mode?: Mode;
  readonly implementation?: Implementation;
  readonly json?: boolean;
  readonly chunkSize?: string;
  readonly scheme?: NumericScheme;
  readonly maxTapeBytes?: string;
  /** `hvp`: the direction v, written as `--at` is (x=1,y=0 for an expression, "[1, 0]" otherwise). */
  readonly v?: string;
  /** `hvp`, reverse mode: how the product is computed. */
  readonly strategy?: HvpStrategy;
}

/** Which derivative a command computes. */
export type DerivativeKind = 'grad' | 'jacobian' | 'hessian' | 'hvp';

/** A computed result: the JSON object, the human lines, and warnings for stderr. */
export interface Outcome {
  readonly json: { readonly [key: string]: JsonValue };
  readonly human: string;
  readonly warnings: readonly string[];
  readonly exitCode: number;
}

/** The umbrella options from the command line's strings. */
export function modeOptions(
  options: DifferentiateOptions,
  onModeChoice: (choice: ModeChoice) => void,
): ModeOptions {
  return {
    mode: options.mode ?? 'auto',
    ...(options.implementation === undefined ? {} : { implementation: options.implementation }),
    ...(options.chunkSize === undefined
      ? {}
      : { chunkSize: integerOption(options.chunkSize, '--chunk-size', 1) }),
    ...(options.scheme === undefined ? {} : { scheme: options.scheme }),
    ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
    ...(options.maxTapeBytes === undefined
      ? {}
      : { maxTapeBytes: integerOption(options.maxTapeBytes, '--max-tape-bytes', 0) }),
    onModeChoice,
  };
}

function requireShape(kind: DerivativeKind, target: Target): void {
  if (kind !== 'jacobian' && target.isVector) {
    const what = kind === 'grad' ? 'a gradient' : kind === 'hvp' ? 'a Hessian-vector product' : 'a Hessian';
    throw new UsageError(
      `${kind} computes ${what} of a scalar function, but ${target.label} returns a vector: use 'dualtape jacobian'`,
    );
  }
}

/** The second-order search `findAnomaly` runs for a command (an HVP's anomalies are its Hessian's). */
const ANOMALY_KIND: Readonly<Record<DerivativeKind, 'gradient' | 'jacobian' | 'hessian'>> = {
  grad: 'gradient',
  jacobian: 'jacobian',
  hessian: 'hessian',
  hvp: 'hessian',
};

/** What a command's result is called in messages. */
const RESULT_NAME: Readonly<Record<DerivativeKind, string>> = {
  grad: 'gradient',
  jacobian: 'jacobian',
  hessian: 'hessian',
  hvp: 'Hessian-vector product',
};

/** `--v` read as `--at` is: named for an expression (every variable once), a JSON array otherwise. */
function directionOf(target: Target, text: string | undefined): Float64Array {
  if (text === undefined) {
    throw new UsageError(
      `hvp needs the direction --v (${target.namedInputs ? 'e.g. --v x=1,y=0' : 'e.g. --v "[1, 0, 0]"'})`,
    );
  }
  return target.namedInputs
    ? pointForVariables(parseNamedPoint(text, '--v'), target.variables, '--v')
    : parseVectorPoint(text, '--v');
}

/** Computes the command's derivative of `target`. */
export function differentiate(
  kind: DerivativeKind,
  target: Target,
  options: DifferentiateOptions,
  io: CliIo,
): Outcome {
  requireShape(kind, target);
  const colors = colorsFor(io.stdout, io.env);
  let choice: ModeChoice | undefined;
  const umbrella = modeOptions(options, (made) => {
    choice = made;
  });
  const value = plainValue(target.f, target.point);
  const head: [string, string][] = [
    ['f', target.label],
    ['at', pointText(target.variables, target.point, target.namedInputs)],
    ['value', value instanceof Float64Array ? vectorText(value) : fullNumber(value)],
  ];
  let json: { [key: string]: JsonValue };
  let body: string;
  let warnings: string[];
  if (kind === 'grad') {
    const result = gradient(target.f as never, target.point, umbrella);
    json = { command: 'grad', ...subjectJson(target), value, gradient: byInput(target, result) };
    const lines = target.variables
      .slice(0, MAX_PRINTED)
      .map((name, i) => `∂f/∂${name} = ${fullNumber(result[i]!)}`);
    if (target.variables.length > MAX_PRINTED)
      lines.push(`… ${target.variables.length - MAX_PRINTED} more (use --json)`);
    head.push(['gradient', lines.join('\n')]);
    body = '';
    warnings = nonFiniteWarnings('the gradient', result, target.variables);
  } else if (kind === 'jacobian') {
    const rows = jacobian(target.f as never, target.point, umbrella);
    const outputs = rows.map((_, i) => `f${i}`);
    json = { command: 'jacobian', ...subjectJson(target), value, jacobian: rows };
    head.push(['jacobian', `${rows.length} × ${target.point.length} (row i: ∂fᵢ/∂x)`]);
    body = matrixTable(colors, rows, outputs, target.variables);
    warnings = rows.flatMap((row, i) => nonFiniteWarnings(`row ${i} of the Jacobian`, row, target.variables));
  } else if (kind === 'hvp') {
    const direction = directionOf(target, options.v);
    const result = hvp(target.f as never, target.point, direction, umbrella);
    json = {
      command: 'hvp',
      ...subjectJson(target),
      value,
      v: byInput(target, direction),
      hvp: byInput(target, result),
    };
    head.push(['v', pointText(target.variables, direction, target.namedInputs)]);
    const lines = target.variables
      .slice(0, MAX_PRINTED)
      .map((name, i) => `(∇²f·v)[${name}] = ${fullNumber(result[i]!)}`);
    if (target.variables.length > MAX_PRINTED)
      lines.push(`… ${target.variables.length - MAX_PRINTED} more (use --json)`);
    head.push(['hvp', lines.join('\n')]);
    body = '';
    warnings = nonFiniteWarnings('the Hessian-vector product', result, target.variables);
  } else {
    const rows = hessian(target.f as never, target.point, umbrella);
    json = { command: 'hessian', ...subjectJson(target), value, hessian: rows };
    head.push(['hessian', `${rows.length} × ${rows.length}`]);
    body = matrixTable(colors, rows, target.variables, target.variables);
    warnings = rows.flatMap((row, i) => nonFiniteWarnings(`row ${i} of the Hessian`, row, target.variables));
  }
  if (typeof value === 'number') warnings.unshift(...nonFiniteWarnings('the value', [value], ['f']));
  else
    warnings.unshift(
      ...nonFiniteWarnings(
        'the value',
        value,
        Array.from(value, (_, i) => `f${i}`),
      ),
    );
  if (choice !== undefined) head.push(['mode', `${choice.mode}  ${colors.dim(`(${choice.reason})`)}`]);
  // Anything not finite: find where it came from, and do not present the derivative as an answer.
  const unreliable = warnings.length > 0;
  const found = unreliable
    ? findAnomaly(ANOMALY_KIND[kind], target.f, target.point, {
        modes: [...new Set([choice?.mode ?? 'forward', 'forward', 'reverse'] as const)],
        ...(target.expression === undefined ? {} : { expression: parse(target.expression) }),
      })
    : undefined;
  if (unreliable) {
    const origin =
      found === undefined
        ? 'no operation of the modes produced it (f returned it as it is)'
        : `${found.anomaly.message}${found.caret === undefined ? '' : `\n${found.caret}`}`;
    head.push(['unreliable', `a non-finite value appeared on the way; the first: ${origin}`]);
    warnings.push(
      `the ${RESULT_NAME[kind]} is unreliable: computed through a non-finite intermediate` +
        (found === undefined ? '' : ` (${found.anomaly.operation} at ${found.anomaly.where})`),
    );
  }
  return {
    json: {
      ...json,
      ...modeJson(choice),
      ...(unreliable ? { reliable: false, anomaly: anomalyJson(found) } : { reliable: true }),
      ...(warnings.length > 0 ? { warnings } : {}),
    },
    human: body === '' ? labelled(colors, head) : `${labelled(colors, head)}\n${body}`,
    warnings,
    exitCode: unreliable ? EXIT_DISAGREEMENT : EXIT_OK,
  };
}

/** Runs `grad`/`jacobian`/`hessian`/`hvp` for one expression, zoo function or module. */
export async function runDifferentiate(
  kind: DerivativeKind,
  expression: string | undefined,
  options: DifferentiateOptions,
  io: CliIo,
): Promise<number> {
  const target = await resolveTarget(expression, options, io, kind === 'hessian' || kind === 'hvp');
  const outcome = differentiate(kind, target, options, io);
  writeOutcome(outcome, options.json === true, io);
  return outcome.exitCode;
}

/** Writes an outcome: JSON or human text on stdout, warnings on stderr (human mode only). */
export function writeOutcome(outcome: Outcome, asJson: boolean, io: CliIo): void {
  if (asJson) {
    io.stdout.write(`${toJsonText(outcome.json)}\n`);
    return;
  }
  io.stdout.write(`${outcome.human}\n`);
  const colors = colorsFor(io.stderr, io.env);
  for (const warning of outcome.warnings) io.stderr.write(`${colors.yellow('warning:')} ${warning}\n`);
}
