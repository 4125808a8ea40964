/**
 * THE table of derivative rules, and the free math functions that read it.
 *
 * Each elementary operation is declared once: its value on plain numbers and its partial derivatives.
 * Partials are written with the free functions below, so they are generic: on plain numbers they are
 * numbers, on nested duals they are duals again (which is how forward-over-forward Hessians and
 * reverse-over-reverse `createGraph` get second derivatives from the same line). A partial may use the
 * operation's output `y` (exp' = exp). Forward mode, reverse mode and the complex step all read this table
 * through `Real.apply1`/`Real.apply2`; no derivative formula is written anywhere else.
 *
 * Conventions at awkward points (each one tested):
 * - `abs'(0) = 0` (PyTorch's subgradient).
 * - `d/da a^b` is 0 at a = b = 0 (so `x^0` at x = 0 has derivative 0, not NaN); integer exponents work for
 *   negative bases (`d/dx x^3` at -2 is 12).
 * - `d/db a^b = a^b · log a`, and 0 where a = 0 and b >= 0 (PyTorch's choice); NaN for a < 0 (log of a
 *   negative number: the real power is not differentiable in b there).
 * - `min`/`max` take the first argument's branch on ties; `hypot`'s partials are 0 at the origin.
 * - Wherever an operation's output is NaN (outside its domain, or from a NaN argument) every partial is
 *   NaN too, as in `Math`; nothing throws. The guard is applied to every rule by the table's
 *   constructors, so e.g. ∂/∂b of `log(a) + b` at a = −1 is NaN: the value is NaN, so is its gradient.
 *
 * Hand-written exceptions: none. `sub`, `div` and `neg` have rules of their own instead of being derived
 * from `add`/`mul` because one rule per operation keeps tapes short and is exact (a/b is not a·(1/b)).
 */
import { type Comparison, primal, type Scalar } from './real.js';

/** Names of the one-argument operations in the rule table. */
export type UnaryName =
  | 'neg'
  | 'square'
  | 'sqrt'
  | 'cbrt'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'log2'
  | 'log10'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sinh'
  | 'cosh'
  | 'tanh'
  | 'asinh'
  | 'acosh'
  | 'atanh'
  | 'abs';

/** Names of the two-argument operations in the rule table. */
export type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'atan2' | 'hypot' | 'min' | 'max';

/** An open interval of safe sample points (inside the domain, away from singularities). */
export interface SampleInterval {
  readonly min: number;
  readonly max: number;
}

/** One row of the rule table for an operation of one argument. */
export interface UnaryRule {
  readonly arity: 1;
  readonly name: UnaryName;
  /** Small integer identifying the operation (tape opcodes). Unique across unary and binary rules. */
  readonly code: number;
  /** The value on plain numbers. */
  readonly value: (x: number) => number;
  /** dy/dx at `x`, given the output `y = value(x)`; generic over the number type. */
  readonly d: (x: Scalar, y: Scalar) => Scalar;
  /** Where tests and random programs sample `x`. */
  readonly sample: SampleInterval;
  /**
   * False for operations with a kink inside `sample` (abs at 0): there a finite difference straddling the
   * kink matches neither one-sided derivative, so samplers must keep a step's distance from it.
   */
  readonly smooth: boolean;
}

/** One row of the rule table for an operation of two arguments. */
export interface BinaryRule {
  readonly arity: 2;
  readonly name: BinaryName;
  /** Small integer identifying the operation (tape opcodes). Unique across unary and binary rules. */
  readonly code: number;
  /** The value on plain numbers. */
  readonly value: (a: number, b: number) => number;
  /** ∂y/∂a at `(a, b)`, given the output `y`. */
  readonly da: (a: Scalar, b: Scalar, y: Scalar) => Scalar;
  /** ∂y/∂b at `(a, b)`, given the output `y`. */
  readonly db: (a: Scalar, b: Scalar, y: Scalar) => Scalar;
  /** Where tests and random programs sample `a` and `b`. */
  readonly sample: readonly [SampleInterval, SampleInterval];
  /** False for operations with a kink (min/max where a = b); see `UnaryRule.smooth`. */
  readonly smooth: boolean;
}

/** A row of the rule table. */
export type Rule = UnaryRule | BinaryRule;

let nextCode = 0;
const interval = (min: number, max: number): SampleInterval => ({ min, max });
const WIDE = interval(-3, 3);
const POSITIVE = interval(0.1, 4);
const UNIT = interval(-0.9, 0.9);

function unary(
  name: UnaryName,
  value: (x: number) => number,
  d: (x: Scalar, y: Scalar) => Scalar,
  sample: SampleInterval = WIDE,
  smooth = true,
): UnaryRule {
  // A NaN output makes the derivative NaN too, e.g. log' at -1 (1/x alone would say -1).
  const guarded = (x: Scalar, y: Scalar): Scalar => (isNaNValue(y) ? Number.NaN : d(x, y));
  return { arity: 1, name, code: nextCode++, value, d: guarded, sample, smooth };
}

function binary(
  name: BinaryName,
  value: (a: number, b: number) => number,
  da: (a: Scalar, b: Scalar, y: Scalar) => Scalar,
  db: (a: Scalar, b: Scalar, y: Scalar) => Scalar,
  sample: readonly [SampleInterval, SampleInterval] = [WIDE, WIDE],
  smooth = true,
): BinaryRule {
  const guardedA = (a: Scalar, b: Scalar, y: Scalar): Scalar => (isNaNValue(y) ? Number.NaN : da(a, b, y));
  const guardedB = (a: Scalar, b: Scalar, y: Scalar): Scalar => (isNaNValue(y) ? Number.NaN : db(a, b, y));
  return { arity: 2, name, code: nextCode++, value, da: guardedA, db: guardedB, sample, smooth };
}

function isNaNValue(y: Scalar): boolean {
  const p = primal(y);
  return Number.isNaN(p);
}

/** +1, -1 or 0 by the sign of the primal; NaN for NaN. The derivative of |x| (0 at 0, as PyTorch). */
function signOf(x: Scalar): number {
  const p = primal(x);
  return p > 0 ? 1 : p < 0 ? -1 : p === 0 ? 0 : Number.NaN;
}

/** 1 if the first argument's branch is taken (ties included), 0 if not, NaN if either is NaN. */
function firstWins(a: Scalar, b: Scalar, firstIfLess: boolean): number {
  const pa = primal(a);
  const pb = primal(b);
  if (Number.isNaN(pa) || Number.isNaN(pb)) return Number.NaN;
  if (pa === pb) return 1;
  return pa < pb === firstIfLess ? 1 : 0;
}

/**
 * The rule table: one line per elementary operation, its value and its partial derivatives.
 * Read by every mode; see the module comment for the conventions at awkward points.
 */
export const RULES = {
  add: binary(
    'add',
    (a, b) => a + b,
    () => 1,
    () => 1,
  ),
  sub: binary(
    'sub',
    (a, b) => a - b,
    () => 1,
    () => -1,
  ),
  mul: binary(
    'mul',
    (a, b) => a * b,
    (_a, b) => b,
    (a) => a,
  ),
  div: binary(
    'div',
    (a, b) => a / b,
    (_a, b) => div(1, b),
    (_a, b, y) => neg(div(y, b)),
    [WIDE, POSITIVE],
  ),
  pow: binary(
    'pow',
    Math.pow,
    // Only 0^0 needs the explicit 0 (0·0^-1 is NaN); elsewhere b·a^(b-1) is exactly 0 at b = 0 and, as a
    // product, keeps its derivative in b for second derivatives (∂²(x^y)/∂x∂y = 1/x at y = 0).
    (a, b) => (primal(a) === 0 && primal(b) === 0 ? 0 : mul(b, pow(a, sub(b, 1)))),
    (a, b, y) => (primal(a) === 0 && primal(b) >= 0 ? 0 : mul(y, log(a))),
    // Bases below 0.5 with exponents near -3 are too steep for a finite-difference referee.
    [interval(0.5, 4), interval(-2.5, 2.5)],
  ),
  atan2: binary(
    'atan2',
    Math.atan2,
    (a, b) => div(b, add(square(a), square(b))),
    (a, b) => neg(div(a, add(square(a), square(b)))),
    [WIDE, POSITIVE],
  ),
  hypot: binary(
    'hypot',
    Math.hypot,
    (a, _b, y) => (primal(y) === 0 ? 0 : div(a, y)),
    (_a, b, y) => (primal(y) === 0 ? 0 : div(b, y)),
  ),
  min: binary(
    'min',
    Math.min,
    (a, b) => firstWins(a, b, true),
    (a, b) => 1 - firstWins(a, b, true),
    [WIDE, WIDE],
    false,
  ),
  max: binary(
    'max',
    Math.max,
    (a, b) => firstWins(a, b, false),
    (a, b) => 1 - firstWins(a, b, false),
    [WIDE, WIDE],
    false,
  ),
  neg: unary(
    'neg',
    (x) => -x,
    () => -1,
  ),
  square: unary(
    'square',
    (x) => x * x,
    (x) => mul(2, x),
  ),
  sqrt: unary('sqrt', Math.sqrt, (_x, y) => div(0.5, y), POSITIVE),
  cbrt: unary('cbrt', Math.cbrt, (_x, y) => div(1, mul(3, square(y))), POSITIVE),
  exp: unary('exp', Math.exp, (_x, y) => y),
  expm1: unary('expm1', Math.expm1, (_x, y) => add(y, 1)),
  log: unary('log', Math.log, (x) => div(1, x), POSITIVE),
  log1p: unary('log1p', Math.log1p, (x) => div(1, add(1, x)), interval(-0.9, 4)),
  log2: unary('log2', Math.log2, (x) => div(1, mul(x, Math.LN2)), POSITIVE),
  log10: unary('log10', Math.log10, (x) => div(1, mul(x, Math.LN10)), POSITIVE),
  sin: unary('sin', Math.sin, (x) => cos(x)),
  cos: unary('cos', Math.cos, (x) => neg(sin(x))),
  tan: unary('tan', Math.tan, (_x, y) => add(1, square(y)), interval(-1.4, 1.4)),
  asin: unary('asin', Math.asin, (x) => div(1, sqrt(sub(1, square(x)))), UNIT),
  acos: unary('acos', Math.acos, (x) => neg(div(1, sqrt(sub(1, square(x))))), UNIT),
  atan: unary('atan', Math.atan, (x) => div(1, add(1, square(x)))),
  sinh: unary('sinh', Math.sinh, (x) => cosh(x)),
  cosh: unary('cosh', Math.cosh, (x) => sinh(x)),
  // 1/cosh² rather than 1 − y²: the latter cancels for |x| ≳ 2 (tens of ulps lost at |x| = 3).
  tanh: unary('tanh', Math.tanh, (x) => div(1, square(cosh(x)))),
  asinh: unary('asinh', Math.asinh, (x) => div(1, sqrt(add(square(x), 1)))),
  acosh: unary('acosh', Math.acosh, (x) => div(1, sqrt(sub(square(x), 1))), interval(1.1, 4)),
  atanh: unary('atanh', Math.atanh, (x) => div(1, sub(1, square(x))), UNIT),
  abs: unary('abs', Math.abs, (x) => signOf(x), WIDE, false),
} as const satisfies Record<UnaryName | BinaryName, Rule>;

/** Every rule, indexed by its `code` (the tape's opcode). */
export const RULES_BY_CODE: readonly Rule[] = Object.values(RULES).sort((a, b) => a.code - b.code);

/** The rule with this name, or undefined. */
export function ruleNamed(name: string): Rule | undefined {
  return Object.hasOwn(RULES, name) ? RULES[name as keyof typeof RULES] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Free functions. Plain numbers take the first branch: each function has its own call site of its own
// rule's value, so the JIT inlines it (a shared helper would make that call site megamorphic and cost
// several times the arithmetic). Every other number type receives the rule and does its own bookkeeping.

function call2(rule: BinaryRule, a: Scalar, b: Scalar): Scalar {
  if (typeof a === 'number') return typeof b === 'number' ? rule.value(a, b) : b.apply2(rule, a, true);
  return a.apply2(rule, b, false);
}

/** Type of a free function of one argument: number in, number out; `T` in, `T` out. */
export type Unary = <T extends Scalar>(x: T) => T;

/** Type of a free function of two arguments: a plain number may stand on either side. */
export interface Binary {
  <T extends Scalar>(a: T, b: T | number): T;
  <T extends Scalar>(a: number, b: T): T;
}

const { add: ADD, sub: SUB, mul: MUL, div: DIV } = RULES;

/** a + b. */
export const add: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? ADD.value(a, b) : call2(ADD, a, b)) as Binary;
/** a − b. */
export const sub: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? SUB.value(a, b) : call2(SUB, a, b)) as Binary;
/** a · b. */
export const mul: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? MUL.value(a, b) : call2(MUL, a, b)) as Binary;
/** a / b. */
export const div: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? DIV.value(a, b) : call2(DIV, a, b)) as Binary;
/** a^b; b may be a constant (any real for a > 0, integers for a < 0) or a variable. */
export const pow: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? RULES.pow.value(a, b) : call2(RULES.pow, a, b)) as Binary;
/** atan2(a, b): the angle of the point (b, a), as `Math.atan2(y, x)`. */
export const atan2: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number'
    ? RULES.atan2.value(a, b)
    : call2(RULES.atan2, a, b)) as Binary;
/** sqrt(a² + b²) without overflow. */
export const hypot: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number'
    ? RULES.hypot.value(a, b)
    : call2(RULES.hypot, a, b)) as Binary;
/** The smaller of a and b; on a tie the first argument's branch (its derivative) is taken. */
export const min: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? RULES.min.value(a, b) : call2(RULES.min, a, b)) as Binary;
/** The larger of a and b; on a tie the first argument's branch (its derivative) is taken. */
export const max: Binary = ((a: Scalar, b: Scalar) =>
  typeof a === 'number' && typeof b === 'number' ? RULES.max.value(a, b) : call2(RULES.max, a, b)) as Binary;

/** −x. */
export const neg: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.neg.value(x) : x.apply1(RULES.neg)) as Unary;
/** x². */
export const square: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.square.value(x) : x.apply1(RULES.square)) as Unary;
/** √x. */
export const sqrt: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.sqrt.value(x) : x.apply1(RULES.sqrt)) as Unary;
/** ∛x. */
export const cbrt: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.cbrt.value(x) : x.apply1(RULES.cbrt)) as Unary;
/** eˣ. */
export const exp: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.exp.value(x) : x.apply1(RULES.exp)) as Unary;
/** eˣ − 1, accurate near 0. */
export const expm1: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.expm1.value(x) : x.apply1(RULES.expm1)) as Unary;
/** Natural logarithm. */
export const log: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.log.value(x) : x.apply1(RULES.log)) as Unary;
/** log(1 + x), accurate near 0. */
export const log1p: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.log1p.value(x) : x.apply1(RULES.log1p)) as Unary;
/** Base-2 logarithm. */
export const log2: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.log2.value(x) : x.apply1(RULES.log2)) as Unary;
/** Base-10 logarithm. */
export const log10: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.log10.value(x) : x.apply1(RULES.log10)) as Unary;
/** Sine. */
export const sin: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.sin.value(x) : x.apply1(RULES.sin)) as Unary;
/** Cosine. */
export const cos: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.cos.value(x) : x.apply1(RULES.cos)) as Unary;
/** Tangent. */
export const tan: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.tan.value(x) : x.apply1(RULES.tan)) as Unary;
/** Arcsine. */
export const asin: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.asin.value(x) : x.apply1(RULES.asin)) as Unary;
/** Arccosine. */
export const acos: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.acos.value(x) : x.apply1(RULES.acos)) as Unary;
/** Arctangent. */
export const atan: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.atan.value(x) : x.apply1(RULES.atan)) as Unary;
/** Hyperbolic sine. */
export const sinh: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.sinh.value(x) : x.apply1(RULES.sinh)) as Unary;
/** Hyperbolic cosine. */
export const cosh: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.cosh.value(x) : x.apply1(RULES.cosh)) as Unary;
/** Hyperbolic tangent. */
export const tanh: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.tanh.value(x) : x.apply1(RULES.tanh)) as Unary;
/** Inverse hyperbolic sine. */
export const asinh: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.asinh.value(x) : x.apply1(RULES.asinh)) as Unary;
/** Inverse hyperbolic cosine. */
export const acosh: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.acosh.value(x) : x.apply1(RULES.acosh)) as Unary;
/** Inverse hyperbolic tangent. */
export const atanh: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.atanh.value(x) : x.apply1(RULES.atanh)) as Unary;
/** |x|, with derivative 0 at 0. */
export const abs: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.abs.value(x) : x.apply1(RULES.abs)) as Unary;

/** The free function of each rule, by name: what the expression language calls. */
export const FUNCTIONS: Readonly<Record<UnaryName, Unary> & Record<BinaryName, Binary>> = {
  add,
  sub,
  mul,
  div,
  pow,
  atan2,
  hypot,
  min,
  max,
  neg,
  square,
  sqrt,
  cbrt,
  exp,
  expm1,
  log,
  log1p,
  log2,
  log10,
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  sinh,
  cosh,
  tanh,
  asinh,
  acosh,
  atanh,
  abs,
};

// ---------------------------------------------------------------------------------------------------
// Comparisons on primal values, for control flow. Recording types (the reverse tape) note each outcome.

function compare(comparison: Comparison, a: Scalar, b: Scalar): boolean {
  if (typeof a !== 'number') return a.compare(comparison, b, false);
  if (typeof b !== 'number') return b.compare(comparison, a, true);
  return comparePrimals(comparison, a, b);
}

/** Evaluates a comparison on plain numbers; what every `Real.compare` does with the primals. */
export function comparePrimals(comparison: Comparison, a: number, b: number): boolean {
  switch (comparison) {
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
  }
}

/** a < b on primal values. */
export function lt(a: Scalar, b: Scalar): boolean {
  return compare('lt', a, b);
}
/** a <= b on primal values. */
export function le(a: Scalar, b: Scalar): boolean {
  return compare('le', a, b);
}
/** a > b on primal values. */
export function gt(a: Scalar, b: Scalar): boolean {
  return compare('gt', a, b);
}
/** a >= b on primal values. */
export function ge(a: Scalar, b: Scalar): boolean {
  return compare('ge', a, b);
}
/** a === b on primal values. */
export function eq(a: Scalar, b: Scalar): boolean {
  return compare('eq', a, b);
}
/** a !== b on primal values. */
export function ne(a: Scalar, b: Scalar): boolean {
  return compare('ne', a, b);
}
