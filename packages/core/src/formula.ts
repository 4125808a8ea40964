/**
 * Derivative formulas as data. The rule table states each partial derivative once, as a `Formula`: a small
 * expression over the operation's arguments and its result, built from constants, other rules of the table
 * and `select` (a choice made on primal values, for the awkward points: abs at 0, pow at 0, hypot at the
 * origin, ties of min/max, the NaN guard). Three readers use the same data:
 * - `compileFormula` turns it into a generic function (free functions, comparisons on `primal`), which is what
 *   dual numbers, tape variables and nested derivatives call;
 * - `evaluateFormula` walks it (the same function when the environment forbids generated code);
 * - `formulaSource` writes it as JavaScript for plain numbers, which is how source transformation puts a
 *   rule's derivative into generated code without writing it again.
 * A branch is data (`select`), never a JavaScript `?:` inside a partial, so a code generator sees both sides
 * of it (tracing one evaluation would bake in one branch).
 */

/** A comparison on primal values, as recorded by types that must replay control flow. */
export type Comparison = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/** An expression for a partial derivative, over the operation's arguments and result. */
export type Formula =
  | {
      /** The operation's argument `index` (0: x, or a; 1: b). */
      readonly kind: 'argument';
      readonly index: number;
    }
  | {
      /** The operation's result y (exp' = y). */
      readonly kind: 'result';
    }
  | { readonly kind: 'constant'; readonly value: number }
  | {
      /** Another operation of the rule table applied to formulas. */
      readonly kind: 'apply';
      readonly operation: string;
      readonly operands: readonly Formula[];
    }
  | {
      /** `whenTrue` where `test` holds on primal values, `whenFalse` where it does not. */
      readonly kind: 'select';
      readonly test: Condition;
      readonly whenTrue: Formula;
      readonly whenFalse: Formula;
    };

/** A test on primal values inside a formula. */
export type Condition =
  | {
      readonly kind: 'compare';
      readonly comparison: Comparison;
      readonly left: Formula;
      readonly right: Formula;
    }
  | { readonly kind: 'isNaN'; readonly operand: Formula }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition };

/** A formula, or a number standing for a constant formula. */
export type FormulaLike = Formula | number;

/** The constant formula of a number, or the formula itself. */
export function formula(value: FormulaLike): Formula {
  return typeof value === 'number' ? { kind: 'constant', value } : value;
}

/** Argument `index` of the operation (0 is x or a, 1 is b). */
export function argument(index: number): Formula {
  return { kind: 'argument', index };
}

/** The operation's result. */
export const RESULT: Formula = { kind: 'result' };

/** `operation(...operands)` for an operation of the rule table. */
export function apply(operation: string, ...operands: readonly FormulaLike[]): Formula {
  return { kind: 'apply', operation, operands: operands.map(formula) };
}

/** `whenTrue` where `test` holds on primal values, else `whenFalse`. */
export function select(test: Condition, whenTrue: FormulaLike, whenFalse: FormulaLike): Formula {
  return { kind: 'select', test, whenTrue: formula(whenTrue), whenFalse: formula(whenFalse) };
}

function comparing(comparison: Comparison) {
  return (left: FormulaLike, right: FormulaLike): Condition => ({
    kind: 'compare',
    comparison,
    left: formula(left),
    right: formula(right),
  });
}

/** Conditions on primal values, for `select`. */
export const conditions = {
  lt: comparing('lt'),
  le: comparing('le'),
  gt: comparing('gt'),
  ge: comparing('ge'),
  eq: comparing('eq'),
  ne: comparing('ne'),
  isNaN: (operand: FormulaLike): Condition => ({ kind: 'isNaN', operand: formula(operand) }),
  and: (left: Condition, right: Condition): Condition => ({ kind: 'and', left, right }),
  or: (left: Condition, right: Condition): Condition => ({ kind: 'or', left, right }),
} as const;

/**
 * Builders of `apply` formulas by operation name, for writing the rule table: `symbolic.cos(x)` is
 * `apply('cos', x)`. Names are checked against the table once it is complete (`checkFormula`).
 */
export const symbolic: Readonly<Record<string, (...operands: readonly FormulaLike[]) => Formula>> = new Proxy(
  {},
  {
    get: (_target, name) =>
      typeof name === 'string'
        ? (...operands: readonly FormulaLike[]) => apply(name, ...operands)
        : undefined,
  },
);

/** Which of the operation's values a formula reads: its arguments by index, and its result. */
export interface FormulaReads {
  readonly arguments: ReadonlySet<number>;
  readonly result: boolean;
}

/** The arguments and result a formula reads (what a code generator must keep for it). */
export function formulaReads(f: Formula): FormulaReads {
  const args = new Set<number>();
  let result = false;
  const visit = (node: Formula): void => {
    switch (node.kind) {
      case 'argument':
        args.add(node.index);
        return;
      case 'result':
        result = true;
        return;
      case 'constant':
        return;
      case 'apply':
        for (const operand of node.operands) visit(operand);
        return;
      case 'select':
        visitCondition(node.test);
        visit(node.whenTrue);
        visit(node.whenFalse);
        return;
    }
  };
  const visitCondition = (condition: Condition): void => {
    switch (condition.kind) {
      case 'compare':
        visit(condition.left);
        visit(condition.right);
        return;
      case 'isNaN':
        visit(condition.operand);
        return;
      case 'and':
      case 'or':
        visitCondition(condition.left);
        visitCondition(condition.right);
        return;
    }
  };
  visit(f);
  return { arguments: args, result };
}

/**
 * Checks that every operation a formula applies exists with the right number of operands and that its
 * arguments are within the rule's arity; throws an Error naming the rule otherwise (a bug in the table).
 */
export function checkFormula(
  f: Formula,
  ruleName: string,
  arity: number,
  arityOf: (operation: string) => number | undefined,
): void {
  const fail = (message: string): never => {
    throw new Error(`rule table: the partial of '${ruleName}' ${message}`);
  };
  const visit = (node: Formula): void => {
    if (node.kind === 'argument' && (node.index < 0 || node.index >= arity)) {
      fail(`reads argument ${node.index}, but '${ruleName}' takes ${arity}`);
    }
    if (node.kind === 'apply') {
      const expected = arityOf(node.operation);
      if (expected === undefined) fail(`applies '${node.operation}', which is not in the table`);
      if (expected !== node.operands.length) {
        fail(`applies '${node.operation}' to ${node.operands.length} operands (it takes ${expected})`);
      }
      for (const operand of node.operands) visit(operand);
    }
    if (node.kind === 'select') {
      visitCondition(node.test);
      visit(node.whenTrue);
      visit(node.whenFalse);
    }
  };
  const visitCondition = (condition: Condition): void => {
    if (condition.kind === 'compare') {
      visit(condition.left);
      visit(condition.right);
    } else if (condition.kind === 'isNaN') {
      visit(condition.operand);
    } else {
      visitCondition(condition.left);
      visitCondition(condition.right);
    }
  };
  visit(f);
}

// ---------------------------------------------------------------------------------------------------
// Writing formulas as JavaScript.

/**
 * A JavaScript literal that evaluates to exactly `value`: `String` round-trips every finite double; -0, NaN
 * and the infinities need spelling out, and negative numbers are parenthesized so `a - -2` stays valid.
 */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return '(0/0)';
  if (value === Number.POSITIVE_INFINITY) return '(1/0)';
  if (value === Number.NEGATIVE_INFINITY) return '(-1/0)';
  if (Object.is(value, -0)) return '(-0)';
  return value < 0 ? `(${value})` : String(value);
}

/** The JavaScript operators of comparisons. */
export const COMPARISON_OPERATORS: Readonly<Record<Comparison, string>> = {
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  eq: '===',
  ne: '!==',
};

/** How `formulaSource` spells the pieces of a formula. */
export interface FormulaSpelling {
  /** Code of the operation's argument `index` (an identifier or a literal: it may be read twice). */
  argument(index: number): string;
  /** Code of the operation's result (an identifier or a literal). */
  result(): string;
  /** Code applying `operation` to operand codes (already parenthesized where needed). */
  apply(operation: string, operands: readonly string[]): string;
  /** Code of a primal value for a comparison (the code itself for plain numbers). */
  primal(code: string): string;
}

/**
 * Writes a formula as one JavaScript expression, fully parenthesized. The spelling decides what an
 * application and a primal value look like: free functions and `primal(...)` for generic code, operators
 * and the rules' value functions for code on plain numbers.
 */
export function formulaSource(f: Formula, spelling: FormulaSpelling): string {
  const write = (node: Formula): string => {
    switch (node.kind) {
      case 'argument':
        return spelling.argument(node.index);
      case 'result':
        return spelling.result();
      case 'constant':
        return numberLiteral(node.value);
      case 'apply':
        return spelling.apply(node.operation, node.operands.map(write));
      case 'select':
        return `(${writeCondition(node.test)} ? ${write(node.whenTrue)} : ${write(node.whenFalse)})`;
    }
  };
  const writeCondition = (condition: Condition): string => {
    switch (condition.kind) {
      case 'compare':
        return `(${primalOf(condition.left)} ${COMPARISON_OPERATORS[condition.comparison]} ${primalOf(condition.right)})`;
      case 'isNaN':
        return `Number.isNaN(${primalOf(condition.operand)})`;
      case 'and':
        return `(${writeCondition(condition.left)} && ${writeCondition(condition.right)})`;
      case 'or':
        return `(${writeCondition(condition.left)} || ${writeCondition(condition.right)})`;
    }
  };
  // A constant is its own primal value.
  const primalOf = (node: Formula): string =>
    node.kind === 'constant' ? numberLiteral(node.value) : spelling.primal(write(node));
  return write(f);
}

// ---------------------------------------------------------------------------------------------------
// Evaluating formulas on any number type.

/** What evaluating a formula on generic numbers needs: the free functions and the primal of a value. */
export interface FormulaRuntime<T> {
  /** Applies an operation of the rule table (a free function) to values. */
  apply(operation: string, operands: readonly T[]): T;
  /** The plain value underneath a value, for conditions. */
  primal(value: T): number;
}

/** Evaluates a formula on generic values: the interpreter `compileFormula` falls back to. */
export function evaluateFormula<T>(
  f: Formula,
  args: readonly T[],
  result: T,
  runtime: FormulaRuntime<T>,
): T | number {
  switch (f.kind) {
    case 'argument':
      return args[f.index]!;
    case 'result':
      return result;
    case 'constant':
      return f.value;
    case 'apply':
      return runtime.apply(
        f.operation,
        f.operands.map((operand) => evaluateFormula(operand, args, result, runtime) as T),
      );
    case 'select':
      return evaluateFormula(
        testHolds(f.test, args, result, runtime) ? f.whenTrue : f.whenFalse,
        args,
        result,
        runtime,
      );
  }
}

function testHolds<T>(
  condition: Condition,
  args: readonly T[],
  result: T,
  runtime: FormulaRuntime<T>,
): boolean {
  const primalOf = (node: Formula): number => {
    const value = evaluateFormula(node, args, result, runtime);
    return typeof value === 'number' ? value : runtime.primal(value);
  };
  switch (condition.kind) {
    case 'compare': {
      const left = primalOf(condition.left);
      const right = primalOf(condition.right);
      switch (condition.comparison) {
        case 'lt':
          return left < right;
        case 'le':
          return left <= right;
        case 'gt':
          return left > right;
        case 'ge':
          return left >= right;
        case 'eq':
          return left === right;
        case 'ne':
          return left !== right;
      }
      return false;
    }
    case 'isNaN':
      return Number.isNaN(primalOf(condition.operand));
    case 'and':
      return (
        testHolds(condition.left, args, result, runtime) && testHolds(condition.right, args, result, runtime)
      );
    case 'or':
      return (
        testHolds(condition.left, args, result, runtime) || testHolds(condition.right, args, result, runtime)
      );
  }
}

/** Identifier-safe name of an operation in generated code. */
function bindingName(operation: string): string {
  return `$${operation.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The operations a formula applies, each once. */
export function operationsApplied(f: Formula): string[] {
  const found = new Set<string>();
  const visit = (node: Formula): void => {
    if (node.kind === 'apply') {
      found.add(node.operation);
      node.operands.forEach(visit);
    } else if (node.kind === 'select') {
      visitCondition(node.test);
      visit(node.whenTrue);
      visit(node.whenFalse);
    }
  };
  const visitCondition = (condition: Condition): void => {
    if (condition.kind === 'compare') {
      visit(condition.left);
      visit(condition.right);
    } else if (condition.kind === 'isNaN') {
      visit(condition.operand);
    } else {
      visitCondition(condition.left);
      visitCondition(condition.right);
    }
  };
  visit(f);
  return [...found];
}

/**
 * Turns a formula into a function of the operation's arguments and result, generic over the number type:
 * applications call the given free functions, conditions read `primal`. The function is generated
 * JavaScript (each partial its own small function, so the JIT treats it like hand-written code); where the
 * environment forbids generating code (a Content Security Policy without 'unsafe-eval'), the same formula is
 * interpreted by `evaluateFormula` instead.
 *
 * @param name Used for the generated function's name, for stack traces and profiles.
 * @param generate False to interpret the formula without trying to generate code (what a restrictive
 *   Content Security Policy leads to; tests use it to compare both paths). @default true
 */
export function compileFormula<T>(
  f: Formula,
  arity: number,
  name: string,
  runtime: FormulaRuntime<T> & { readonly functions: Readonly<Record<string, (...operands: T[]) => T>> },
  generate = true,
): (...values: T[]) => T {
  const interpreted = (...values: T[]): T =>
    evaluateFormula(f, values.slice(0, arity), values[arity] as T, runtime) as T;
  if (!generate) return interpreted;
  const parameters = arity === 1 ? ['x', 'y'] : ['a', 'b', 'y'];
  const operations = operationsApplied(f);
  const body = formulaSource(f, {
    argument: (index) => parameters[index]!,
    result: () => 'y',
    apply: (operation, operands) => `${bindingName(operation)}(${operands.join(', ')})`,
    primal: (code) => `$primal(${code})`,
  });
  const functionName = name.replace(/[^A-Za-z0-9_]/g, '_');
  try {
    const factory = new Function(
      '$primal',
      ...operations.map(bindingName),
      `"use strict"; return function ${functionName}(${parameters.join(', ')}) { return ${body}; };`,
    ) as (...bound: unknown[]) => (...values: T[]) => T;
    return factory(runtime.primal, ...operations.map((operation) => runtime.functions[operation]));
  } catch {
    return interpreted;
  }
}
