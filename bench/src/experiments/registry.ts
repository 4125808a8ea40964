/** Every experiment by name, in the order `dualtape bench` runs them. */
import type { ExperimentName } from '../defaults.js';
import { cheapGradientExperiment } from './cheap-gradient/experiment.js';
import { chunkSizeExperiment } from './chunk-size/experiment.js';
import { gradientExperiment } from './gradient/experiment.js';
import { jacobianExperiment } from './jacobian/experiment.js';
import { memoryExperiment } from './memory/experiment.js';
import { peersExperiment } from './peers/experiment.js';
import type { Experiment } from './types.js';

/** The experiments, keyed by their command-line names. */
export const EXPERIMENTS: Readonly<Record<ExperimentName, Experiment>> = {
  gradient: gradientExperiment,
  jacobian: jacobianExperiment,
  memory: memoryExperiment,
  'cheap-gradient': cheapGradientExperiment,
  peers: peersExperiment,
  'chunk-size': chunkSizeExperiment,
};
