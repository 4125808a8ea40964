/**
 * Loading a user's function for `check --module FILE --export NAME`: the module is imported by file URL;
 * NAME must be a function of a vector — plain JavaScript (read by source transformation in the module's
 * text, which the function carries) or written with core's free functions — and an optional export
 * `NAMEGradient` is a hand-written gradient `(x: number[]) => number[]` that check compares too, and an
 * optional `NAMEHessian` a hand-written Hessian `(x: number[]) => number[][]` that `check --hessian` compares.
 *
 * How the module finds 'dualtape': see resolve-hook.ts — its own node_modules first, then the CLI's copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ScalarFunction, UsageError, type VectorFunction } from '@dualtape/core';
import { withSource } from '@dualtape/transform';

/** What `--module`/`--export` named. */
export interface LoadedFunction {
  /** The function to differentiate. */
  readonly f: ScalarFunction | VectorFunction;
  /** The hand-written gradient exported as `NAMEGradient`, if any. */
  readonly handWritten: ((x: number[]) => ArrayLike<number>) | undefined;
  /** Name of the hand-written gradient's export. */
  readonly handWrittenName: string;
  /** The hand-written Hessian exported as `NAMEHessian` (N rows), if any. */
  readonly handWrittenHessian: ((x: number[]) => readonly ArrayLike<number>[]) | undefined;
  /** Absolute path of the module. */
  readonly path: string;
}

let hookRegistered = false;

/** Imports `file` (relative to `cwd`) and takes the export `name` and `nameGradient` from it. */
export async function loadUserFunction(file: string, name: string, cwd: string): Promise<LoadedFunction> {
  const path = resolvePath(cwd, file);
  if (!existsSync(path)) throw new UsageError(`--module ${file}: no such file (looked at ${path})`);
  if (!hookRegistered) {
    register('./resolve-hook.js', import.meta.url, { data: { fallbackParentURL: import.meta.url } });
    hookRegistered = true;
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--module ${file} could not be loaded: ${message}`);
  }
  const exported = Object.keys(namespace).sort();
  const f = namespace[name];
  if (f === undefined) {
    const list = exported.length === 0 ? 'it exports nothing' : `it exports ${exported.join(', ')}`;
    throw new UsageError(`--module ${file} has no export '${name}' (${list}); choose one with --export NAME`);
  }
  if (typeof f !== 'function')
    throw new UsageError(`--module ${file}: export '${name}' is a ${typeof f}, not a function`);
  const handWrittenName = `${name}Gradient`;
  const handWritten = optionalFunction(namespace, handWrittenName, file);
  const handWrittenHessian = optionalFunction(namespace, `${name}Hessian`, file);
  // Plain JavaScript is read by source transformation in its module (constants, helpers, imports).
  withSource(f as (...args: never[]) => unknown, readFileSync(path, 'utf8'), name);
  return {
    f: f as ScalarFunction,
    handWritten: handWritten as ((x: number[]) => ArrayLike<number>) | undefined,
    handWrittenName,
    handWrittenHessian: handWrittenHessian as ((x: number[]) => readonly ArrayLike<number>[]) | undefined,
    path,
  };
}

/** The export `name` if it is a function, undefined if absent; a UsageError for anything else. */
function optionalFunction(namespace: Record<string, unknown>, name: string, file: string): unknown {
  const value = namespace[name];
  if (value !== undefined && typeof value !== 'function') {
    throw new UsageError(`--module ${file}: export '${name}' is a ${typeof value}, not a function`);
  }
  return value;
}
