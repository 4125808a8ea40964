/**
 * `--batch FILE.jsonl` for `grad` and `check`: one `{"expr": "...", "at": {...}}` per line in, one JSON
 * result per line out, in the same order, each carrying its input `"line"` number (1-based; blank lines
 * are skipped). A bad line gives `{"line": n, "error": {"type", "message", ...}}` and the batch goes on.
 * The exit status is the worst line's: 70 if a line hit an internal error, else 2 if a line was bad
 * input, else 1 if a check disagreed, else 0. `FILE` may be `-` for standard input.
 */
import { DualtapeError, ParseError, UsageError } from '@dualtape/core';
import { parse } from '@dualtape/expression';
import { type CheckCommandOptions, checkOutcome } from './commands/check.js';
import { type DifferentiateOptions, differentiate, type Outcome } from './commands/differentiate.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, worseExit } from './exit-codes.js';
import { readInputFile } from './files.js';
import { type CliIo, progress } from './io.js';
import { type JsonValue, toJsonText } from './json.js';
import { pointFromRecord } from './point.js';
import { expressionTarget } from './target.js';

/** What a batch runs on each line. */
export type BatchCommand =
  | { readonly kind: 'grad'; readonly options: DifferentiateOptions }
  | { readonly kind: 'check'; readonly options: CheckCommandOptions };

/** Options that name one function and so make no sense with a batch (each line names its own). */
const PER_LINE = ['at', 'zoo', 'module', 'export', 'size', 'seed', 'exprFile'] as const;

/** The keys a line may have. */
const LINE_KEYS = new Set(['expr', 'at']);

/** Runs a batch file and returns the worst line's exit status. */
export async function runBatch(
  file: string,
  expression: string | undefined,
  command: BatchCommand,
  io: CliIo,
): Promise<number> {
  if (expression !== undefined)
    throw new UsageError('--batch reads the expressions from the file; give no expression argument');
  for (const option of PER_LINE) {
    if ((command.options as Record<string, unknown>)[option] !== undefined) {
      throw new UsageError(
        `--${option === 'exprFile' ? 'expr-file' : option} cannot be combined with --batch (each line gives its own "expr" and "at")`,
      );
    }
  }
  const text = await readBatch(file, io);
  const lines = text.split(/\r?\n/);
  let exitCode = EXIT_OK;
  let done = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    const { result, code } = runLine(line, lineNumber, command, io);
    io.stdout.write(`${toJsonText({ line: lineNumber, ...result })}\n`);
    exitCode = worseExit(exitCode, code);
    done++;
    if (done % 100 === 0) progress(io, `batch: ${done} lines done`);
  }
  progress(io, undefined);
  return exitCode;
}

function readBatch(file: string, io: CliIo): Promise<string> {
  return readInputFile('--batch', file, io);
}

function runLine(
  line: string,
  lineNumber: number,
  command: BatchCommand,
  io: CliIo,
): { result: { readonly [key: string]: JsonValue }; code: number } {
  try {
    const target = lineTarget(line, lineNumber);
    const outcome: Outcome =
      command.kind === 'grad'
        ? differentiate('grad', target, command.options, io)
        : checkOutcome(target, command.options, io);
    return { result: outcome.json, code: outcome.exitCode };
  } catch (error) {
    if (error instanceof DualtapeError) return { result: { error: errorJson(error) }, code: EXIT_USAGE };
    const message = error instanceof Error ? error.message : String(error);
    return {
      result: { error: { type: 'InternalError', message: `${message} (this is a bug in dualtape)` } },
      code: EXIT_INTERNAL,
    };
  }
}

function lineTarget(line: string, lineNumber: number) {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`line ${lineNumber} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`line ${lineNumber} must be an object like {"expr": "x^2", "at": {"x": 1}}`);
  }
  for (const key of Object.keys(input)) {
    if (LINE_KEYS.has(key)) continue;
    const hint =
      key === 'mode' || key === 'scheme' || key === 'chunkSize' || key === 'implementation'
        ? ` (the ${key} is not chosen per line: give --${key === 'chunkSize' ? 'chunk-size' : key} on the command line, for every line)`
        : '';
    throw new UsageError(`line ${lineNumber}: unknown key "${key}"; a line has "expr" and "at"${hint}`);
  }
  const { expr, at } = input as { expr?: unknown; at?: unknown };
  if (typeof expr !== 'string') throw new UsageError(`line ${lineNumber}: "expr" must be a string`);
  const parsed = parse(expr);
  return expressionTarget(parsed, pointFromRecord(at ?? {}, `line ${lineNumber}`), 'at');
}

function errorJson(error: DualtapeError): { readonly [key: string]: JsonValue } {
  if (error instanceof ParseError) {
    return { type: error.name, message: error.reason, position: error.position, source: error.source };
  }
  return { type: error.name, message: error.message };
}
