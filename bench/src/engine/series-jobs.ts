/**
 * Runs one sweep job per series (isolated or not, as the settings say) and gathers their points; a series
 * whose job fails as a whole (its child crashed) gets every point marked failed with the reason, and the
 * others go on.
 */
import type { CallTemplate } from '../calls/registry.js';
import type { ProgressReporter } from '../progress.js';
import type { Settings } from '../settings.js';
import { runJob } from './isolation.js';
import { type SweepJob, type TimedPoint, timeBudget } from './jobs.js';
import { describeError, type SweepPoint, type SweepSeries } from './sweep.js';

/** A series and the call template its job sweeps. */
export interface SeriesJobSpec extends SweepSeries {
  readonly template: CallTemplate;
}

/** Sweeps every series over `sizes`, one job each, in order. */
export async function runSeriesJobs(
  specs: readonly SeriesJobSpec[],
  sizes: readonly number[],
  settings: Settings,
  progress: ProgressReporter,
): Promise<SweepPoint<TimedPoint>[]> {
  const points: SweepPoint<TimedPoint>[] = [];
  for (const spec of specs) {
    const job: SweepJob = {
      kind: 'sweep',
      series: spec.id,
      label: spec.label,
      template: spec.template,
      sizes,
      costExponent: spec.costExponent ?? 1,
      maxCallMs: settings.maxCallMs,
      ...timeBudget(settings),
    };
    try {
      points.push(
        ...(await runJob(job, {
          isolated: settings.isolate,
          onProgress: (detail) => progress.advance(detail),
        })),
      );
    } catch (error) {
      const reason = describeError(error);
      for (const size of sizes) points.push({ series: spec.id, size, status: 'failed', reason });
    }
  }
  return points;
}
