/**
 * The sweep engine: every (series, size) of a grid is measured in turn, sizes outer so that load drifting
 * on the machine spreads over all modes alike. A series whose next call is predicted (from its last
 * measured size and its theoretical exponent) to take longer than the cap is skipped from there on:
 * quadratic modes would otherwise turn a sweep into hours. Failures are recorded per point and the sweep
 * goes on, so one broken mode does not hide the others.
 */
import { UsageError } from '@dualtape/core';
import { formatMs } from '../internal/format.js';

/** One line of a sweep: what is measured at each size. */
export interface SweepSeries {
  /** Stable id, e.g. `'reverse'`. */
  readonly id: string;
  /** Human label, e.g. `'reverse (tape)'`. */
  readonly label: string;
  /**
   * Predicted exponent of the cost of one call against size; used to predict the next point's cost
   * (and skip it when over the cap). @default 1
   */
  readonly costExponent?: number;
}

/** The result of measuring one point, as the engine needs it. */
export interface PointOutcome<P> {
  /** How long one call took (ms): predicts the cost of the next size. */
  readonly callMs: number;
  /** Whatever the measurer wants to keep (timing statistics, memory figures). */
  readonly payload: P;
}

/** One point of a finished sweep. */
export type SweepPoint<P> =
  | {
      readonly series: string;
      readonly size: number;
      readonly status: 'measured';
      readonly payload: P;
      readonly callMs: number;
    }
  | {
      readonly series: string;
      readonly size: number;
      readonly status: 'skipped' | 'failed';
      readonly reason: string;
    };

/** What a progress listener hears after every point. */
export interface SweepProgress {
  /** Points done so far (measured, skipped or failed), including this one. */
  readonly done: number;
  /** Points in the whole grid. */
  readonly total: number;
  /** The series and size just finished. */
  readonly series: string;
  readonly size: number;
  readonly status: 'measured' | 'skipped' | 'failed';
}

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Skip a point whose single call is predicted to exceed this, and every larger one. @default Infinity */
  readonly maxCallMs?: number;
  /** Called after every point. @default undefined */
  readonly onProgress?: (progress: SweepProgress) => void;
  /**
   * Measure the series of one size at the same time. Only for measurements that do not time anything in
   * this process (memory points in child processes): timings would disturb each other. @default false
   */
  readonly concurrentSeries?: boolean;
}

/**
 * Measures every series at every size with `measurePoint` (sizes ascending, series in the given order) and
 * returns one entry per (size, series). `measurePoint` may throw: the point is recorded as failed with the
 * error's message.
 */
export async function runSweep<P>(
  sizes: readonly number[],
  series: readonly SweepSeries[],
  measurePoint: (series: SweepSeries, size: number) => PointOutcome<P> | Promise<PointOutcome<P>>,
  options: SweepOptions = {},
): Promise<SweepPoint<P>[]> {
  const maxCallMs = options.maxCallMs ?? Number.POSITIVE_INFINITY;
  if (!(maxCallMs > 0)) throw new UsageError(`runSweep: maxCallMs must be > 0, got ${maxCallMs}`);
  const ordered = [...sizes].sort((a, b) => a - b);
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i] === ordered[i - 1]) throw new UsageError(`runSweep: size ${ordered[i]} is listed twice`);
  }
  const ids = new Set<string>();
  for (const line of series) {
    if (ids.has(line.id)) throw new UsageError(`runSweep: series '${line.id}' is listed twice`);
    ids.add(line.id);
  }

  const history = new Map<string, { size: number; callMs: number }[]>();
  const stoppedBecause = new Map<string, string>();
  const points: SweepPoint<P>[] = [];
  const total = ordered.length * series.length;

  const measureOne = async (line: SweepSeries, size: number): Promise<SweepPoint<P>> => {
    const measured = history.get(line.id) ?? [];
    let reason = stoppedBecause.get(line.id);
    if (reason === undefined) {
      const predicted = predictCallMs(measured, size, line.costExponent ?? 1);
      if (predicted > maxCallMs) {
        reason = `predicted ${formatMs(predicted)} per call at size ${size} exceeds the ${formatMs(maxCallMs)} cap`;
        stoppedBecause.set(line.id, `${reason} (skipped from size ${size} on)`);
      }
    }
    if (reason !== undefined) return { series: line.id, size, status: 'skipped', reason };
    try {
      const outcome = await measurePoint(line, size);
      measured.push({ size, callMs: outcome.callMs });
      history.set(line.id, measured);
      return { series: line.id, size, status: 'measured', payload: outcome.payload, callMs: outcome.callMs };
    } catch (error) {
      return { series: line.id, size, status: 'failed', reason: describeError(error) };
    }
  };
  const record = (point: SweepPoint<P>): void => {
    points.push(point);
    options.onProgress?.({
      done: points.length,
      total,
      series: point.series,
      size: point.size,
      status: point.status,
    });
  };

  for (const size of ordered) {
    if (options.concurrentSeries === true) {
      const finished = await Promise.all(
        series.map((line) =>
          measureOne(line, size).then((point) => {
            record(point);
            return point;
          }),
        ),
      );
      // Keep the documented order (series within a size) whatever order they finished in.
      points.splice(points.length - finished.length, finished.length, ...finished);
    } else {
      for (const line of series) record(await measureOne(line, size));
    }
  }
  return points;
}

/**
 * Predicted cost of one call at `size`: the last measured cost scaled by the theory's exponent, or by the
 * locally observed one if that is steeper (a mode can be worse than theory; the cap must still hold).
 */
export function predictCallMs(
  measured: readonly { size: number; callMs: number }[],
  size: number,
  costExponent: number,
): number {
  const last = measured[measured.length - 1];
  if (last === undefined) return 0;
  let exponent = costExponent;
  const before = measured[measured.length - 2];
  if (before !== undefined && before.callMs > 0 && last.callMs > 0 && last.size > before.size) {
    const local = Math.log(last.callMs / before.callMs) / Math.log(last.size / before.size);
    if (Number.isFinite(local)) exponent = Math.max(exponent, Math.min(local, costExponent + 1));
  }
  return last.callMs * (size / last.size) ** exponent;
}

/** One line describing an error: its class name and message, no stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}
