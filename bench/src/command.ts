/**
 * `dualtape bench ...` as a function: parses the arguments, runs the experiments in order (printing each
 * one's tables and plot as soon as it finishes), and writes the JSON and HTML reports. The CLI package
 * forwards its `bench` command here; `node bench/dist/cli.js` calls it directly.
 */
import { UsageError } from '@dualtape/core';
import { describeError } from './engine/sweep.js';
import { EXPERIMENTS } from './experiments/registry.js';
import { formatMs } from './internal/format.js';
import { currentLoad, describeMachine } from './machine.js';
import { createProgress } from './progress.js';
import { writeHtmlReport } from './report/html.js';
import { type BenchReport, REPORT_SCHEMA, writeJsonReport } from './report/json.js';
import { reportPathProblem } from './report/path.js';
import { renderExperimentText } from './report/terminal.js';
import type { ExperimentResult } from './results.js';
import { parseBenchArguments, USAGE } from './settings.js';

/** Where `runBenchCommand` writes: results on stdout, progress and problems on stderr. */
export interface BenchIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Load per processor above which the run warns that timings will be noisy. */
const BUSY_LOAD_PER_CPU = 0.75;

/**
 * Runs `dualtape bench` with `argv` (the arguments after `bench`) and returns the exit code: 0 when every
 * point was measured, 1 when some mode failed or an experiment could not run, 2 on bad usage (one line on
 * stderr naming the problem). Verdicts (exponents against theory, ratios against targets) are reported,
 * not turned into exit codes: they are measurements.
 */
export async function runBenchCommand(argv: string[], io: BenchIo): Promise<number> {
  let parsed: ReturnType<typeof parseBenchArguments>;
  try {
    parsed = parseBenchArguments(argv, {
      stderrIsTty: (io.stderr as { isTTY?: boolean }).isTTY === true,
      stdoutIsTty: (io.stdout as { isTTY?: boolean }).isTTY === true,
      noColor: (process.env.NO_COLOR ?? '') !== '',
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dualtape bench: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { settings } = parsed;
  // A report that cannot be written is said now, not after the whole benchmark has run.
  for (const [option, path] of [
    ['--json', settings.jsonPath],
    ['--html', settings.htmlPath],
  ] as const) {
    if (path === null) continue;
    const problem = reportPathProblem(path);
    if (problem !== undefined) {
      io.stderr.write(`dualtape bench: ${option} ${path}: cannot write the report there: ${problem}\n`);
      return 2;
    }
  }
  const progress = createProgress(settings.progress, io.stderr);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const machine = describeMachine();
  const load = machine.loadAverageAtStart[0] ?? 0;
  if (load > BUSY_LOAD_PER_CPU * machine.cpus.count) {
    progress.log(
      `note: load average ${load.toFixed(1)} on ${machine.cpus.count} processors — other processes compete for the CPUs, timings will be noisy`,
    );
  }

  const results: ExperimentResult[] = [];
  let problems = 0;
  for (const name of settings.experiments) {
    try {
      const result = await EXPERIMENTS[name].run({ settings, progress });
      results.push(result);
      problems += result.measurements.filter((measurement) => measurement.status === 'failed').length;
      io.stdout.write(`${renderExperimentText(result, { color: settings.color })}\n`);
    } catch (error) {
      progress.end();
      problems++;
      io.stderr.write(`dualtape bench: experiment '${name}' could not run: ${describeError(error)}\n`);
    }
  }

  const report: BenchReport = {
    schema: REPORT_SCHEMA,
    startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine,
    loadAverageAtEnd: currentLoad(),
    settings,
    experiments: results,
  };
  try {
    if (settings.jsonPath !== null) {
      await writeJsonReport(settings.jsonPath, report);
      io.stdout.write(`JSON report: ${settings.jsonPath}\n`);
    }
    if (settings.htmlPath !== null) {
      await writeHtmlReport(settings.htmlPath, report);
      io.stdout.write(`HTML report: ${settings.htmlPath}\n`);
    }
  } catch (error) {
    io.stderr.write(`dualtape bench: could not write the report: ${describeError(error)}\n`);
    return 1;
  }
  io.stdout.write(
    `dualtape bench: done in ${formatMs(report.durationMs)}${problems > 0 ? `, ${problems} failed point(s)` : ''}\n`,
  );
  return problems > 0 ? 1 : 0;
}
