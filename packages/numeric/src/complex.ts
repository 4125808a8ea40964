/**
 * Complex numbers implementing core's `Real`, for the complex-step derivative: a function written once
 * against `Scalar` runs on `Complex` inputs x + ih, and Im f(x + ih) / h is f'(x) to machine precision.
 *
 * Each operation computes the TRUE complex value of the elementary function (complex exp, log, asin, ...),
 * dispatched on the rule's name — never value + i·h·rule.d, which would only be forward mode again. That
 * makes the complex step an independent referee of core's rule table.
 *
 * The formulas are chosen so the imaginary part stays accurate when it is tiny (h ≈ 1e-20): no
 * subtraction of nearly equal numbers anywhere in an imaginary part (log1p, expm1, asin, ... use the
 * cancellation-free forms of Hull, Fairgrieve & Tang 1997 and Kahan 1987).
 *
 * Conventions (Martins, Sturdza & Alonso 2003, and core's rule table):
 * - Where the real operation is undefined at the real part (log of a negative number, asin(2), a
 *   negative base to a non-integer power) the result is NaN + NaN·i, as every mode returns NaN there:
 *   the complex step continues the REAL function off the real axis, not another branch.
 * - abs(z) = z·sign(Re z), and 0 at Re z = 0 (derivative 0, as core's abs'(0) = 0).
 * - min/max compare real parts; a tie takes the first argument, as core's rules.
 * - hypot(a, b) = sqrt(a² + b²) continued analytically, and 0 + 0i at a real origin (core: partials 0).
 * - atan2 is continued analytically from its real branch (atan of the ratio plus the real branch's
 *   multiple of π); comparisons look at real parts only.
 * - A zero imaginary part contributes exactly 0 to products (core's strong-zero convention), so an
 *   input that is not perturbed cannot turn an infinite real part into a NaN imaginary part.
 * - `stopGradient(z)` is Re z + 0i: the definition of the rule (its derivative is 0), as `primal(z)` drops
 *   the imaginary part too. Finite differences, which see only values, cannot follow it; the complex step
 *   carries the step like a tangent, so it can.
 * - JavaScript operators and `Math.*` refuse a `Complex` (`valueOf` throws): they would compute with the
 *   real part alone and silently give derivative 0.
 */
import {
  type BinaryName,
  type BinaryRule,
  type Comparison,
  comparePrimalWith,
  OperatorError,
  type Real,
  type Scalar,
  strongZeroProduct,
  type UnaryName,
  type UnaryRule,
  UsageError,
} from '@dualtape/core';

/** A complex number re + i·im that dualtape functions can compute with (the complex step's number type). */
export class Complex implements Real {
  /** The real part, named as every `Real`: control flow and printing use it. */
  readonly primal: number;

  constructor(
    /** Real part. */
    readonly re: number,
    /** Imaginary part. */
    readonly im: number,
  ) {
    this.primal = re;
  }

  /** Applies a one-argument operation of the rule table as the true complex function. */
  apply1(rule: UnaryRule): this {
    const value = UNARY[rule.name];
    if (value === undefined)
      throw new UsageError(`Complex: no complex value for the operation '${rule.name}'`);
    // Outside the real operation's domain the complex step has nothing to continue (see module comment).
    const result =
      Number.isNaN(rule.value(this.re)) && !Number.isNaN(this.re) ? NOT_A_NUMBER : value(this.re, this.im);
    if (watch !== null) watch(rule, [this], result);
    return result as this;
  }

  /** Applies a two-argument operation of the rule table; `thisIsSecond` as in `Real.apply2`. */
  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    const value = BINARY[rule.name];
    if (value === undefined)
      throw new UsageError(`Complex: no complex value for the operation '${rule.name}'`);
    const that = toComplex(other, rule.name);
    const [first, second] = thisIsSecond ? [that, this] : [this, that];
    const result = value(first, second);
    if (watch !== null) watch(rule, [first, second], result);
    return result as this;
  }

  /** Compares real parts, for control flow. */
  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    return comparePrimalWith(comparison, this.re, other, thisIsSecond);
  }

  /**
   * Throws: a JavaScript operator (`*`, `<`, ...), `Math.sin` or a conversion to a number would compute
   * with the real part alone and drop the step, giving derivative 0 without a word.
   */
  valueOf(): never {
    throw new OperatorError(
      'Complex: a complex-step number was used with a JavaScript operator or Math function, or converted to ' +
        "a number, which would drop its imaginary part (derivative 0); write f with @dualtape/core's " +
        'functions (add, mul, sin, lt, ...) so the complex step can follow it',
    );
  }

  /** `re+imi` with full precision, e.g. `1+1e-20i`. */
  toString(): string {
    return `${this.re}${this.im < 0 || Object.is(this.im, -0) ? '-' : '+'}${Math.abs(this.im)}i`;
  }
}

const NOT_A_NUMBER = new Complex(Number.NaN, Number.NaN);

/** Sees every operation on `Complex` numbers while set: numeric's anomaly detection. */
export type ComplexObserver = (
  rule: UnaryRule | BinaryRule,
  args: readonly Complex[],
  result: Complex,
) => void;

let watch: ComplexObserver | null = null;

/** Internal: runs `body` with every `Complex` operation shown to `observer` (which may throw). */
export function watchingComplex<T>(observer: ComplexObserver, body: () => T): T {
  const previous = watch;
  watch = observer;
  try {
    return body();
  } finally {
    watch = previous;
  }
}
const HALF_PI = Math.PI / 2;

function toComplex(x: Scalar, operation: string): Complex {
  if (typeof x === 'number') return new Complex(x, 0);
  if (x instanceof Complex) return x;
  throw new UsageError(
    `Complex: ${operation} mixes a Complex with a ${x.constructor.name}; the complex step runs on plain numbers and Complex only`,
  );
}

/** x·y where a zero factor gives exactly 0 even against ±∞ or NaN (core's strong zero). */
const times = strongZeroProduct;

// ---------------------------------------------------------------------------------------------------
// Building blocks shared by several operations.

/** (a + ib)(c + id). */
function multiply(a: number, b: number, c: number, d: number): Complex {
  return new Complex(a * c - times(b, d), times(a, d) + times(b, c));
}

/** (a + ib) / (c + id) by Smith's algorithm: no overflow in c² + d², and a/c exactly when b = d = 0. */
function divide(a: number, b: number, c: number, d: number): Complex {
  if (d === 0) return new Complex(a / c, b === 0 ? 0 : b / c);
  if (Math.abs(d) <= Math.abs(c)) {
    const r = d / c;
    const denominator = c + d * r;
    return new Complex((a + times(b, r)) / denominator, (b - times(a, r)) / denominator);
  }
  const r = c / d;
  const denominator = c * r + d;
  return new Complex((times(a, r) + b) / denominator, (times(b, r) - a) / denominator);
}

/** The principal square root, cancellation-free in both parts. */
function principalSqrt(a: number, b: number): Complex {
  if (b === 0) return a >= 0 ? new Complex(Math.sqrt(a), 0) : new Complex(0, Math.sqrt(-a));
  const t = Math.sqrt(0.5 * Math.hypot(a, b) + 0.5 * Math.abs(a));
  if (t === 0) return new Complex(0, 0);
  if (a >= 0) return new Complex(t, b / (2 * t));
  return new Complex(Math.abs(b) / (2 * t), b < 0 ? -t : t);
}

/** The principal arctangent, written so the imaginary part keeps full relative accuracy when tiny. */
function principalAtan(a: number, b: number): Complex {
  if (b === 0) return new Complex(Math.atan(a), 0);
  const re = 0.5 * Math.atan2(2 * a, (1 - a) * (1 + a) - b * b);
  const oneMinusB = 1 - b;
  const im = 0.25 * Math.log1p((4 * b) / (a * a + oneMinusB * oneMinusB));
  return new Complex(re, im);
}

/**
 * asin(x + iy) and acos(x + iy) for x, y >= 0, by Hull, Fairgrieve & Tang (1997). A − 1 is written as
 * y²·q for x < 1 so that a tiny y (the complex step's 1e-20) neither cancels nor underflows. The
 * imaginary part of asin is returned; acos's is its negative.
 */
function asinFirstQuadrant(x: number, y: number): { asinRe: number; acosRe: number; im: number } {
  const r = Math.hypot(x + 1, y);
  const s = Math.hypot(x - 1, y);
  const a = 0.5 * (r + s);
  const b = x / a;
  let asinRe: number;
  let acosRe: number;
  if (b <= 0.6417) {
    asinRe = Math.asin(b);
    acosRe = Math.acos(b);
  } else {
    // Near b = 1 asin/acos of b lose accuracy; the atan forms do not.
    const side =
      x <= 1
        ? Math.sqrt(0.5 * (a + x) * ((y * y) / (r + x + 1) + (s + (1 - x))))
        : y * Math.sqrt(0.5 * ((a + x) / (r + x + 1) + (a + x) / (s + (x - 1))));
    asinRe = Math.atan2(x, side);
    acosRe = Math.atan2(side, x);
  }
  let im: number;
  if (a > 1.5) {
    im = Math.log(a + Math.sqrt(a * a - 1));
  } else if (x < 1) {
    // A − 1 = y²·q and sqrt((A − 1)(A + 1)) = y·sqrt(q(A + 1)).
    const q = 0.5 * (1 / (r + x + 1) + 1 / (s + (1 - x)));
    im = Math.log1p(y * y * q + y * Math.sqrt(q * (a + 1)));
  } else {
    const aMinusOne = 0.5 * ((y * y) / (r + x + 1) + (s + (x - 1)));
    im = Math.log1p(aMinusOne + Math.sqrt(aMinusOne * (a + 1)));
  }
  return { asinRe, acosRe, im };
}

function complexAsin(a: number, b: number): Complex {
  if (b === 0 && Math.abs(a) <= 1) return new Complex(Math.asin(a), 0);
  const q = asinFirstQuadrant(Math.abs(a), Math.abs(b));
  return new Complex(a < 0 ? -q.asinRe : q.asinRe, b < 0 ? -q.im : q.im);
}

function complexAcos(a: number, b: number): Complex {
  if (b === 0 && Math.abs(a) <= 1) return new Complex(Math.acos(a), 0);
  const q = asinFirstQuadrant(Math.abs(a), Math.abs(b));
  // acos(conj z) = conj acos(z); acos(-z) = π − acos(z).
  const re = a < 0 ? Math.PI - q.acosRe : q.acosRe;
  const im = b < 0 ? q.im : -q.im;
  return new Complex(re, im);
}

/** exp(a + ib) as parts, for reuse. */
function complexExp(a: number, b: number): Complex {
  const e = Math.exp(a);
  if (b === 0) return new Complex(e, 0);
  return new Complex(e * Math.cos(b), e * Math.sin(b));
}

/** z^c for a real exponent c, continuing the REAL power: integer c reaches negative bases exactly. */
function realPower(a: number, b: number, c: number): Complex {
  if (b === 0) return new Complex(a ** c, 0);
  if (c === 0) return new Complex(1, 0);
  if (Number.isInteger(c) && Math.abs(c) <= MAX_REPEATED_SQUARING_EXPONENT) return integerPower(a, b, c);
  if (a < 0) {
    if (!Number.isInteger(c)) return NOT_A_NUMBER;
    // (−z)^c has a positive real part, so its angle is small and c·angle loses nothing; the polar form
    // of z itself would put the angle near π, where cos/sin of c·angle cancel catastrophically.
    const reflected = polarPower(-a, -b, c);
    return Math.abs(c % 2) === 1 ? new Complex(-reflected.re, -reflected.im) : reflected;
  }
  return polarPower(a, b, c);
}

/** Exponents up to this size are raised by repeated squaring: exact products, no polar round trip. */
const MAX_REPEATED_SQUARING_EXPONENT = 64;

/**
 * z^n for an integer n by repeated squaring. For the small imaginary parts of the complex step this
 * keeps the derivative exact (x³ at 2 gives 12 exactly, where exp(3·log z) is off by an ulp or two).
 */
function integerPower(a: number, b: number, n: number): Complex {
  let re = 1;
  let im = 0;
  let baseRe = a;
  let baseIm = b;
  for (let k = Math.abs(n); k > 0; k >>= 1) {
    if (k & 1) [re, im] = [re * baseRe - im * baseIm, re * baseIm + im * baseRe];
    [baseRe, baseIm] = [baseRe * baseRe - baseIm * baseIm, 2 * baseRe * baseIm];
  }
  if (n > 0) return new Complex(re, im);
  const norm = re * re + im * im;
  return new Complex(re / norm, -im / norm);
}

function polarPower(a: number, b: number, c: number): Complex {
  const magnitude = Math.hypot(a, b) ** c;
  const angle = c * Math.atan2(b, a);
  return new Complex(magnitude * Math.cos(angle), magnitude * Math.sin(angle));
}

function complexPow(base: Complex, exponent: Complex): Complex {
  const { re: a, im: b } = base;
  const { re: c, im: d } = exponent;
  if (d === 0) return realPower(a, b, c);
  // A variable exponent: the real function is differentiable in it only for a positive base (core: NaN
  // for a negative base; 0^b is 0 for b > 0 whatever b's perturbation, as core's ∂/∂b = 0 there).
  if (a < 0) return new Complex(a ** c, Number.NaN);
  if (a === 0 && b === 0) return new Complex(0 ** c, c >= 0 ? 0 : Number.NaN);
  const logMagnitude = Math.log(Math.hypot(a, b));
  const angle = Math.atan2(b, a);
  const magnitude = Math.hypot(a, b) ** c * Math.exp(-times(d, angle));
  const phase = times(c, angle) + d * logMagnitude;
  return new Complex(magnitude * Math.cos(phase), magnitude * Math.sin(phase));
}

/** atan2(y, x) continued analytically from the real branch at the real parts. */
function complexAtan2(y: Complex, x: Complex): Complex {
  const angle = Math.atan2(y.re, x.re);
  if (y.im === 0 && x.im === 0) return new Complex(angle, 0);
  if (y.re === 0 && x.re === 0) return new Complex(angle, Number.NaN);
  if (Math.abs(x.re) >= Math.abs(y.re)) {
    const w = principalAtan(...parts(divide(y.re, y.im, x.re, x.im)));
    // atan2 = atan(y/x) + kπ with the k of the real branch, so the real part continues atan2's branch.
    const k = Math.round((angle - Math.atan(y.re / x.re)) / Math.PI);
    return new Complex(w.re + k * Math.PI, w.im);
  }
  const w = principalAtan(...parts(divide(x.re, x.im, y.re, y.im)));
  return new Complex((y.re > 0 ? HALF_PI : -HALF_PI) - w.re, -w.im);
}

function parts(z: Complex): [number, number] {
  return [z.re, z.im];
}

function complexHypot(p: Complex, q: Complex): Complex {
  if (p.im === 0 && q.im === 0) return new Complex(Math.hypot(p.re, q.re), 0);
  if (p.re === 0 && q.re === 0) return new Complex(0, 0);
  // Imaginary parts join the scale so a step larger than the real parts cannot overflow the squares.
  const scale = Math.max(Math.abs(p.re), Math.abs(q.re), Math.abs(p.im), Math.abs(q.im));
  if (!Number.isFinite(scale)) return new Complex(Math.hypot(p.re, q.re), Number.NaN);
  // Scaled so the squares cannot overflow; sqrt(a² + b²) is then continued analytically.
  const pr = p.re / scale;
  const pi = p.im / scale;
  const qr = q.re / scale;
  const qi = q.im / scale;
  const root = principalSqrt(pr * pr - pi * pi + (qr * qr - qi * qi), 2 * (pr * pi + qr * qi));
  return new Complex(scale * root.re, scale * root.im);
}

function choose(first: Complex, second: Complex, firstWins: boolean): Complex {
  if (Number.isNaN(first.re) || Number.isNaN(second.re)) return NOT_A_NUMBER;
  return firstWins ? first : second;
}

// ---------------------------------------------------------------------------------------------------
// The complex value of every operation of the rule table, by name. `satisfies` makes a rule added to
// core without a complex value here a type error.

type UnaryValue = (a: number, b: number) => Complex;
type BinaryValue = (p: Complex, q: Complex) => Complex;

const UNARY = {
  neg: (a, b) => new Complex(-a, -b),
  square: (a, b) => new Complex(a * a - times(b, b), 2 * times(a, b)),
  sqrt: (a, b) => principalSqrt(a, b),
  cbrt: (a, b) => {
    if (b === 0) return new Complex(Math.cbrt(a), 0);
    // The real cube root is odd: continue it from |a| and reflect, instead of using the principal branch
    // (which is not real on the negative axis).
    const sign = a < 0 ? -1 : 1;
    const magnitude = sign * Math.cbrt(Math.hypot(a, b));
    const angle = Math.atan2(sign * b, sign * a) / 3;
    return new Complex(magnitude * Math.cos(angle), magnitude * Math.sin(angle));
  },
  exp: complexExp,
  expm1: (a, b) => {
    if (b === 0) return new Complex(Math.expm1(a), 0);
    // Re = e^a cos b − 1 = expm1(a)·cos b − 2 sin²(b/2): no cancellation near 0.
    const halfSine = Math.sin(b / 2);
    return new Complex(Math.expm1(a) * Math.cos(b) - 2 * halfSine * halfSine, Math.exp(a) * Math.sin(b));
  },
  log: (a, b) => new Complex(Math.log(Math.hypot(a, b)), Math.atan2(b, a)),
  log1p: (a, b) => {
    if (b === 0) return new Complex(Math.log1p(a), 0);
    const onePlusA = 1 + a;
    const ratio = b / onePlusA;
    // log|1 + z| = log1p(a) + ½·log1p((b / (1 + a))²): exact as b → 0, no 1 + tiny rounding.
    const re =
      Math.abs(ratio) < 1
        ? Math.log1p(a) + 0.5 * Math.log1p(ratio * ratio)
        : Math.log(Math.hypot(onePlusA, b));
    return new Complex(re, Math.atan2(b, onePlusA));
  },
  log2: (a, b) => new Complex(Math.log2(Math.hypot(a, b)), Math.atan2(b, a) / Math.LN2),
  log10: (a, b) => new Complex(Math.log10(Math.hypot(a, b)), Math.atan2(b, a) / Math.LN10),
  sin: (a, b) =>
    b === 0
      ? new Complex(Math.sin(a), 0)
      : new Complex(Math.sin(a) * Math.cosh(b), Math.cos(a) * Math.sinh(b)),
  cos: (a, b) =>
    b === 0
      ? new Complex(Math.cos(a), 0)
      : new Complex(Math.cos(a) * Math.cosh(b), -Math.sin(a) * Math.sinh(b)),
  tan: (a, b) => {
    if (b === 0) return new Complex(Math.tan(a), 0);
    // tan(a + ib) = (t + is)/(1 − its) with t = tan a, s = tanh b; 1 − s² = 1/cosh² b avoids cancellation.
    const t = Math.tan(a);
    const s = Math.tanh(b);
    const coshB = Math.cosh(b);
    const denominator = 1 + t * t * s * s;
    return new Complex(t / (coshB * coshB * denominator), (s * (1 + t * t)) / denominator);
  },
  asin: complexAsin,
  acos: complexAcos,
  atan: principalAtan,
  sinh: (a, b) =>
    b === 0
      ? new Complex(Math.sinh(a), 0)
      : new Complex(Math.sinh(a) * Math.cos(b), Math.cosh(a) * Math.sin(b)),
  cosh: (a, b) =>
    b === 0
      ? new Complex(Math.cosh(a), 0)
      : new Complex(Math.cosh(a) * Math.cos(b), Math.sinh(a) * Math.sin(b)),
  tanh: (a, b) => {
    if (b === 0) return new Complex(Math.tanh(a), 0);
    // tanh(a + ib) = (t + is)/(1 + its) with t = tanh a, s = tan b; 1 − t² = 1/cosh² a.
    const t = Math.tanh(a);
    const s = Math.tan(b);
    const coshA = Math.cosh(a);
    const denominator = 1 + t * t * s * s;
    return new Complex((t * (1 + s * s)) / denominator, s / (coshA * coshA * denominator));
  },
  asinh: (a, b) => {
    if (b === 0) return new Complex(Math.asinh(a), 0);
    // asinh(z) = −i·asin(iz).
    const w = complexAsin(-b, a);
    return new Complex(w.im, -w.re);
  },
  acosh: (a, b) => {
    if (b === 0) return new Complex(Math.acosh(a), 0);
    // acosh(z) = ±i·acos(z), the sign making the real part non-negative (the principal branch).
    const w = complexAcos(a, b);
    return b > 0 ? new Complex(-w.im, w.re) : new Complex(w.im, -w.re);
  },
  atanh: (a, b) => {
    if (b === 0) return new Complex(Math.atanh(a), 0);
    // atanh(z) = −i·atan(iz).
    const w = principalAtan(-b, a);
    const onePlus = 1 + a;
    const oneMinus = 1 - a;
    if (Math.abs(b) >= Math.min(Math.abs(onePlus), Math.abs(oneMinus))) return new Complex(w.im, -w.re);
    // Re = ¼·log(((1 + a)² + b²) / ((1 − a)² + b²)) = atanh(a) + ¼·[log1p((b/(1+a))²) − log1p((b/(1−a))²)]:
    // the real atanh plus a correction that vanishes with b, so a small b keeps the real value exact.
    const plusRatio = b / onePlus;
    const minusRatio = b / oneMinus;
    const re =
      Math.atanh(a) + 0.25 * (Math.log1p(plusRatio * plusRatio) - Math.log1p(minusRatio * minusRatio));
    return new Complex(re, -w.re);
  },
  abs: (a, b) => {
    if (a > 0) return new Complex(a, b);
    if (a < 0) return new Complex(-a, -b);
    return a === 0 ? new Complex(0, 0) : NOT_A_NUMBER;
  },
  stopGradient: (a) => new Complex(a, 0),
} as const satisfies Record<UnaryName, UnaryValue>;

const BINARY = {
  add: (p, q) => new Complex(p.re + q.re, p.im + q.im),
  sub: (p, q) => new Complex(p.re - q.re, p.im - q.im),
  mul: (p, q) => multiply(p.re, p.im, q.re, q.im),
  div: (p, q) => divide(p.re, p.im, q.re, q.im),
  pow: complexPow,
  atan2: complexAtan2,
  hypot: complexHypot,
  min: (p, q) => choose(p, q, p.re <= q.re),
  max: (p, q) => choose(p, q, p.re >= q.re),
} as const satisfies Record<BinaryName, BinaryValue>;
