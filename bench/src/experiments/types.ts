/**
 * The shape every experiment has: a manifest (manifest.ts) and a `run` that measures and returns an
 * `ExperimentResult` for the reports, telling its progress as it goes.
 */
import type { ExperimentName } from '../defaults.js';
import type { ProgressReporter } from '../progress.js';
import type { ExperimentResult } from '../results.js';
import type { Settings } from '../settings.js';

/** What an experiment gets to work with. */
export interface ExperimentContext {
  readonly settings: Settings;
  readonly progress: ProgressReporter;
}

/** One `dualtape bench <name>` experiment. */
export interface Experiment {
  readonly name: ExperimentName;
  readonly title: string;
  run(context: ExperimentContext): Promise<ExperimentResult>;
}
