/**
 * `dualtape demo`: the README's main demonstration in one command — `check` on the textbook function
 * 4x³ + x² + 3, `check` on Rosenbrock from the zoo (with the zoo's analytic gradient as the
 * hand-written candidate), then `bench --quick`, ending with where the HTML report went.
 */
import { resolve as resolvePath } from 'node:path';
import { parse } from '@dualtape/expression';
import { EXIT_OK, worseExit } from '../exit-codes.js';
import { type CliIo, colorsFor } from '../io.js';
import { expressionTarget, resolveTarget } from '../target.js';
import { runBench } from './bench.js';
import { checkOutcome } from './check.js';
import { writeOutcome } from './differentiate.js';

/** The textbook function of the demo and its point. */
export const DEMO_EXPRESSION = '4*x^3 + x^2 + 3';
/** Where the demo's check of the textbook function is made. */
export const DEMO_POINT = 2;
/** Size of the demo's Rosenbrock. */
export const DEMO_ROSENBROCK_SIZE = 10;
/** Where the demo's benchmark report goes, relative to the working directory. */
export const DEMO_HTML = '.bench-out/report.html';

/** Options of `demo`. */
export interface DemoOptions {
  /** False with `--no-bench`: skip the benchmark step. */
  readonly bench?: boolean;
  readonly html?: string;
}

/** Runs `demo`. */
export async function runDemo(options: DemoOptions, io: CliIo): Promise<number> {
  const colors = colorsFor(io.stdout, io.env);
  const heading = (text: string) => io.stdout.write(`\n${colors.bold(colors.cyan(text))}\n`);
  let exitCode = EXIT_OK;

  heading(`1. Is the derivative of ${DEMO_EXPRESSION} right? (every mode against the numeric referee)`);
  const textbook = expressionTarget(parse(DEMO_EXPRESSION), new Map([['x', DEMO_POINT]]));
  const first = checkOutcome(textbook, {}, io);
  writeOutcome(first, false, io);
  exitCode = worseExit(exitCode, first.exitCode);

  heading(
    `2. Rosenbrock from the zoo, N = ${DEMO_ROSENBROCK_SIZE}, with its hand-written (analytic) gradient`,
  );
  const rosenbrock = await resolveTarget(
    undefined,
    { zoo: 'rosenbrock', size: String(DEMO_ROSENBROCK_SIZE) },
    io,
  );
  const second = checkOutcome(rosenbrock, {}, io);
  writeOutcome(second, false, io);
  exitCode = worseExit(exitCode, second.exitCode);

  if (options.bench === false) return exitCode;
  heading('3. How the costs grow: dualtape bench --quick');
  const html = resolvePath(io.cwd, options.html ?? DEMO_HTML);
  const benchExit = await runBench(['--quick', '--html', html], io);
  const checks = exitCode === EXIT_OK ? 'both checks passed' : 'a check FAILED (see above)';
  io.stdout.write(`\n${colors.bold('demo:')} ${checks}; the benchmark's HTML report is ${html}\n`);
  return worseExit(exitCode, benchExit);
}
