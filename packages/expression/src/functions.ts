/**
 * Every function the expression language can call: the operations of core's rule table by their names,
 * and a few derived operations (`sigmoid`, `softplus`, `relu`, `logsumexp`) that are core's own free
 * functions built from those rules — no derivative is written here. One table serves the parser (names,
 * arities), the evaluators (`apply`), the help text (`summary`) and the "did you mean" suggestions
 * (`synonyms`: the names other systems use for the same function, which rank before typo distance).
 */
import {
  type Binary,
  type BinaryName,
  FUNCTIONS,
  logSumExp,
  RULES,
  relu,
  type Scalar,
  sigmoid,
  softplus,
  type Unary,
  type UnaryName,
} from '@dualtape/core';

/** The derived operations of the language (not rules of the table). */
export type DerivedName = 'sigmoid' | 'softplus' | 'relu' | 'logsumexp';

/** A name the language calls: a rule of core's table or a derived operation. */
export type FunctionName = UnaryName | BinaryName | DerivedName;

/** One callable function of the language. */
export interface LanguageFunction {
  /** Its name in expressions. */
  readonly name: FunctionName;
  /** How many arguments it takes: a count, or `'one or more'` for `logsumexp`. */
  readonly arity: number | 'one or more';
  /** A few words for the help text, e.g. `'sine'`. */
  readonly summary: string;
  /** Other names users write for it (`ln` for `log`), suggested when one of them is called. */
  readonly synonyms: readonly string[];
  /** True for an operation built from the rules (core's derived functions) rather than a rule itself. */
  readonly derived: boolean;
  /** Applies it on any number type (core's free function). */
  readonly apply: (args: readonly Scalar[]) => Scalar;
}

type Description = readonly [summary: string, synonyms?: readonly string[]];

/** What the help says about each rule, and its synonyms. */
const RULE_DESCRIPTIONS: Readonly<Record<UnaryName | BinaryName, Description>> = {
  add: ['a + b', ['plus']],
  sub: ['a − b', ['minus', 'subtract']],
  mul: ['a · b', ['times', 'multiply', 'prod']],
  div: ['a / b', ['divide', 'quotient']],
  pow: ['aᵇ (also written a^b or a**b)', ['power']],
  atan2: ['the angle of the point (b, a): atan2(y, x)', ['arctan2']],
  hypot: ['√(a² + b²) without overflow', ['norm2']],
  min: ['the smaller of a and b (ties: a)', ['minimum', 'fmin']],
  max: ['the larger of a and b (ties: a)', ['maximum', 'fmax']],
  neg: ['−a (also written -a)', ['negate']],
  square: ['a²', ['sqr', 'sq']],
  sqrt: ['√a', ['root']],
  cbrt: ['∛a', ['cuberoot']],
  exp: ['eᵃ', []],
  expm1: ['eᵃ − 1, accurate near 0', []],
  log: ['the natural logarithm', ['ln', 'loge']],
  log1p: ['log(1 + a), accurate near 0', ['ln1p']],
  log2: ['the base-2 logarithm', ['lb', 'ld']],
  log10: ['the base-10 logarithm', ['lg']],
  sin: ['sine', []],
  cos: ['cosine', []],
  tan: ['tangent', []],
  asin: ['arcsine', ['arcsin']],
  acos: ['arccosine', ['arccos']],
  atan: ['arctangent', ['arctan']],
  sinh: ['hyperbolic sine', []],
  cosh: ['hyperbolic cosine', []],
  tanh: ['hyperbolic tangent', []],
  asinh: ['inverse hyperbolic sine', ['arcsinh', 'arsinh']],
  acosh: ['inverse hyperbolic cosine', ['arccosh', 'arcosh']],
  atanh: ['inverse hyperbolic tangent', ['arctanh', 'artanh']],
  abs: ['|a| (derivative 0 at 0)', ['fabs', 'absolute']],
  stopGradient: ['a, held constant by every derivative', ['stop_gradient', 'detach']],
};

const unary =
  (f: Unary) =>
  (args: readonly Scalar[]): Scalar =>
    f(args[0]!);

/** The derived operations: core's free functions, differentiated through the rules they are built from. */
const DERIVED: readonly LanguageFunction[] = [
  {
    name: 'sigmoid',
    arity: 1,
    summary: '1 / (1 + e⁻ᵃ), the logistic function',
    synonyms: ['logistic', 'expit'],
    derived: true,
    apply: unary(sigmoid),
  },
  {
    name: 'softplus',
    arity: 1,
    summary: 'log(1 + eᵃ) without overflow (= logsumexp(a, 0))',
    synonyms: ['softrelu', 'smoothrelu'],
    derived: true,
    apply: unary(softplus),
  },
  {
    name: 'relu',
    arity: 1,
    summary: 'max(a, 0)',
    synonyms: ['rectifier', 'ramp'],
    derived: true,
    apply: unary(relu),
  },
  {
    name: 'logsumexp',
    arity: 'one or more',
    summary: 'log(eᵃ + eᵇ + …) without overflow',
    synonyms: ['lse', 'logaddexp', 'logSumExp'],
    derived: true,
    apply: (args) => logSumExp(args),
  },
];

function ruleFunction(name: UnaryName | BinaryName): LanguageFunction {
  const [summary, synonyms = []] = RULE_DESCRIPTIONS[name];
  const f = FUNCTIONS[name];
  const arity = RULES[name].arity;
  return {
    name,
    arity,
    summary,
    synonyms,
    derived: false,
    apply: arity === 1 ? unary(f as Unary) : (args) => (f as Binary)(args[0]!, args[1]!),
  };
}

/** Every function of the language by name: the rule table's operations, then the derived ones. */
export const LANGUAGE_FUNCTIONS: ReadonlyMap<string, LanguageFunction> = new Map(
  [...(Object.keys(FUNCTIONS) as (UnaryName | BinaryName)[]).map(ruleFunction), ...DERIVED].map(
    (entry) => [entry.name, entry] as const,
  ),
);

/** True when `name` is a function of the language. */
export function isFunctionName(name: string): name is FunctionName {
  return LANGUAGE_FUNCTIONS.has(name);
}

/** The language's function called `name` (which `isFunctionName` has vouched for). */
export function languageFunction(name: FunctionName): LanguageFunction {
  return LANGUAGE_FUNCTIONS.get(name)!;
}
