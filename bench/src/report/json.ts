/**
 * The machine-readable report: every raw number, the fits, the machine, the settings and timestamps, as
 * one JSON document (`--json FILE`). Non-finite numbers (an infinite confidence interval from two points)
 * are written as the strings "Infinity", "-Infinity" and "NaN", as the dualtape CLI does, so the file
 * stays valid JSON and no value silently becomes null.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MachineInfo } from '../machine.js';
import type { ExperimentResult } from '../results.js';
import type { Settings } from '../settings.js';

/** Identifies the layout of the JSON report; bumped when a field changes meaning. */
export const REPORT_SCHEMA = 'dualtape-bench/1';

/** Everything one `dualtape bench` run produced. */
export interface BenchReport {
  readonly schema: typeof REPORT_SCHEMA;
  /** ISO time the run started and finished. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly machine: MachineInfo;
  /** 1-, 5- and 15-minute load averages when the run finished. */
  readonly loadAverageAtEnd: readonly number[];
  readonly settings: Settings;
  readonly experiments: readonly ExperimentResult[];
}

/** The report as JSON text (two-space indentation, non-finite numbers as strings). */
export function reportToJson(report: BenchReport): string {
  return `${JSON.stringify(report, encodeNonFinite, 2)}\n`;
}

/** Writes the JSON report to `path`, creating its directory. */
export async function writeJsonReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, reportToJson(report), 'utf8');
}

function encodeNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
