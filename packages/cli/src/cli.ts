#!/usr/bin/env node
/**
 * The `dualtape` command-line tool (the package's bin; `pnpm dualtape ...` in the monorepo). Everything
 * is in internal/program.ts; this file connects it to the process. The program is imported
 * dynamically so that even a failure while loading the packages becomes one line and exit 70, not a
 * stack trace; a closed stdout (`dualtape zoo | head -2`) ends the run quietly, exit 0.
 */
import { readFileSync } from 'node:fs';

/** Exit status of an unexpected internal error (see internal/exit-codes.ts). */
const EXIT_INTERNAL = 70;

function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A reader that went away (`dualtape zoo | head -2`) ends the run quietly with exit 0, as `ls | head`
 * does: there is no one left to tell. Writing to a closed pipe is reported asynchronously as EPIPE; any
 * other write error is one line on stderr and exit 70.
 */
function endQuietlyWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    if (stream !== process.stderr) process.stderr.write(`error: cannot write the output: ${error.message}\n`);
    process.exit(EXIT_INTERNAL);
  });
}

endQuietlyWhenClosed(process.stdout);
endQuietlyWhenClosed(process.stderr);

try {
  const { runCli } = await import('./internal/program.js');
  process.exitCode = await runCli(
    process.argv.slice(2),
    { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), readStdin },
    packageVersion(),
  );
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(
    `error: internal error: dualtape could not start: ${message.split('\n')[0]} — this is a bug in dualtape, please report it\n`,
  );
  if (process.env.DUALTAPE_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = EXIT_INTERNAL;
}
