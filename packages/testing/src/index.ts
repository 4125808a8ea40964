/**
 * @dualtape/testing — what every package's tests share: an independent high-order finite-difference
 * oracle (written here, not taken from @dualtape/numeric, so it can referee numeric too), the tolerance
 * table, seeded randomness, closeness assertions that say which element failed, and `anomalyOf` (the
 * AnomalyError a call throws).
 */
export { anomalyOf } from './errors.js';
export {
  ORACLE_STEP,
  oracleDerivative,
  oracleGradient,
  oracleJacobian,
} from './oracle.js';
export { seededRandom, uniformIn } from './random.js';
export { closeness, expectAllClose, expectClose, TOLERANCES, type Tolerance } from './tolerances.js';
export { TracedNumber, type TracedOperation, traced } from './traced.js';
