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
  /** Values of the free identifiers the function reads (numbers, arrays, functions). @default {} */
  readonly scope?: Readonly<Record<string, unknown>>;
}

/** A function ready for code generation. */
export interface Analysed {
  readonly program: ProgramIR;
  /** The entry with every helper inlined. */
  readonly fn: FunctionIR;
  readonly activity: Activity;
}

/** Reads, lowers, inlines and analyses a function object or a module's text. */
export function analyse(f: ((...args: never[]) => unknown) | string, options: SourceOptions = {}): Analysed {
  const source: FunctionSource = typeof f === 'string' ? moduleSource(f, options.entry) : functionSource(f);
  const program = lowerProgram(source, { scope: options.scope ?? {} });
  const fn = mergeRepeatedLoads(normalizeContinues(inlineProgram(program)));
  const activity = analyseActivity(fn);
  return { program, fn, activity };
}
