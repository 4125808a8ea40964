/**
 * Whether a report can be written at a path, checked before a benchmark starts (a run of minutes that
 * ends in "could not write the report" wastes them). The writers create missing directories, so the
 * check finds the nearest existing ancestor and asks whether a directory can be made there; an existing
 * file must be writable. Nothing is created (Node's recursive mkdir can loop forever under /proc).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return message;
}

/** Why a report cannot be written at `path` (in words), or undefined when it can. */
export function reportPathProblem(path: string): string | undefined {
  const absolute = resolve(path);
  let existing = absolute;
  let stats: ReturnType<typeof statSync> | undefined;
  for (;;) {
    try {
      stats = statSync(existing, { throwIfNoEntry: false });
    } catch {
      stats = undefined; // ENOTDIR: a file on the way; the walk up finds it
    }
    if (stats !== undefined || dirname(existing) === existing) break;
    existing = dirname(existing);
  }
  if (stats === undefined) return 'no part of the path exists';
  if (existing === absolute) {
    if (stats.isDirectory()) return 'it is a directory';
  } else if (!stats.isDirectory()) {
    return `${existing} is a file, not a directory`;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    return reason(error);
  }
  // /proc and /sys accept no new files even for root, though access() says they are writable.
  if (existing !== absolute && /^\/(proc|sys)(\/|$)/.test(existing))
    return `${existing} accepts no new files`;
  return undefined;
}
