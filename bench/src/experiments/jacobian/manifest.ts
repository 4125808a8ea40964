/** The Jacobian experiment's manifest and its settings. */
import type { ExperimentManifest } from '../manifest.js';

/** The Jacobian experiment's settings. */
export interface JacobianProfile {
  /** N·M of the Jacobian experiment's family (fixed while the aspect ratio N/M sweeps). */
  readonly jacobianProduct: number;
}

/** The Jacobian experiment, before it runs. */
export const JACOBIAN: ExperimentManifest<'jacobian', JacobianProfile> = {
  name: 'jacobian',
  summary: ['f: R^N -> R^M with N*M fixed: where forward starts to beat reverse (both implementations)'],
  full: { jacobianProduct: 4096 },
  quick: { jacobianProduct: 512 },
};
