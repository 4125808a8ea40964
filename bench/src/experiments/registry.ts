/** Every experiment by name, in the order `dualtape bench` runs them. */
import type { ExperimentName } from '../defaults.js';
import { cheapGradientExperiment } from './cheap-gradient.js';
import { gradientExperiment } from './gradient.js';
import { jacobianExperiment } from './jacobian.js';
import { memoryExperiment } from './memory.js';
import { peersExperiment } from './peers.js';
import type { Experiment } from './types.js';

/** The experiments, keyed by their command-line names. */
export const EXPERIMENTS: Readonly<Record<ExperimentName, Experiment>> = {
  gradient: gradientExperiment,
  jacobian: jacobianExperiment,
  memory: memoryExperiment,
  'cheap-gradient': cheapGradientExperiment,
  peers: peersExperiment,
};
