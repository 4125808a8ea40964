/**
 * THE table of derivative rules: each elementary operation declared once, its value on plain numbers and
 * its partial derivatives written as formulas (formula.ts) over its arguments and its output `y` (exp' = exp).
 * Formulas apply other rows of the table by name (`cos(x)` below is `apply('cos', x)`, data, not a call), so
 * one line serves every reader: rules.ts compiles them into generic functions (on plain numbers they give
 * numbers, on nested duals duals again, which is how forward-over-forward Hessians and reverse-over-reverse
 * get second derivatives from the same line), and source transformation writes them into generated code.
 * Forward mode, reverse mode and the complex step read the rows through `Real.apply1`/`Real.apply2`; no
 * derivative formula is written anywhere else.
 *
 * Conventions at awkward points (each one tested), written as `select` on primal values so that a code
 * generator sees both sides:
 * - `abs'(0) = 0` (PyTorch's subgradient).
 * - `d/da a^b` is 0 at a = b = 0 (so `x^0` at x = 0 has derivative 0, not NaN); integer exponents work for
 *   negative bases (`d/dx x^3` at -2 is 12).
 * - `d/db a^b = a^b · log a`, and 0 where a = 0 and b >= 0 (PyTorch's choice); NaN for a < 0 (log of a
 *   negative number: the real power is not differentiable in b there).
 * - `min`/`max` take the first argument's branch on ties; `hypot`'s partials are 0 at the origin.
 * - Wherever an operation's output is NaN (outside its domain, or from a NaN argument) every partial is
 *   NaN too, as in `Math`; nothing throws. The guard (`nanGuarded`) is applied to every rule by every
 *   reader, so e.g. ∂/∂b of `log(a) + b` at a = −1 is NaN: the value is NaN, so is its gradient.
 *
 * Hand-written exceptions: none. `sub`, `div` and `neg` have rules of their own instead of being derived
 * from `add`/`mul` because one rule per operation keeps tapes short and is exact (a/b is not a·(1/b)).
 *
 * Rules by convention: `stopGradient` (JAX's `stop_gradient`, PyTorch's `detach`) is the identity whose
 * partial is 0 by definition, not the derivative of its value. As a row it reaches every mode (duals drop
 * the tangent, the tape records an entry with partial 0 that a replay recomputes, the complex step drops
 * the imaginary part); but a referee that differentiates values (finite differences, a symbolic
 * differentiator) sees the identity's derivative 1 there. Such rows say `refereed: false`, and whatever
 * compares rules or random programs with those referees leaves them out.
 *
 * The rows' generic partial functions (`d`, `da`, `db`) are compiled by rules.ts, which owns the free
 * functions they call; import the table through rules.ts (or the package index), never this file alone.
 */
import {
  conditions,
  type Formula,
  type FormulaLike,
  formula,
  RESULT,
  argument as read,
  select,
  symbolic,
} from './formula.js';
import type { BinaryRow, SampleInterval, UnaryRow } from './real.js';

export type { SampleInterval } from './real.js';

const interval = (min: number, max: number): SampleInterval => ({ min, max });
const WIDE = interval(-3, 3);
const POSITIVE = interval(0.1, 4);
const UNIT = interval(-0.9, 0.9);

/** A row before the table names it: what `unary` and `binary` below declare. */
interface UnarySpec {
  readonly arity: 1;
  readonly value: (x: number) => number;
  readonly operator: string | undefined;
  readonly partial: Formula;
  readonly sample: SampleInterval;
  readonly smooth: boolean;
  readonly refereed: boolean;
}
interface BinarySpec {
  readonly arity: 2;
  readonly value: (a: number, b: number) => number;
  readonly operator: string | undefined;
  readonly partials: readonly [Formula, Formula];
  readonly sample: readonly [SampleInterval, SampleInterval];
  readonly smooth: boolean;
  readonly refereed: boolean;
}

/** A value function together with the JavaScript operator computing it, for rules that are operators. */
interface OperatorValue<F> {
  readonly value: F;
  readonly operator: string;
}

const X = read(0);
const A = read(0);
const B = read(1);

/** Declares a one-argument operation: its value, and dy/dx written as a formula of x and the result y. */
function unary(
  value: ((x: number) => number) | OperatorValue<(x: number) => number>,
  partial: (x: Formula, y: Formula) => FormulaLike,
  sample: SampleInterval = WIDE,
  smooth = true,
): UnarySpec {
  const [fn, operator] = typeof value === 'function' ? [value, undefined] : [value.value, value.operator];
  return {
    arity: 1,
    value: fn,
    operator,
    partial: formula(partial(X, RESULT)),
    sample,
    smooth,
    refereed: true,
  };
}

/** Declares a two-argument operation: its value, and ∂y/∂a, ∂y/∂b as formulas of a, b and the result y. */
function binary(
  value: ((a: number, b: number) => number) | OperatorValue<(a: number, b: number) => number>,
  da: (a: Formula, b: Formula, y: Formula) => FormulaLike,
  db: (a: Formula, b: Formula, y: Formula) => FormulaLike,
  sample: readonly [SampleInterval, SampleInterval] = [WIDE, WIDE],
  smooth = true,
): BinarySpec {
  const [fn, operator] = typeof value === 'function' ? [value, undefined] : [value.value, value.operator];
  return {
    arity: 2,
    value: fn,
    operator,
    partials: [formula(da(A, B, RESULT)), formula(db(A, B, RESULT))],
    sample,
    smooth,
    refereed: true,
  };
}

/**
 * Marks a declared operation as a rule by convention: its partials are a definition, not the derivative of
 * its value, so referees that differentiate values cannot check it (see the module comment).
 */
function byConvention<Spec extends UnarySpec | BinarySpec>(spec: Spec): Spec {
  return { ...spec, refereed: false };
}

type FormulaName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'neg'
  | 'square'
  | 'sqrt'
  | 'pow'
  | 'log'
  | 'sin'
  | 'cos'
  | 'sinh'
  | 'cosh';
const { add, sub, mul, div, neg, square, sqrt, pow, log, sin, cos, sinh, cosh } = symbolic as Record<
  FormulaName,
  (...operands: FormulaLike[]) => Formula
>;
const { lt, le, gt, ge, eq, and, or, isNaN: nan } = conditions;

/** 1 where the first argument's branch of min (`less`) or max is taken, ties included; NaN for NaN. */
function firstWins(a: Formula, b: Formula, less: boolean): Formula {
  return select(or(nan(a), nan(b)), Number.NaN, select(less ? le(a, b) : ge(a, b), 1, 0));
}
/** 1 - firstWins, as a formula: the second argument's share. */
function secondWins(a: Formula, b: Formula, less: boolean): Formula {
  return select(or(nan(a), nan(b)), Number.NaN, select(less ? le(a, b) : ge(a, b), 0, 1));
}

/**
 * The rule table: one line per elementary operation, its value and its partial derivatives as formulas.
 * Read by every mode; see the module comment for the conventions at awkward points.
 */
const SPECS = {
  add: binary(
    { value: (a, b) => a + b, operator: '+' },
    () => 1,
    () => 1,
  ),
  sub: binary(
    { value: (a, b) => a - b, operator: '-' },
    () => 1,
    () => -1,
  ),
  mul: binary(
    { value: (a, b) => a * b, operator: '*' },
    (_a, b) => b,
    (a) => a,
  ),
  div: binary(
    { value: (a, b) => a / b, operator: '/' },
    (_a, b) => div(1, b),
    (_a, b, y) => neg(div(y, b)),
    [WIDE, POSITIVE],
  ),
  pow: binary(
    Math.pow,
    // Only 0^0 needs the explicit 0 (0·0^-1 is NaN); elsewhere b·a^(b-1) is exactly 0 at b = 0 and, as a
    // product, keeps its derivative in b for second derivatives (∂²(x^y)/∂x∂y = 1/x at y = 0).
    (a, b) => select(and(eq(a, 0), eq(b, 0)), 0, mul(b, pow(a, sub(b, 1)))),
    (a, b, y) => select(and(eq(a, 0), ge(b, 0)), 0, mul(y, log(a))),
    // Bases below 0.5 with exponents near -3 are too steep for a finite-difference referee.
    [interval(0.5, 4), interval(-2.5, 2.5)],
  ),
  atan2: binary(
    Math.atan2,
    (a, b) => div(b, add(square(a), square(b))),
    (a, b) => neg(div(a, add(square(a), square(b)))),
    [WIDE, POSITIVE],
  ),
  hypot: binary(
    Math.hypot,
    (a, _b, y) => select(eq(y, 0), 0, div(a, y)),
    (_a, b, y) => select(eq(y, 0), 0, div(b, y)),
  ),
  min: binary(
    Math.min,
    (a, b) => firstWins(a, b, true),
    (a, b) => secondWins(a, b, true),
    [WIDE, WIDE],
    false,
  ),
  max: binary(
    Math.max,
    (a, b) => firstWins(a, b, false),
    (a, b) => secondWins(a, b, false),
    [WIDE, WIDE],
    false,
  ),
  neg: unary({ value: (x) => -x, operator: '-' }, () => -1),
  square: unary(
    (x) => x * x,
    (x) => mul(2, x),
  ),
  sqrt: unary(Math.sqrt, (_x, y) => div(0.5, y), POSITIVE),
  cbrt: unary(Math.cbrt, (_x, y) => div(1, mul(3, square(y))), POSITIVE),
  exp: unary(Math.exp, (_x, y) => y),
  expm1: unary(Math.expm1, (_x, y) => add(y, 1)),
  log: unary(Math.log, (x) => div(1, x), POSITIVE),
  log1p: unary(Math.log1p, (x) => div(1, add(1, x)), interval(-0.9, 4)),
  log2: unary(Math.log2, (x) => div(1, mul(x, Math.LN2)), POSITIVE),
  log10: unary(Math.log10, (x) => div(1, mul(x, Math.LN10)), POSITIVE),
  sin: unary(Math.sin, (x) => cos(x)),
  cos: unary(Math.cos, (x) => neg(sin(x))),
  tan: unary(Math.tan, (_x, y) => add(1, square(y)), interval(-1.4, 1.4)),
  asin: unary(Math.asin, (x) => div(1, sqrt(sub(1, square(x)))), UNIT),
  acos: unary(Math.acos, (x) => neg(div(1, sqrt(sub(1, square(x))))), UNIT),
  atan: unary(Math.atan, (x) => div(1, add(1, square(x)))),
  sinh: unary(Math.sinh, (x) => cosh(x)),
  cosh: unary(Math.cosh, (x) => sinh(x)),
  // 1/cosh² rather than 1 − y²: the latter cancels for |x| ≳ 2 (tens of ulps lost at |x| = 3).
  tanh: unary(Math.tanh, (x) => div(1, square(cosh(x)))),
  asinh: unary(Math.asinh, (x) => div(1, sqrt(add(square(x), 1)))),
  acosh: unary(Math.acosh, (x) => div(1, sqrt(sub(square(x), 1))), interval(1.1, 4)),
  atanh: unary(Math.atanh, (x) => div(1, sub(1, square(x))), UNIT),
  // The sign of x: 1, -1, or 0 at 0 (PyTorch's subgradient); NaN for NaN.
  abs: unary(
    Math.abs,
    (x) => select(gt(x, 0), 1, select(lt(x, 0), -1, select(eq(x, 0), 0, Number.NaN))),
    WIDE,
    false,
  ),
  // The identity with partial 0 by definition (a constant for every derivative): see the module comment.
  stopGradient: byConvention(
    unary(
      (x) => x,
      () => 0,
    ),
  ),
} as const satisfies Record<string, UnarySpec | BinarySpec>;

type Specs = typeof SPECS;

/** Names of every operation in the rule table. */
export type RuleName = keyof Specs;
/** Names of the one-argument operations in the rule table. */
export type UnaryName = { [K in RuleName]: Specs[K] extends UnarySpec ? K : never }[RuleName];
/** Names of the two-argument operations in the rule table. */
export type BinaryName = { [K in RuleName]: Specs[K] extends BinarySpec ? K : never }[RuleName];

/** A row of the table for an operation of one argument. */
export type UnaryRule = UnaryRow<UnaryName>;
/** A row of the table for an operation of two arguments. */
export type BinaryRule = BinaryRow<BinaryName>;
/** A row of the rule table. */
export type Rule = UnaryRule | BinaryRule;

type Table = { readonly [K in RuleName]: Specs[K] extends UnarySpec ? UnaryRow<K> : BinaryRow<K> };

/**
 * Wraps a partial in the guard every rule gets: where the output is NaN (outside the domain, or from a NaN
 * argument) the partial is NaN too, e.g. log' at -1 (1/x alone would say -1).
 */
export function nanGuarded(partial: Formula): Formula {
  return select(nan(RESULT), Number.NaN, partial);
}

// Rows get their generic partials once the free functions below exist (`compilePartials`); until then a
// placeholder keeps every row's shape final.
const notYetCompiled = (): never => {
  throw new Error('rule table: partials used before the table was complete');
};

/**
 * Names each row by its key and numbers it in declaration order (the tape's opcodes). Built with
 * `Object.fromEntries`, which keeps the table in V8's fast-property mode (properties added one by one in a
 * loop put it in dictionary mode, and every `RULES.square` of a free function became a hash lookup).
 */
function nameRows(specs: Specs): Table {
  const entries = (Object.entries(specs) as [string, UnarySpec | BinarySpec][]).map(
    ([name, spec], code): [string, UnaryRow | BinaryRow] => [
      name,
      spec.arity === 1
        ? {
            arity: 1,
            name,
            code,
            value: spec.value,
            operator: spec.operator,
            partials: [spec.partial],
            d: notYetCompiled,
            sample: spec.sample,
            smooth: spec.smooth,
            refereed: spec.refereed,
          }
        : {
            arity: 2,
            name,
            code,
            value: spec.value,
            operator: spec.operator,
            partials: spec.partials,
            da: notYetCompiled,
            db: notYetCompiled,
            sample: spec.sample,
            smooth: spec.smooth,
            refereed: spec.refereed,
          },
    ],
  );
  return Object.fromEntries(entries) as unknown as Table;
}

/** The rule table, one row per operation, named by its key; see the module comment. */
export const RULES: Table = nameRows(SPECS);

/** Every rule, indexed by its `code` (the tape's opcode). */
export const RULES_BY_CODE: readonly Rule[] = Object.values(RULES).sort((a, b) => a.code - b.code);

/** The rule with this name, or undefined. */
export function ruleNamed(name: string): Rule | undefined {
  return Object.hasOwn(RULES, name) ? RULES[name as RuleName] : undefined;
}
