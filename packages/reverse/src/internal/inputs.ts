/**
 * Checks shared by every reverse-mode call (contracts.md): the input point, the output's shape, seeds.
 * Each error names the call that refused and the offending position.
 */
import { DomainError, type Real, ShapeError, UsageError } from '@dualtape/core';

/** Copies `x` into a Float64Array after checking it is a non-empty array of finite plain numbers. */
export function checkedPoint(operation: string, x: unknown, name = 'x'): Float64Array {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new UsageError(`${operation}: ${name} must be an array of numbers, got ${describe(x)}`);
  }
  const values = x as ArrayLike<unknown>;
  if (values.length === 0)
    throw new ShapeError(operation, `${name} is empty; there is nothing to differentiate`);
  const point = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // The common case first, without building the element's name for a message.
    point[i] =
      typeof value === 'number' && Number.isFinite(value)
        ? value
        : checkedNumber(operation, value, `${name}[${i}]`);
  }
  return point;
}

/** Checks one plain finite number (the point of `derivative`, an entry of `x` or `u`). */
export function checkedNumber(operation: string, value: unknown, name: string): number {
  if (typeof value !== 'number') {
    if (typeof value === 'object' && value !== null && 'primal' in value) {
      throw new UsageError(
        `${operation}: ${name} is a ${(value as Real).constructor?.name ?? 'Real'}, not a plain number; ` +
          'reverse mode does not nest inside another differentiation call (use hessian for second derivatives)',
      );
    }
    throw new UsageError(`${operation}: ${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) throw new DomainError(operation, `${name} is ${value}; inputs must be finite`);
  return value;
}

/** Checks a seed/cotangent vector of the expected length; returns it as a Float64Array. */
export function checkedSeed(operation: string, u: unknown, expected: number, name = 'u'): Float64Array {
  if (u === null || typeof u !== 'object' || typeof (u as ArrayLike<unknown>).length !== 'number') {
    throw new UsageError(`${operation}: ${name} must be an array of numbers, got ${describe(u)}`);
  }
  const values = u as ArrayLike<unknown>;
  if (values.length !== expected) {
    throw new ShapeError(
      operation,
      `${name} has length ${values.length} but the function has ${expected} output${expected === 1 ? '' : 's'}`,
    );
  }
  const seed = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const value = values[i];
    seed[i] =
      typeof value === 'number' && Number.isFinite(value)
        ? value
        : checkedNumber(operation, value, `${name}[${i}]`);
  }
  return seed;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object' || typeof value === 'function') {
    return `a ${(value as object).constructor?.name ?? typeof value}`;
  }
  return `${typeof value} ${String(value)}`;
}
