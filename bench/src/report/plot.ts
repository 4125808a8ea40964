/**
 * Terminal plots of a chart's log-log lines (asciichart): both axes in log2, every line resampled on one
 * regular grid of log2(x) (asciichart spaces points evenly). asciichart draws a line from the grid's first
 * column with no holes, so each stretch of a line between missing points is drawn on its own (padded to
 * the grid) and only its own columns are copied onto the picture: lines may start late, stop early or
 * have gaps. Each line is tagged with a letter at its right end and listed in a legend, so the plot reads
 * the same without colour (CI logs).
 */
import { plot } from 'asciichart';
import pc from 'picocolors';
import { formatSize, formatValue } from '../internal/format.js';
import type { Chart } from '../results.js';

/** Options of {@link renderPlot}. */
export interface PlotOptions {
  /** Rows of the plot area. @default 14 */
  readonly height?: number;
  /** Largest number of columns of the plot area. @default 64 */
  readonly width?: number;
  /** Colour the tags and legend letters. @default false */
  readonly color?: boolean;
}

const TAGS = 'abcdefghijklmnopqrstuvwxyz';
const LABEL_WIDTH = 10;
/** asciichart's offset: the y axis sits in the cell before it. */
const OFFSET = 3;
/** asciichart puts a y label into one grid cell, so every later cell is shifted right by its length − 1. */
const SHIFT = LABEL_WIDTH - 1;
/** Where grid column i (a value) is drawn, as a character column of the text. */
const valueColumn = (i: number) => OFFSET - 1 + i + SHIFT;

/**
 * The chart as text: y labels in the chart's unit, an x axis of powers of two, a legend. Series with no
 * measured point are listed as not plotted.
 */
export function renderPlot(chart: Chart, options: PlotOptions = {}): string {
  const height = options.height ?? 14;
  const maxWidth = options.width ?? 64;
  const color = options.color ?? false;

  const logPoints = chart.series.map((series) =>
    series.points.map((point) =>
      point.y !== null && point.y > 0 && point.x > 0
        ? { lx: Math.log2(point.x), ly: Math.log2(point.y) }
        : null,
    ),
  );
  const present = logPoints.flat().filter((point) => point !== null);
  if (present.length === 0) return `${chart.title}: nothing to plot (no measured point)`;

  const xMin = Math.min(...present.map((point) => point.lx));
  const xMax = Math.max(...present.map((point) => point.lx));
  const octaves = Math.max(xMax - xMin, 1e-9);
  const perOctave = Math.max(1, Math.min(8, Math.floor((maxWidth - 1) / octaves)));
  const columns = Math.round(octaves * perOctave) + 1;
  const yMin = Math.min(...present.map((point) => point.ly));
  const yMax = Math.max(...present.map((point) => point.ly));
  const config = {
    height,
    offset: OFFSET,
    min: yMin,
    max: yMax,
    format: (value: number) =>
      formatValue(2 ** value, chart.unit)
        .padStart(LABEL_WIDTH)
        .slice(-LABEL_WIDTH),
  };

  // The empty picture: axis and labels only (a flat line drawn and then not copied).
  const canvas = plot([new Array<number>(columns).fill(yMin)], config)
    .split('\n')
    .map((row) => [...row].slice(0, valueColumn(0) + 1));
  const legend: string[] = [];
  const missing: string[] = [];
  let tagIndex = 0;
  for (const [seriesIndex, series] of chart.series.entries()) {
    const grid = resample(logPoints[seriesIndex]!, xMin, perOctave, columns);
    const runs = stretches(grid);
    if (runs.length === 0) {
      missing.push(`  -  ${series.label} (not plotted: no measured point)`);
      continue;
    }
    const tag = TAGS[tagIndex++ % TAGS.length]!;
    for (const [first, last] of runs) {
      if (first === last) {
        // A lone point: a dot on its row (beside the axis when it is the first column).
        const row = canvas[rowOf(grid[first]!, yMin, yMax, height)];
        const column = valueColumn(first) + (first === 0 ? 1 : 0);
        if (row !== undefined) {
          while (row.length <= column) row.push(' ');
          row[column] = '•';
        }
        continue;
      }
      const padded = grid.map((value, i) => value ?? grid[i < first ? first : last]!);
      const drawing = plot([padded.slice(0, last + 1)], config).split('\n');
      // asciichart draws the step from value i to i + 1 in the column right after value i's.
      for (const [row, text] of drawing.entries()) {
        const cells = [...text];
        const target = canvas[row]!;
        for (let column = valueColumn(first) + 1; column <= valueColumn(last); column++) {
          const cell = cells[column];
          if (cell === undefined || cell === ' ') continue;
          while (target.length <= column) target.push(' ');
          target[column] = cell;
        }
      }
    }
    const [, end] = runs[runs.length - 1]!;
    placeTag(canvas, rowOf(grid[end]!, yMin, yMax, height), valueColumn(end) + 1, tag, color);
    legend.push(`  ${color ? pc.bold(tag) : tag}  ${series.label}`);
  }

  const axisStart = valueColumn(0);
  const axis: string[] = new Array(axisStart + columns + 8).fill(' ');
  const labelEvery = Math.max(1, Math.ceil(6 / perOctave));
  const firstOctave = Math.ceil(xMin - 1e-9);
  for (let octave = firstOctave; octave <= xMax + 1e-9; octave++) {
    if ((octave - firstOctave) % labelEvery !== 0) continue;
    const label = formatSize(2 ** octave);
    const at = axisStart + Math.round((octave - xMin) * perOctave);
    for (let i = 0; i < label.length; i++) axis[at + i] = label[i]!;
  }

  return [
    `${chart.title}  [log-log: ${chart.yLabel} against ${chart.xLabel}]`,
    ...canvas.map((cells) => cells.join('').trimEnd()),
    axis.join('').trimEnd(),
    ...legend,
    ...missing,
  ].join('\n');
}

/** The line's log2(y) at each grid column, linearly interpolated between measured neighbours; null in gaps. */
function resample(
  points: readonly ({ lx: number; ly: number } | null)[],
  xMin: number,
  perOctave: number,
  columns: number,
): (number | null)[] {
  const grid: (number | null)[] = new Array(columns).fill(null);
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    if (a === null || a === undefined) continue;
    const b = points[i + 1] ?? null;
    const start = Math.round((a.lx - xMin) * perOctave);
    grid[start] = a.ly;
    if (b === null) continue;
    const end = Math.round((b.lx - xMin) * perOctave);
    for (let column = start + 1; column < end; column++) {
      const lx = xMin + column / perOctave;
      grid[column] = a.ly + ((b.ly - a.ly) * (lx - a.lx)) / (b.lx - a.lx);
    }
  }
  return grid;
}

/** The [first, last] column ranges of consecutive values. */
function stretches(grid: readonly (number | null)[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= grid.length; i++) {
    const present = i < grid.length && grid[i] !== null;
    if (present && start < 0) start = i;
    if (!present && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  return runs;
}

/** The text row asciichart draws `value` on (row 0 is the top). */
function rowOf(value: number, min: number, max: number, height: number): number {
  const range = max - min;
  const ratio = range === 0 ? 1 : height / range;
  const lowest = Math.round(min * ratio);
  const rows = Math.abs(Math.round(max * ratio) - lowest);
  return rows - (Math.round(value * ratio) - lowest);
}

function placeTag(canvas: string[][], row: number, column: number, tag: string, color: boolean): void {
  const cells = canvas[row];
  if (cells === undefined) return;
  while (cells.length <= column) cells.push(' ');
  if (cells[column] === ' ') cells[column] = color ? pc.bold(tag) : tag;
}
