/**
 * Where the CLI writes, and how: results on stdout, progress and messages on stderr, colour only when the
 * stream is a terminal and `NO_COLOR` is not set (https://no-color.org: any non-empty value disables it).
 * Commands receive this object instead of touching `process`, so they can be run in-process by tests.
 */
import pc from 'picocolors';

/** A stream the CLI writes to (`process.stdout`, `process.stderr`, or a test's collector). */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** The outside world of one CLI run. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Environment variables (`NO_COLOR`, `DUALTAPE_DEBUG`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Reads all of standard input (for `--batch -`). */
  readonly readStdin: () => Promise<string>;
}

/** The colour functions the CLI uses; identity functions when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Colour for `stream`: on only for a TTY without `NO_COLOR`. */
export function colorsFor(stream: OutputStream, env: CliIo['env']): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return pc.createColors(stream.isTTY === true && !noColor);
}

/**
 * Shows a transient progress line on stderr (overwritten by the next one), only when stderr is a
 * terminal: pipes and logs stay clean. `undefined` clears it.
 */
export function progress(io: CliIo, message: string | undefined): void {
  if (io.stderr.isTTY !== true) return;
  const text = message === undefined ? '' : colorsFor(io.stderr, io.env).dim(message);
  io.stderr.write(`\r\u001b[2K${text}`);
}
