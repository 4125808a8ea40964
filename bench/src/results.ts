/**
 * What an experiment hands to the report writers: charts (log-log lines), fitted exponents with their
 * verdicts, ratio rows with targets, plain tables, notes, and every raw measurement. The terminal, JSON and
 * HTML reports all render this one structure, so they cannot disagree.
 */
import type { ExperimentName } from './defaults.js';
import type { ExponentFit } from './engine/fit.js';
import type { Timing } from './engine/measure.js';
import type { MemoryMeasurement } from './engine/memory.js';
import type { Metric, Verdict } from './theory.js';

/** One point of a chart; `y` is null where the point was skipped or failed (`note` says why). */
export interface DataPoint {
  readonly x: number;
  readonly y: number | null;
  readonly note?: string;
}

/** One line of a chart. */
export interface Series {
  /** Stable id (a mode id such as `'reverse'`). */
  readonly id: string;
  /** Legend text. */
  readonly label: string;
  readonly points: readonly DataPoint[];
}

/** Unit of a chart's y values. */
export type Unit = 'ms' | 'bytes' | 'ratio';

/** A log-log chart. */
export interface Chart {
  /** Stable id, unique within the report, e.g. `'gradient-time'`. */
  readonly id: string;
  readonly title: string;
  /** What x is, e.g. `'N (inputs)'`. */
  readonly xLabel: string;
  /** What y is, e.g. `'time per gradient'`. */
  readonly yLabel: string;
  readonly unit: Unit;
  readonly series: readonly Series[];
}

/** A fitted exponent next to the theory's. */
export interface FitRow {
  /** The chart whose series was fitted. */
  readonly chart: string;
  /** The series id. */
  readonly series: string;
  /** The series label. */
  readonly label: string;
  readonly metric: Metric;
  /** The fit, or null when fewer than two points were measured. */
  readonly fit: ExponentFit | null;
  /** The predicted exponent, or null when theory predicts none. */
  readonly theory: number | null;
  /** Present when `theory` is an upper bound on the exponent rather than the exponent itself. */
  readonly bound?: 'at-most';
  readonly verdict: Verdict;
}

/** What a ratio should be: at most or at least `value`. */
export interface RatioTarget {
  readonly comparison: '<=' | '>=';
  readonly value: number;
  /** Where the target comes from, e.g. `'reverse brief (issue #4)'`. */
  readonly source: string;
}

/** One row of a ratio table (the peers and cheap-gradient experiments). */
export interface RatioRow {
  readonly id: string;
  readonly label: string;
  /** Median over runs, or null when it could not be measured. */
  readonly measured: number | null;
  /** Unit of `measured`: `'×'` for ratios, `'B/op'` for bytes per operation. */
  readonly unit: string;
  /** One value per run (`--runs`). */
  readonly runs: readonly number[];
  /** Null for rows reported for information only. */
  readonly target: RatioTarget | null;
  /** Whether `measured` meets `target`; null without a target or a measurement. */
  readonly met: boolean | null;
  /** How the numbers were obtained (sizes, what was divided by what), or why the row is missing. */
  readonly detail: string;
}

/** A plain table. */
export interface TableData {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One raw measurement, as the JSON report keeps it. */
export interface Measurement {
  /** The chart or sub-experiment it belongs to. */
  readonly group: string;
  /** The series (mode) id. */
  readonly series: string;
  /** The size parameter of the point (N, T, or N/M by group). */
  readonly size: number;
  readonly status: 'measured' | 'skipped' | 'failed';
  /** Why the point was skipped or failed. */
  readonly reason?: string;
  readonly timing?: Timing;
  readonly memory?: MemoryMeasurement;
  /** Other numbers of the point (operation counts, tape bytes, inputs, outputs). */
  readonly extra?: Readonly<Record<string, number>>;
}

/** Everything one experiment produced. */
export interface ExperimentResult {
  readonly name: ExperimentName;
  readonly title: string;
  /** One paragraph: what was measured and what the textbook predicts. */
  readonly summary: string;
  /** ISO time the experiment started. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly charts: readonly Chart[];
  readonly fits: readonly FitRow[];
  readonly ratios: readonly RatioRow[];
  readonly tables: readonly TableData[];
  /** Findings and caveats worth a sentence (crossovers, skipped points, float32 peers). */
  readonly notes: readonly string[];
  readonly measurements: readonly Measurement[];
}
