/** The cheap-gradient experiment's manifest and its settings. */
import type { ExperimentManifest } from '../manifest.js';

/** The cheap-gradient experiment's settings. */
export interface CheapGradientProfile {
  /** N of the cheap-gradient experiment. */
  readonly cheapSize: number;
}

/** The cheap-gradient experiment, before it runs. */
export const CHEAP_GRADIENT: ExperimentManifest<'cheap-gradient', CheapGradientProfile> = {
  name: 'cheap-gradient',
  summary: ['one gradient / one plain evaluation, per mode, for the scalar zoo functions'],
  full: { cheapSize: 1000 },
  quick: { cheapSize: 256 },
};
