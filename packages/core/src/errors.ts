/**
 * Named error classes shared by every dualtape package. Each error says what was wrong and where
 * (operation, argument, expression position), so callers and the CLI can report it in one line.
 */

/** Base class of every error dualtape throws on purpose; anything else is a bug in dualtape. */
export class DualtapeError extends Error {
  override name = 'DualtapeError';
}

/** Bad use of an API: wrong option, wrong argument kind, calling something in the wrong state. */
export class UsageError extends DualtapeError {
  override name = 'UsageError';
}

/**
 * A number type that carries derivatives (a dual number, a tape variable, a complex-step number) met a
 * JavaScript operator, a `Math` function or a conversion to a number, which would drop its derivative. A
 * `UsageError` (and named so in messages); its own class lets a caller that knows more about f — the
 * umbrella, when source transformation could not read f — add why.
 */
export class OperatorError extends UsageError {}

/**
 * A size or shape that does not fit: a gradient of a function that returns a vector, an `x` and `v` of
 * different lengths, tensors whose shapes do not broadcast. `operation` names the call that refused.
 */
export class ShapeError extends DualtapeError {
  override name = 'ShapeError';
  constructor(
    /** The operation or API call that found the mismatch, e.g. `'gradient'` or `'matmul'`. */
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

/**
 * A value outside what an operation accepts where returning NaN would hide the problem, e.g. a
 * non-finite input to a differentiation call. Elementary operations themselves never throw this: outside
 * their domain they return NaN values and derivatives, like `Math`.
 */
export class DomainError extends DualtapeError {
  override name = 'DomainError';
  constructor(
    /** The operation or API call that refused the value. */
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

/**
 * Perturbation confusion: a forward-mode tangent (or a tape variable) used outside the derivative call
 * that created it, or two nested derivatives' numbers mixed in a way that cannot be ordered.
 */
export class PerturbationError extends DualtapeError {
  override name = 'PerturbationError';
}

/**
 * An expression that does not parse. `position` is the 0-based character offset; `message` already
 * contains the expression with a caret under that position.
 */
export class ParseError extends DualtapeError {
  override name = 'ParseError';
  constructor(
    /** What went wrong, without the position, e.g. `expected ')' to close '(' at 3`. */
    readonly reason: string,
    /** The expression that was being parsed. */
    readonly source: string,
    /** 0-based character offset of the problem in `source`. */
    readonly position: number,
  ) {
    super(`${reason} at position ${position}\n${caretExcerpt(source, position)}`);
  }
}

/** Characters of context shown on each side of the caret in a parse error. */
const CARET_CONTEXT = 40;

/**
 * The source around `position` (at most ~80 characters) on one line, and a caret under the position, each
 * line indented by two spaces: how errors and reports point into an expression.
 *
 * @example caretExcerpt('x * log(y)', 4) // '  x * log(y)\n      ^'
 */
export function caretExcerpt(source: string, position: number): string {
  const start = Math.max(0, position - CARET_CONTEXT);
  const end = Math.min(source.length, position + CARET_CONTEXT);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < source.length ? '…' : '';
  const line = `${prefix}${source.slice(start, end)}${suffix}`.replace(/[\r\n\t]/g, ' ');
  return `  ${line}\n  ${' '.repeat(prefix.length + position - start)}^`;
}

/** Replaying a recorded tape at inputs where a recorded comparison branches the other way. */
export class ControlFlowError extends DualtapeError {
  override name = 'ControlFlowError';
}
