/**
 * The free math functions (`add`, `sin`, ...), which read the rule table (table.ts): one per row, plus
 * comparisons on primal values for control flow. This module also gives each row its generic partial
 * functions, compiled from the row's formulas over these free functions, so `rule.d` on a nested dual
 * calls `cos` on that dual and gets a dual back.
 */
import { type Comparison, checkFormula, compileFormula, type Formula, formulaSource } from './formula.js';
import { primal, type Scalar } from './real.js';
import {
  type BinaryName,
  type BinaryRule,
  nanGuarded,
  RULES,
  type RuleName,
  type UnaryName,
  type UnaryRule,
} from './table.js';

export {
  type BinaryName,
  type BinaryRule,
  nanGuarded,
  RULES,
  RULES_BY_CODE,
  type Rule,
  type RuleName,
  ruleNamed,
  type SampleInterval,
  type UnaryName,
  type UnaryRule,
} from './table.js';

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
/**
 * x itself, as a constant for every derivative (JAX's `stop_gradient`, PyTorch's `detach`): duals drop
 * its tangent, the tape records it with partial 0, so a recording replays it at new inputs (unlike a
 * value read with `primal`, which the recording refuses to replay where it differs). Finite differences
 * cannot see it: they differentiate values, and its value is the identity.
 */
export const stopGradient: Unary = ((x: Scalar) =>
  typeof x === 'number' ? RULES.stopGradient.value(x) : x.apply1(RULES.stopGradient)) as Unary;

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
  stopGradient,
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

/**
 * A `Real.compare` for a type that compares by plain value: `value` (this number's) against `other`'s
 * primal, in the order the comparison was written (`thisIsSecond` as in `Real.compare`).
 */
export function comparePrimalWith(
  comparison: Comparison,
  value: number,
  other: Scalar,
  thisIsSecond: boolean,
): boolean {
  const that = primal(other);
  return thisIsSecond ? comparePrimals(comparison, that, value) : comparePrimals(comparison, value, that);
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

// ---------------------------------------------------------------------------------------------------
// Formulas of the table as code on plain numbers, for code generators.

/**
 * Writes a formula of the table as one JavaScript expression on plain numbers: the JavaScript operator where
 * a rule is one (`a * b`, `-x`), elsewhere a call of the rule's value function through the name
 * `valueName(rule)` gives (the caller binds it, e.g. `const sin = RULES.sin.value`, which is `Math.sin`).
 * `operands` and `result` must be identifiers or literals (an operand may be read twice). Comparisons read
 * the numbers themselves. The NaN guard is not added: wrap the formula in `nanGuarded` for it.
 */
export function plainFormulaSource(
  f: Formula,
  operands: readonly string[],
  result: string,
  valueName: (rule: UnaryRule | BinaryRule) => string = (rule) => rule.name,
): string {
  return formulaSource(f, {
    argument: (index) => {
      const code = operands[index];
      if (code === undefined) throw new Error(`plainFormulaSource: no code for argument ${index}`);
      return code;
    },
    result: () => result,
    apply: (operation, codes) => {
      const rule = RULES[operation as RuleName];
      if (rule.operator !== undefined) {
        return codes.length === 1
          ? `(${rule.operator}${codes[0]})`
          : `(${codes[0]} ${rule.operator} ${codes[1]})`;
      }
      return `${valueName(rule)}(${codes.join(', ')})`;
    },
    primal: (code) => code,
  });
}

// ---------------------------------------------------------------------------------------------------
// The rows' generic partials, compiled from their formulas now that the free functions exist.

const arityOf = (operation: string): number | undefined =>
  Object.hasOwn(RULES, operation) ? RULES[operation as RuleName].arity : undefined;

const GENERIC_RUNTIME = {
  apply: (operation: string, operands: readonly Scalar[]): Scalar =>
    (FUNCTIONS[operation as RuleName] as (...values: Scalar[]) => Scalar)(...operands),
  primal,
  functions: FUNCTIONS as unknown as Readonly<Record<string, (...values: Scalar[]) => Scalar>>,
};

for (const rule of Object.values(RULES) as (UnaryRule | BinaryRule)[]) {
  const compile = (index: number, suffix: string) => {
    const partial = rule.partials[index]!;
    checkFormula(partial, rule.name, rule.arity, arityOf);
    return compileFormula(nanGuarded(partial), rule.arity, `${rule.name}_${suffix}`, GENERIC_RUNTIME);
  };
  const row = rule as { -readonly [K in keyof UnaryRule | keyof BinaryRule]?: unknown };
  if (rule.arity === 1) {
    row.d = compile(0, 'd');
  } else {
    row.da = compile(0, 'da');
    row.db = compile(1, 'db');
  }
}
