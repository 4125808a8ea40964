/**
 * What core's tests share: the tolerance rows and run counts they use (named once, here), and the test
 * double of \`Real\` that records every operation it receives (from @dualtape/testing).
 */
import { TOLERANCES } from '@dualtape/testing';

export { TracedNumber, type TracedOperation, traced } from '@dualtape/testing';

/** AD-level results against the 9-point oracle stencil. */
export const ORACLE_TOLERANCE = TOLERANCES.oracle;
/** Results that differ only by rounding (hand-derived closed forms, the same sum in another order). */
export const EXACT_TOLERANCE = TOLERANCES.exact;

/** Points per rule at which every partial is compared with the oracle. */
export const POINTS_PER_RULE = 50;
/** fast-check runs for cheap properties (kernels). */
export const PROPERTY_RUNS = 300;
/** fast-check runs for properties that build matrices or long strings. */
export const HEAVY_PROPERTY_RUNS = 60;
