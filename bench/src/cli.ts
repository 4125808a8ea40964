#!/usr/bin/env node
/**
 * `node bench/dist/cli.js [experiment ...] [options]` (and `pnpm bench`): the benchmarks without the
 * umbrella CLI. Same arguments and exit codes as `dualtape bench`.
 */
import { runBenchCommand } from './command.js';

process.exitCode = await runBenchCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
