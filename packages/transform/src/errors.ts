/**
 * The one error of source transformation: a construct it cannot differentiate, named, with its line and
 * column in the source text, an excerpt with a caret, and what to do instead. Never a wrong derivative.
 */
import { DualtapeError } from '@dualtape/core';

/** Where in the source text something is: 1-based line, 0-based column, 0-based offset. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Characters of context shown on each side of the caret. */
const CARET_CONTEXT = 50;

/** The source line around `position` (at most ~100 characters) and a caret under the column. */
export function caretExcerpt(source: string, position: SourcePosition): string {
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[position.line - 1] ?? '';
  const start = Math.max(0, position.column - CARET_CONTEXT);
  const end = Math.min(text.length, position.column + CARET_CONTEXT);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shown = `${prefix}${text.slice(start, end)}${suffix}`.replace(/\t/g, ' ');
  return `  ${shown}\n  ${' '.repeat(prefix.length + position.column - start)}^`;
}

/**
 * Source transformation cannot handle something in the function: an unsupported construct (objects, classes,
 * recursion, `try`, ...), a free identifier that is neither in `scope` nor known, a Math function without a
 * derivative rule applied to a value that depends on x. The message names the construct, gives
 * `line:column` with a caret excerpt, and says what to do (rewrite it, or use the overloading modes).
 */
export class TransformError extends DualtapeError {
  override name = 'TransformError';
  constructor(
    /** What is wrong and what to do, without the position. */
    readonly reason: string,
    /** Where, in the transformed source text (for a function object: its `toString()`). */
    readonly position: SourcePosition | undefined,
    /** The source text the position refers to. */
    readonly source: string | undefined,
    /** The function being transformed, when known. */
    readonly functionName?: string,
  ) {
    const where = position === undefined ? '' : ` at ${position.line}:${position.column + 1}`;
    const inFunction = functionName === undefined ? '' : ` (in ${functionName})`;
    const excerpt =
      position === undefined || source === undefined ? '' : `\n${caretExcerpt(source, position)}`;
    super(`${reason}${inFunction}${where}${excerpt}`);
  }
}
