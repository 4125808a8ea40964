/**
 * Terminal tables (cli-table3): an experiment's own tables, its fitted exponents next to the theory's,
 * and its ratio rows against their targets. Colour only marks verdicts, and only when asked for.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import {
  formatComparison,
  formatExponent,
  formatRatio,
  formatSize,
  formatTheory,
} from '../internal/format.js';
import type { FitRow, RatioRow, TableData } from '../results.js';
import type { Verdict } from '../theory.js';

/** Options of the table renderers. */
export interface TableOptions {
  /** Colour verdicts (green/red/yellow). @default false */
  readonly color?: boolean;
}

function newTable(head: readonly string[], color: boolean): Table.Table {
  return new Table({
    head: [...head],
    style: { head: color ? ['cyan'] : [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
}

/** One table, with its title above it. */
export function renderTable(table: TableData, options: TableOptions = {}): string {
  const rendered = newTable(table.head, options.color ?? false);
  for (const row of table.rows) rendered.push([...row]);
  return `${table.title}\n${rendered.toString()}`;
}

/** The fitted exponents: exponent, 95% interval, theory, verdict, and the points used. */
export function renderFitTable(fits: readonly FitRow[], options: TableOptions = {}): string {
  const color = options.color ?? false;
  const table = newTable(
    ['series', 'metric', 'exponent', '95% interval', 'theory', 'verdict', 'points'],
    color,
  );
  for (const row of fits) {
    const fit = row.fit;
    table.push([
      row.label,
      row.metric,
      fit === null ? '—' : formatExponent(fit.exponent),
      fit === null
        ? '—'
        : `[${formatExponent(fit.confidenceInterval[0])}, ${formatExponent(fit.confidenceInterval[1])}]`,
      formatTheory(row),
      paintVerdict(row.verdict, row.theory === null, color),
      fit === null ? '0' : `${fit.points} (${formatSize(fit.sizeRange[0])}..${formatSize(fit.sizeRange[1])})`,
    ]);
  }
  return `fitted growth exponents (log value against log size, least squares)\n${table.toString()}`;
}

/** The ratio rows: measured, target, met / not met. */
export function renderRatioTable(rows: readonly RatioRow[], options: TableOptions = {}): string {
  const color = options.color ?? false;
  const table = newTable(['row', 'measured', 'target', 'verdict'], color);
  for (const row of rows) {
    table.push([
      row.label,
      formatMeasured(row),
      row.target === null
        ? 'info'
        : `${formatComparison(row.target.comparison)} ${formatTarget(row.target.value, row.unit)}`,
      paintMet(row, color),
    ]);
  }
  return table.toString();
}

/** A ratio row's measured value in its unit, or why it is missing. */
export function formatMeasured(row: RatioRow): string {
  if (row.measured === null) return 'not measured';
  return formatTarget(row.measured, row.unit);
}

function formatTarget(value: number, unit: string): string {
  return unit === '×' ? formatRatio(value) : `${value.toPrecision(3)} ${unit}`;
}

/** The verdict word of a ratio row. */
export function metWord(row: RatioRow): string {
  if (row.met === null) return row.measured === null ? 'missing' : 'info';
  return row.met ? 'met' : 'not met';
}

function paintMet(row: RatioRow, color: boolean): string {
  const word = metWord(row);
  if (!color) return word;
  return row.met === true ? pc.green(word) : row.met === false ? pc.red(word) : pc.yellow(word);
}

function paintVerdict(verdict: Verdict, unpredicted: boolean, color: boolean): string {
  const word = unpredicted ? 'no prediction' : verdict;
  if (!color) return word;
  return verdict === 'agrees' ? pc.green(word) : verdict === 'disagrees' ? pc.red(word) : pc.yellow(word);
}
