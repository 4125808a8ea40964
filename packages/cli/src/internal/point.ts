/**
 * Reading the point to differentiate at, from `--at` or a batch line: `x=1,y=2` for expressions (every
 * variable named exactly once; @dualtape/expression's `pointForVariables` orders it), `[1, 2, 3]` for
 * functions of a vector (module and zoo functions).
 * Every complaint names the variable or position it is about, as a `UsageError` (exit status 2).
 */
import { UsageError } from '@dualtape/core';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAMED_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/**
 * A number written by a user: a decimal literal (`2`, `-0.5`, `1e-3`, `.5`) or `pi`/`e` with an optional
 * sign. `what` names where it came from for the message, e.g. `--at x=abc`.
 */
export function parseUserNumber(text: string, what: string): number {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`${what}: the value is empty (expected a number)`);
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const bare = trimmed.replace(/^[+-]/, '');
  const constant = NAMED_CONSTANTS[bare];
  if (constant !== undefined) return sign * constant;
  if (/^(?:nan|infinity|inf)$/i.test(bare)) {
    throw new UsageError(`${what}: '${trimmed}' is not a finite number (derivatives need a finite point)`);
  }
  throw new UsageError(`${what}: '${trimmed}' is not a number`);
}

/** Parses `x=1,y=2` (whitespace allowed) into name -> value, in the order written; `what` names the option. */
export function parseNamedPoint(text: string, what = '--at'): Map<string, number> {
  const point = new Map<string, number>();
  if (text.trim() === '') return point;
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0) {
      throw new UsageError(`${what} '${part.trim()}': expected name=value (e.g. ${what} x=1,y=2)`);
    }
    const name = part.slice(0, equals).trim();
    const valueText = part.slice(equals + 1);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(`${what} '${part.trim()}': '${name}' is not a variable name`);
    }
    if (point.has(name)) throw new UsageError(`${what} gives '${name}' twice`);
    point.set(name, parseUserNumber(valueText, `${what} ${name}=${valueText.trim()}`));
  }
  return point;
}

/**
 * Reads a name -> value record from a batch line's `"at"`: every value must be a finite JSON number.
 */
export function pointFromRecord(record: unknown, what: string): Map<string, number> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new UsageError(`${what}: "at" must be an object of name: number (e.g. {"x": 1, "y": 2})`);
  }
  const point = new Map<string, number>();
  for (const [name, value] of Object.entries(record)) {
    if (typeof value !== 'number') {
      throw new UsageError(`${what}: "at"."${name}" is ${JSON.stringify(value)}, not a number`);
    }
    if (!Number.isFinite(value)) {
      throw new UsageError(`${what}: "at"."${name}" is not a finite number`);
    }
    point.set(name, value);
  }
  return point;
}

/** Parses a vector point `[1, 2.5, -3]` (JSON array of numbers; `pi`/`e` not allowed here). */
export function parseVectorPoint(text: string, what = '--at'): Float64Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} '${text}': expected a JSON array of numbers, e.g. "[1, 2, 3]"`);
  }
  if (!Array.isArray(parsed)) {
    throw new UsageError(`${what} '${text}': expected a JSON array of numbers, e.g. "[1, 2, 3]"`);
  }
  return Float64Array.from(parsed, (value: unknown, index) => {
    if (typeof value !== 'number') {
      throw new UsageError(`${what}: element ${index} is ${JSON.stringify(value)}, not a number`);
    }
    return value;
  });
}
