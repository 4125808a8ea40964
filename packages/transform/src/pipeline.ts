/**
 * The front half every output shares: source text -> syntax tree -> IR -> one inlined function -> activity.
 */
import { type Activity, analyseActivity } from './activity.js';
import { inlineProgram } from './inline.js';
import type { FunctionIR, ProgramIR } from './ir.js';
import { lowerProgram } from './lower.js';
import { normalizeContinues } from './normalize.js';
import { mergeRepeatedLoads } from './optimize.js';
import { type FunctionSource, functionSource, moduleSource } from './source.js';

/** Where the function to transform comes from, and the names around it. */
export interface SourceOptions {
  /** With source text: the function to differentiate. @default the default export, else the only function */
  readonly entry?: string;
  /**
   * Values of the free identifiers the function reads (numbers, arrays, functions). @default the scope the
   * function carries (`withScope`), else {}
   */
  readonly scope?: Readonly<Record<string, unknown>>;
}

/** A function ready for code generation. */
export interface Analysed {
  readonly program: ProgramIR;
  /** The entry with every helper inlined. */
  readonly fn: FunctionIR;
  readonly activity: Activity;
}

/**
 * The property under which a function object can carry the scope its text reads (`withScope`), so code that
 * only passes the function around — the umbrella's calls, the CLI, the benchmarks — transforms it. A
 * registered symbol: core's zoo sets it without importing this package.
 */
export const SCOPE: unique symbol = Symbol.for('dualtape.scope') as never;

/** `f` carrying `scope` for source transformation (see `SCOPE`); returns `f`. */
export function withScope<F extends (...args: never[]) => unknown>(
  f: F,
  scope: Readonly<Record<string, unknown>>,
): F {
  Object.defineProperty(f, SCOPE, { value: scope, enumerable: false, configurable: true });
  return f;
}

/**
 * The property under which a function object can carry the text of the module it comes from and its name
 * there (`withSource`), so the transform reads it in its module — beside the module's constants, helpers
 * and imports — rather than from its own text alone (the CLI's `--module` sets it).
 */
export const SOURCE: unique symbol = Symbol.for('dualtape.source') as never;

/** `f` carrying the text of its module and its name there (see `SOURCE`); returns `f`. */
export function withSource<F extends (...args: never[]) => unknown>(f: F, text: string, entry: string): F {
  Object.defineProperty(f, SOURCE, { value: { text, entry }, enumerable: false, configurable: true });
  return f;
}

/** Reads, lowers, inlines and analyses a function object or a module's text. */
export function analyse(f: ((...args: never[]) => unknown) | string, options: SourceOptions = {}): Analysed {
  const module =
    typeof f === 'function'
      ? ((f as unknown as Record<symbol, unknown>)[SOURCE] as { text: string; entry: string } | undefined)
      : undefined;
  const source: FunctionSource =
    typeof f === 'string'
      ? moduleSource(f, options.entry)
      : module !== undefined
        ? moduleSource(module.text, options.entry ?? module.entry)
        : functionSource(f);
  const carried = typeof f === 'function' ? (f as unknown as Record<symbol, unknown>)[SCOPE] : undefined;
  const scope = options.scope ?? (carried as Readonly<Record<string, unknown>> | undefined) ?? {};
  const program = lowerProgram(source, { scope });
  const fn = mergeRepeatedLoads(normalizeContinues(inlineProgram(program)));
  const activity = analyseActivity(fn);
  return { program, fn, activity };
}
