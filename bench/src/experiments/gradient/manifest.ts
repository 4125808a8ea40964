/** The gradient sweep's manifest: it sweeps the shared `sizes` and needs no settings of its own. */
import type { ExperimentManifest } from '../manifest.js';

/** The gradient-versus-N experiment, before it runs. */
export const GRADIENT: ExperimentManifest<'gradient', Record<never, never>> = {
  name: 'gradient',
  summary: [
    'gradient of f: R^N -> R as N grows: forward vs chunked vs reverse vs replay vs numeric,',
    "and the transform's tangent-code and adjoint-code gradients",
  ],
  full: {},
  quick: {},
};
