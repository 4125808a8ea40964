/**
 * The defaults of `mode: 'auto'` in one place: the constants of its cost model and the tape budget.
 * (`compare`'s schemes are `COMPARE_SCHEMES`; `check`'s tolerances are numeric's gradcheck table.) Costs
 * are in units of ONE plain evaluation of f (f on numbers); the probe tells how many operations that is.
 *
 * The model is the textbook's: forward mode needs ceil(N/k) passes of k tangents for a full Jacobian
 * (one pass for a J·v), reverse mode records f once and needs one sweep per output row (one for a
 * gradient or a uᵀ·J). The constants come from timing this project's own modes on zoo functions, every
 * mode already warmed up in the same process as a real call would be (Rosenbrock N = 100 and 1000, the
 * square Brown, Chebyquad and trigonometric systems, Rosenbrock Hessians; see the package README). They
 * vary by a factor of two to three between functions (a sweep is cheap next to a sin-heavy f, dear next
 * to plain arithmetic), which is fine: the textbook cases (N ≫ M or M ≫ N) differ by far more than that,
 * and in between either mode is within that factor of the other.
 */

/**
 * A forward pass costs `FORWARD_PASS_COST + FORWARD_LANE_COST · k` plain evaluations with k tangent lanes
 * (measured: 1.6 to 5.6 per pass for Rosenbrock gradients with k = 1..12, 7 to 30 per pass for the
 * Jacobians of the square systems with k = 10).
 */
export const FORWARD_PASS_COST = 2;

/** Extra cost of each tangent lane carried by a forward pass, in plain evaluations. */
export const FORWARD_LANE_COST = 1;

/**
 * A forward-over-forward Hessian pass carries a dual inside a dual: it costs this many times a first-order
 * pass of the same width (measured: 8 to 32 plain evaluations per nested pass of Rosenbrock).
 */
export const FORWARD_NESTED_COST_FACTOR = 4;

/**
 * Recording f on the reverse tape costs this many plain evaluations (measured 11 to 15 for a whole
 * Rosenbrock gradient, against a plain evaluation through the generic free functions).
 */
export const REVERSE_RECORD_COST = 10;

/** One reverse sweep over the tape costs this many plain evaluations (measured 0.2 to 2.5). */
export const REVERSE_SWEEP_COST = 0.5;

/**
 * Reverse-over-reverse (the Hessian) records the first sweep itself on the tape, which then holds about
 * this many times the operations of f.
 */
export const HESSIAN_TAPE_GROWTH = 4;

/**
 * A Hessian-vector product forward over reverse records f on the nested tape, whose values, partials and
 * adjoints are dual numbers (objects, not typed-array slots): this many times a gradient's record and
 * sweep. Measured on Rosenbrock against the overloading reverse gradient (fastest of 20 runs, one
 * process): 3.5 at N = 1000, 7.6 at N = 3000, 9.4 at N = 10^4 — the nested tape's objects cost more as
 * they outgrow the young generation (reverse over reverse, on the typed-array tape: 2.7, 5.2, 4.8).
 */
export const HVP_NESTED_TAPE_COST = 8;

/** `maxTapeBytes` when none is given: no budget. */
export const DEFAULT_MAX_TAPE_BYTES = Number.POSITIVE_INFINITY;

/**
 * A pass of generated tangent code (source transformation) costs `TRANSFORM_PASS_COST +
 * TRANSFORM_LANE_COST · k` plain evaluations with k lanes (measured: one JVP of Rosenbrock 1.3 to 2.7
 * evaluations at N = 10^6; a block-seeded Jacobian pass touches only the code near its block).
 */
export const TRANSFORM_PASS_COST = 1;

/** Extra cost of each lane of a generated tangent pass, in plain evaluations. */
export const TRANSFORM_LANE_COST = 0.3;

/**
 * One run of generated adjoint code (forward sweep and reverse sweep) costs this many plain evaluations
 * (measured: Rosenbrock gradients 3.6 to 4.9 at N = 10^4 and 10^6).
 */
export const TRANSFORM_ADJOINT_COST = 4;
