/**
 * @dualtape/examples — runnable walkthroughs of dualtape. `pnpm example` (or `pnpm example textbook`)
 * builds the workspace and runs them from `dist/run.js`; each walkthrough writes its lines to a callback,
 * so tests can capture them.
 */
export {
  type AccumulationCounts,
  accumulationSection,
  manyToOne,
  oneToMany,
  WIDTH,
} from './textbook/accumulation.js';
export { chainRuleSection, DESIGN_MATRIX, leastSquares, TARGETS, WEIGHTS } from './textbook/chain-rule.js';
export { formatNumber, formatVector, type Write } from './textbook/format.js';
export { runTextbook } from './textbook/index.js';
export { type PytorchResults, pytorchSection } from './textbook/pytorch.js';
export {
  CUBIC_POINTS,
  cubic,
  cubicDerivative,
  type ThreeKindsRow,
  threeKindsSection,
} from './textbook/three-kinds.js';
export { runWalkthroughs, WALKTHROUGHS } from './walkthroughs.js';
