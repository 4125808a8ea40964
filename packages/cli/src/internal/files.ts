/**
 * Every file the CLI reads or writes goes through here, so an I/O failure is a user's error (a
 * UsageError: exit 2) naming the option and the path with the reason in words — never an internal error.
 * Text read is UTF-8 with a byte-order mark dropped (editors on Windows write one).
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { UsageError } from '@dualtape/core';
import type { CliIo } from './io.js';

/** Why an operation on `path` failed, in words (from Node's error code). */
export function ioReason(error: unknown, writing: boolean, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return writing ? `the directory ${dirname(path)} does not exist` : 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (error as Error).message ?? String(error);
  }
}

/** `text` without a leading UTF-8 byte-order mark. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads the text file an option names (`-` is standard input), relative to the working directory. */
export async function readInputFile(option: string, file: string, io: CliIo): Promise<string> {
  if (file === '-') return withoutByteOrderMark(await io.readStdin());
  const path = resolvePath(io.cwd, file);
  try {
    return withoutByteOrderMark(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot read ${path}: ${ioReason(error, false, path)}`);
  }
}

/**
 * Checks, before any work starts, that the file an option names can be written: its directory exists
 * and is writable, and the path is not a directory or an unwritable file. Returns the absolute path.
 */
export function checkOutputPath(option: string, file: string, cwd: string): string {
  const path = resolvePath(cwd, file);
  const fail = (reason: string): never => {
    throw new UsageError(`${option} ${file}: cannot write ${path}: ${reason}`);
  };
  let target: ReturnType<typeof statSync> | undefined;
  try {
    target = statSync(path);
  } catch {
    target = undefined;
  }
  if (target?.isDirectory()) fail('it is a directory');
  try {
    accessSync(target === undefined ? dirname(path) : path, constants.W_OK);
  } catch (error) {
    fail(ioReason(error, true, path));
  }
  if (target === undefined && !statSync(dirname(path)).isDirectory())
    fail('a part of the path is not a directory');
  return path;
}

/** Writes `text` to the file an option names; a failure is a UsageError naming the path. */
export function writeOutputFile(option: string, file: string, text: string, cwd: string): string {
  const path = resolvePath(cwd, file);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot write ${path}: ${ioReason(error, true, path)}`);
  }
  return path;
}
