/**
 * Every default of @dualtape/numeric in one place: the schemes, the step sizes, the constants behind the
 * error estimates, and the tolerances of gradcheck and the dot-product test. Nothing else in the package
 * hard-codes a step or a tolerance; options override these per call.
 *
 * Steps are RELATIVE: the step used at a coordinate x is `step · max(1, |x|)` (FiniteDiff.jl's rule), and
 * for the difference stencils it is then rounded to the nearest power of two, so that `x + k·h` is exactly
 * representable and the divided difference uses exactly the step it divides by.
 */

/** The finite-difference schemes of the package. */
export type Scheme =
  | 'forward'
  | 'backward'
  | 'central'
  | 'five-point'
  | 'seven-point'
  | 'richardson'
  | 'complex-step';

/** Every scheme, in order of increasing cost per coordinate (one-sided first). */
export const SCHEMES: readonly Scheme[] = [
  'forward',
  'backward',
  'central',
  'five-point',
  'seven-point',
  'richardson',
  'complex-step',
];

/** Unit roundoff of float64 arithmetic (2^-52), the ε in every step rule below. */
export const MACHINE_EPSILON = Number.EPSILON;

/**
 * Scheme used by `derivative`, `gradient`, `jacobian`, `hessian` and `jvp` when none is given: central
 * differences, the cheapest scheme with second-order accuracy (about 1e-10 relative on smooth functions).
 */
export const DEFAULT_SCHEME: Scheme = 'central';

/**
 * Relative step of each scheme for first derivatives. The optimal step of an order-p stencil balances
 * truncation (∝ h^p) against rounding (∝ ε/h), giving h ∝ ε^(1/(p+1)): sqrt(ε) for the one-sided
 * schemes, cbrt(ε) central, ε^(1/5) for 5 points and ε^(1/7) for 7 points. Richardson starts from a
 * deliberately large step and shrinks it; the complex step has no cancellation, so its step is tiny.
 */
export const DEFAULT_STEPS: Readonly<Record<Scheme, number>> = {
  forward: Math.sqrt(MACHINE_EPSILON),
  backward: Math.sqrt(MACHINE_EPSILON),
  central: Math.cbrt(MACHINE_EPSILON),
  'five-point': MACHINE_EPSILON ** (1 / 5),
  'seven-point': MACHINE_EPSILON ** (1 / 7),
  richardson: 0.1,
  'complex-step': 1e-20,
};

/**
 * Relative step of each scheme for second derivatives (`hessian`). A second difference of order p
 * divides the rounding error by h², so the optimal step is ε^(1/(p+2)): ε^(1/4) for the central
 * scheme (the standard rule), ε^(1/3) one-sided, ε^(1/6) and ε^(1/8) for the 5- and 7-point stencils.
 * For the complex step this is the real step of the central difference taken across the complex-step
 * gradient (its imaginary step is `DEFAULT_STEPS['complex-step']`).
 */
export const DEFAULT_HESSIAN_STEPS: Readonly<Record<Scheme, number>> = {
  forward: MACHINE_EPSILON ** (1 / 3),
  backward: MACHINE_EPSILON ** (1 / 3),
  central: MACHINE_EPSILON ** (1 / 4),
  'five-point': MACHINE_EPSILON ** (1 / 6),
  'seven-point': MACHINE_EPSILON ** (1 / 8),
  richardson: 0.1,
  'complex-step': Math.cbrt(MACHINE_EPSILON),
};

/**
 * Ridders' form of Richardson extrapolation (Numerical Recipes' `dfridr`): central differences at steps
 * h, h/shrink, h/shrink², ... combined Neville-style into a tableau; the answer is the entry whose
 * neighbours agree best, and that disagreement is the error estimate.
 */
export const RICHARDSON = {
  /** Factor by which each level's step is smaller than the previous one. */
  shrink: 1.4,
  /** Most levels (central differences) per sequence; each costs two evaluations. */
  levels: 10,
  /** Stop when the tableau's diagonal moves by more than this multiple of the best error so far. */
  divergence: 2,
  /**
   * Independent sequences run, each from a step `sequenceShrink` times smaller than the previous one:
   * always `minimumSequences` (two sequences that disagree beyond their bounds expose a tableau that
   * settled on a coincidence), up to `maximumSequences` while some output is not settled, i.e. its bound
   * is above `settled · |estimate|` (plus twice its rounding error). The smaller bound wins.
   */
  minimumSequences: 2,
  maximumSequences: 3,
  sequenceShrink: 8,
  settled: 1e-12,
} as const;

/** Constants of the error estimates every `...WithError` call returns. */
export const ERROR_ESTIMATE = {
  /**
   * Assumed relative rounding error of one function evaluation, in units of ε. A difference quotient
   * then carries a rounding error of about `functionNoise · ε · Σ|wₖ| · max|f| / h`. Functions built from
   * sums of many terms, or with internal cancellation, are noisier than one ulp; 8 covers the zoo.
   */
  functionNoise: 8,
  /**
   * Multiple of the step-doubling truncation estimate |D(2h) − D(h)| / (2^p − 1) that is reported, but
   * never less than |D(2h) − D(h)| itself: the asymptotic formula holds only as h → 0, the two estimates
   * also differ by rounding noise, and near a kink the observed change is the only honest measure.
   */
  truncationSafety: 4,
  /** Multiple of Ridders' tableau disagreement that is reported as Richardson's error. */
  richardsonSafety: 4,
  /**
   * Error of a complex-step derivative, in ulps of the derivative's natural scale
   * `|f'| + |f| / max(1, |x|)` (the second term covers derivatives that are 0 by cancellation).
   */
  complexStepUlps: 16,
} as const;

/**
 * Measuring f's noise (Moré & Wild 2011, "Estimating computational noise"): the `...WithError` calls of
 * the difference schemes sample f at `points` equally spaced points `spacing · max(1, |xᵢ|)` apart
 * along a fixed pseudo-random direction, and read the noise σ off the high-order differences
 * (γₖ·mean((Δᵏf)²) = σ² for k >= `minimumOrder`, where the smooth part of f is ~spacing^k, negligible).
 * The rounding term of every error bound then uses max(functionNoise·ε·|f|, safety·σ): a function whose
 * value comes out of a cancellation is noisier than its size suggests, and its bounds say so.
 */
export const NOISE = {
  points: 9,
  spacing: 1e-6,
  minimumOrder: 4,
  safety: 2,
  /** Seed of the direction, so the measurement is reproducible. */
  seed: 0x4015e,
} as const;

/** An absolute and a relative tolerance: a comparison passes when |a − b| <= atol + rtol·|b|. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/**
 * gradcheck's tolerances per reference scheme. An element passes when |candidate − reference| <= atol +
 * rtol·|reference| + the reference's own error bound, so these rows only have to absorb the candidate's
 * rounding. PyTorch's gradcheck (eps 1e-6, atol 1e-5, rtol 1e-3) is sized for one-sided-quality
 * differences and keeps its values for the one-sided schemes here; the accurate schemes get rows
 * tightened to what they deliver, so that with the default (`richardson`, about 1e-12 relative) a
 * gradient component off by 1e-4 relative is caught down to gradients of size ~1e-8, while a correct
 * gradient never fails.
 */
export const GRADCHECK_TOLERANCES: Readonly<Record<Scheme, Tolerance>> = {
  forward: { atol: 1e-5, rtol: 1e-3 },
  backward: { atol: 1e-5, rtol: 1e-3 },
  central: { atol: 1e-7, rtol: 1e-5 },
  'five-point': { atol: 1e-9, rtol: 1e-7 },
  'seven-point': { atol: 1e-10, rtol: 1e-8 },
  richardson: { atol: 1e-12, rtol: 1e-6 },
  'complex-step': { atol: 1e-13, rtol: 1e-8 },
};

/** Defaults of `gradcheck`. */
export const GRADCHECK_DEFAULTS = {
  /** Reference scheme: black-box (plain numbers only) and accurate to about 1e-12 relative. */
  scheme: 'richardson' as Scheme,
  /** How many of the worst elements the report lists. */
  worst: 5,
} as const;

/** Defaults of `dotProductTest`. */
export const DOT_PRODUCT_DEFAULTS = {
  /** Random direction pairs (u, v) tried. */
  trials: 5,
  /**
   * Largest accepted |<u, J v> − <Jᵀ u, v>|, relative to Σ|uᵢ (J v)ᵢ| (the size of the terms summed, so
   * cancellation inside the inner product does not make a correct pair fail).
   */
  rtol: 1e-10,
  /** Seed of the default direction generator, so runs are reproducible. */
  seed: 0x5eed,
} as const;
