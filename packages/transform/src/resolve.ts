/**
 * What a name outside the function means. Resolution order: the surrounding module's own declarations,
 * then the caller's `scope` (by value: a number is a constant, an array is passive data, a function is
 * transformed from its own text unless it is one of dualtape's), then JavaScript's globals (`Math`,
 * `Number`, ...), then dualtape's functions by name (`add`, `sin`, `lt`, `primal`, `logSumExp`, ...), so
 * functions written in dualtape's dialect transform like plain JavaScript. Anything else is a
 * `TransformError` naming the identifier.
 */
import {
  DomainError,
  DualtapeError,
  dot,
  eq,
  FUNCTIONS,
  ge,
  gt,
  le,
  logSumExp,
  lt,
  mean,
  ne,
  PerturbationError,
  primal,
  type RuleName,
  relu,
  ShapeError,
  sigmoid,
  sum,
  UsageError,
} from '@dualtape/core';

/** A function of dualtape that the transform knows. */
export type KnownFunction =
  /** A rule of the table (`add`, `sin`). */
  | { readonly kind: 'rule'; readonly rule: RuleName }
  /** A comparison on primal values (`lt`). */
  | { readonly kind: 'compare'; readonly comparison: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' }
  /** The value without its derivative (`primal`). */
  | { readonly kind: 'stop'; readonly name: string }
  /** An operation built from the rules in core (derived.ts): transformed from its own text. */
  | {
      readonly kind: 'derived';
      readonly name: string;
      readonly implementation: (...args: never[]) => unknown;
    };

const COMPARISONS = { lt, le, gt, ge, eq, ne } as const;
const DERIVED = { sum, dot, mean, logSumExp, sigmoid, relu } as const;

/** dualtape's functions by name. */
const BY_NAME = new Map<string, KnownFunction>();
/** dualtape's functions by identity (for values passed in `scope`). */
const BY_VALUE = new Map<unknown, KnownFunction>();

for (const [name, fn] of Object.entries(FUNCTIONS)) {
  const known: KnownFunction = { kind: 'rule', rule: name as RuleName };
  BY_NAME.set(name, known);
  BY_VALUE.set(fn, known);
}
for (const [name, fn] of Object.entries(COMPARISONS)) {
  const known: KnownFunction = { kind: 'compare', comparison: name as keyof typeof COMPARISONS };
  BY_NAME.set(name, known);
  BY_VALUE.set(fn, known);
}
{
  const known: KnownFunction = { kind: 'stop', name: 'primal' };
  BY_NAME.set('primal', known);
  BY_VALUE.set(primal, known);
}
for (const [name, fn] of Object.entries(DERIVED)) {
  const known: KnownFunction = { kind: 'derived', name, implementation: fn };
  BY_NAME.set(name, known);
  BY_VALUE.set(fn, known);
}

/** dualtape's error classes a transformed `throw new ...(...)` may construct, and JavaScript's. */
const ERROR_CLASSES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['Error', Error],
  ['RangeError', RangeError],
  ['TypeError', TypeError],
  ['DualtapeError', DualtapeError],
  ['UsageError', UsageError],
  ['ShapeError', ShapeError],
  ['DomainError', DomainError],
  ['PerturbationError', PerturbationError],
]);

/** The dualtape function of this name, if any. */
export function knownFunctionNamed(name: string): KnownFunction | undefined {
  return BY_NAME.get(name);
}

/** The dualtape function this value is, if any. */
export function knownFunctionOf(value: unknown): KnownFunction | undefined {
  return BY_VALUE.get(value);
}

/** The error class of this name a `throw` may construct, if any. */
export function errorClassNamed(name: string): unknown {
  return ERROR_CLASSES.get(name);
}

/** True for a name of dualtape's error classes or JavaScript's. */
export function isErrorClassName(name: string): boolean {
  return ERROR_CLASSES.has(name);
}

/** The error class name of a value, if it is one a `throw` may construct. */
export function errorClassNameOf(value: unknown): string | undefined {
  for (const [name, candidate] of ERROR_CLASSES) if (candidate === value) return name;
  return undefined;
}

/**
 * Module namespaces as bundlers and test runners rewrite imports (`import { add } from '@dualtape/core'`
 * becomes `__vite_ssr_import_0__.add` under Vite and Vitest): their members are read by name as dualtape's.
 */
export function isRewrittenImportNamespace(name: string): boolean {
  return /^__vite_ssr_import_\d+__$/.test(name) || /^__vite_ssr_dynamic_import_\d+__$/.test(name);
}

/** Module specifiers whose exports are dualtape's functions. */
export function isDualtapeModule(specifier: string): boolean {
  return specifier === 'dualtape' || specifier.startsWith('@dualtape/');
}

/** Math's constants. */
export const MATH_CONSTANTS: ReadonlyMap<string, number> = new Map(
  ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'].map((name) => [name, Math[name as 'PI']]),
);

/** Number's constants. */
export const NUMBER_CONSTANTS: ReadonlyMap<string, number> = new Map(
  [
    'EPSILON',
    'MAX_SAFE_INTEGER',
    'MIN_SAFE_INTEGER',
    'MAX_VALUE',
    'MIN_VALUE',
    'NaN',
    'NEGATIVE_INFINITY',
    'POSITIVE_INFINITY',
  ].map((name) => [name, Number[name as 'EPSILON']]),
);

/** Math's one-argument functions that are rules of the table, by their Math name. */
export const MATH_RULES: ReadonlyMap<string, RuleName> = new Map(
  (
    [
      'abs',
      'acos',
      'acosh',
      'asin',
      'asinh',
      'atan',
      'atanh',
      'cbrt',
      'cos',
      'cosh',
      'exp',
      'expm1',
      'log',
      'log10',
      'log1p',
      'log2',
      'sin',
      'sinh',
      'sqrt',
      'tan',
      'tanh',
      'pow',
      'atan2',
    ] as const
  ).map((name) => [name, name]),
);

/** Math's piecewise-constant functions: no rule (derivative 0 almost everywhere), passive operands only. */
export const MATH_PASSIVE: ReadonlySet<string> = new Set([
  'floor',
  'ceil',
  'round',
  'trunc',
  'sign',
  'fround',
]);
