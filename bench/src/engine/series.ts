/**
 * Turning a finished sweep into what the reports show: one chart series per mode, a fitted exponent per
 * series next to the theory's, and the raw measurements. Shared by every experiment that sweeps.
 */

import type { DataPoint, FitRow, Measurement, Series } from '../results.js';
import { type Bound, judgeExponent, type Metric } from '../theory.js';
import { fitPowerLaw } from './fit.js';
import type { SweepPoint, SweepSeries } from './sweep.js';

/** How to read a chart value out of a measured point; null when the point has none. */
export type ValueOf<P> = (payload: P, size: number) => number | null;

/**
 * One chart series per sweep line: x from `xOf(size)`, y from `readValue`, null with the reason for skipped
 * and failed points. Values below `floor` are shown at `floor` (the measurement's resolution).
 */
export function chartSeries<P>(
  points: readonly SweepPoint<P>[],
  lines: readonly SweepSeries[],
  readValue: ValueOf<P>,
  xOf: (size: number) => number = (size) => size,
  floor = 0,
): Series[] {
  return lines.map((line) => ({
    id: line.id,
    label: line.label,
    points: points
      .filter((point) => point.series === line.id)
      .map((point): DataPoint => {
        const x = xOf(point.size);
        if (point.status !== 'measured') return { x, y: null, note: `${point.status}: ${point.reason}` };
        const value = readValue(point.payload, point.size);
        if (value === null || !Number.isFinite(value)) return { x, y: null, note: 'no value' };
        return value < floor ? { x, y: floor, note: `below the resolution ${floor}` } : { x, y: value };
      }),
  }));
}

/**
 * The fitted exponent of one series over its points with x >= `fitFrom` (all its points when fewer than
 * three qualify), judged against `theory` (an upper bound on the exponent when `bound` is `'at-most'`). A
 * series with fewer than two usable points gets no fit.
 */
export function fitSeries(
  chart: string,
  series: Series,
  metric: Metric,
  theory: number | undefined,
  fitFrom: number,
  bound: Bound = 'equal',
): FitRow {
  const usable = series.points.filter(
    (point): point is DataPoint & { y: number } => point.y !== null && point.y > 0,
  );
  const large = usable.filter((point) => point.x >= fitFrom);
  const chosen = large.length >= 3 ? large : usable;
  const distinct = new Set(chosen.map((point) => point.x)).size;
  const fit =
    chosen.length >= 2 && distinct >= 2
      ? fitPowerLaw(
          chosen.map((point) => point.x),
          chosen.map((point) => point.y),
        )
      : null;
  return {
    chart,
    series: series.id,
    label: series.label,
    metric,
    fit,
    theory: theory ?? null,
    ...(bound === 'at-most' && theory !== undefined ? { bound } : {}),
    verdict: judgeExponent(fit ?? undefined, theory, undefined, bound),
  };
}

/** The raw measurements of a sweep, for the JSON report. */
export function sweepMeasurements<P>(
  group: string,
  points: readonly SweepPoint<P>[],
  describe: (payload: P, size: number) => Pick<Measurement, 'timing' | 'memory' | 'extra'>,
): Measurement[] {
  return points.map((point) =>
    point.status === 'measured'
      ? {
          group,
          series: point.series,
          size: point.size,
          status: point.status,
          ...describe(point.payload, point.size),
        }
      : { group, series: point.series, size: point.size, status: point.status, reason: point.reason },
  );
}

/** Notes for the points a sweep skipped or failed, one per series (the first reason). */
export function sweepNotes<P>(points: readonly SweepPoint<P>[], lines: readonly SweepSeries[]): string[] {
  const notes: string[] = [];
  for (const line of lines) {
    const own = points.filter((point) => point.series === line.id);
    const failed = own.filter((point) => point.status === 'failed');
    const skipped = own.filter((point) => point.status === 'skipped');
    if (failed.length > 0 && failed[0]!.status === 'failed') {
      notes.push(
        `${line.label}: ${failed.length} point(s) failed, first at size ${failed[0]!.size}: ${failed[0]!.reason}`,
      );
    }
    if (skipped.length > 0 && skipped[0]!.status === 'skipped') {
      notes.push(`${line.label}: ${skipped[0]!.reason}`);
    }
  }
  return notes;
}
