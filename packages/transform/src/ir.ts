/**
 * The transform's intermediate representation: a small structured language that the lowering (lower.ts)
 * produces from the JavaScript syntax tree and every code generator reads. Statements are three-address
 * (one operation each, on variables and constants), control flow stays structured (if, loops with
 * break/continue, labelled blocks, return), and every statement keeps the source position it came from, so
 * generated code can point at the original line.
 *
 * Variables have one static type each (number, boolean, array of numbers, or passive `data`: the extra
 * parameters and what is read from them). Rule-table operations are named by the rule (`mul`, `sin`); the
 * code generators read their values and partials from core's table.
 */
import type { Comparison, RuleName } from '@dualtape/core';
import type { SourcePosition } from './errors.js';

/** The static type of a variable or operand. */
export type ValueType = 'number' | 'boolean' | 'array' | 'data';

/** What a variable is for. */
export type VariableRole =
  /** The first parameter: the input vector x. */
  | 'input'
  /** A further parameter: constant data passed through unchanged. */
  | 'data'
  /** A value bound from `scope` (an array or other data): passive. */
  | 'bound'
  /** A parameter of a helper function. */
  | 'parameter'
  /** A variable of the source. */
  | 'local'
  /** A temporary of the lowering (one per intermediate result). */
  | 'temporary';

/** A variable of one function. */
export interface Variable {
  /** Unique within its function. */
  readonly id: number;
  /** Its name in generated code: the source name where possible (`x`, `total`, `total_2` when shadowed). */
  readonly name: string;
  /** Its name in the source, or undefined for a temporary. */
  readonly sourceName: string | undefined;
  /** Fixed by the first assignment the lowering sees. */
  type: ValueType;
  readonly role: VariableRole;
}

/** An operand of an expression: a variable or a constant. */
export type Operand =
  | { readonly kind: 'variable'; readonly variable: Variable }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean };

/** Operations without a derivative rule, allowed on passive values only (loop counters, data). */
export type PassiveOperator =
  | 'mod'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'trunc'
  | 'sign'
  | 'fround'
  | 'isNaN'
  | 'isFinite'
  | 'isInteger';

/** The right-hand side of an assignment: one operation. */
export type Expression =
  /** A rule of the table applied to operands (as many as the rule takes). */
  | { readonly kind: 'operation'; readonly rule: RuleName; readonly operands: readonly Operand[] }
  | { readonly kind: 'copy'; readonly operand: Operand }
  /** A comparison of primal values: a boolean. */
  | {
      readonly kind: 'compare';
      readonly comparison: Comparison;
      readonly left: Operand;
      readonly right: Operand;
    }
  /** `!operand` of a boolean. */
  | { readonly kind: 'not'; readonly operand: Operand }
  /** JavaScript's truthiness of a number (false for 0, -0 and NaN): a boolean. */
  | { readonly kind: 'truthy'; readonly operand: Operand }
  /** `array[index]` of an array or data value. */
  | { readonly kind: 'load'; readonly array: Variable; readonly index: Operand }
  /** `array.length`. */
  | { readonly kind: 'length'; readonly array: Variable }
  /** An operation without a rule on passive operands (`i % 2`, `Math.floor(k / 2)`, `Number.isNaN(d)`). */
  | { readonly kind: 'passive'; readonly operator: PassiveOperator; readonly operands: readonly Operand[] }
  /** The value with a zero derivative (`primal(v)`, `stopGradient(v)`). */
  | { readonly kind: 'stop'; readonly operand: Operand }
  /** A call of another function of the program. */
  | { readonly kind: 'call'; readonly callee: string; readonly operands: readonly Operand[] }
  /**
   * A new array of `length` copies of `fill`: `new Float64Array(n)` (storage `'float64'`, fixed length) or
   * `new Array(n).fill(v)` (storage `'plain'`, can grow with push).
   */
  | {
      readonly kind: 'newArray';
      readonly length: Operand;
      readonly fill: Operand;
      readonly storage: 'float64' | 'plain';
    }
  /** An array literal. */
  | { readonly kind: 'arrayOf'; readonly elements: readonly Operand[] };

/** Where a statement came from. */
export interface Origin {
  readonly position: SourcePosition;
  /** The source statement's first line, for comments in generated code. */
  readonly text: string;
  /** The whole source text `position` refers to (for error excerpts). */
  readonly source: string;
  /** The function it is in (its source name). */
  readonly functionName: string;
}

/** A piece of a thrown error's message: text, or a value printed into it. */
export type MessagePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly operand: Operand };

/** A statement of the IR. */
export type Statement =
  | {
      readonly kind: 'assign';
      readonly target: Variable;
      readonly expression: Expression;
      readonly origin: Origin;
    }
  /** `array[index] = value`. */
  | {
      readonly kind: 'store';
      readonly array: Variable;
      readonly index: Operand;
      readonly value: Operand;
      readonly origin: Origin;
    }
  /** `array.push(value)`. */
  | { readonly kind: 'push'; readonly array: Variable; readonly value: Operand; readonly origin: Origin }
  | {
      readonly kind: 'if';
      readonly test: Operand;
      readonly whenTrue: readonly Statement[];
      readonly whenFalse: readonly Statement[];
      readonly origin: Origin;
    }
  /**
   * `while (true) { body; update }`: `continue label` goes to `update`, `break label` leaves. Loop tests
   * are lowered into the body (or, for do-while, the update) as `if (!test) break`.
   */
  | {
      readonly kind: 'loop';
      readonly label: string;
      readonly body: readonly Statement[];
      readonly update: readonly Statement[];
      readonly origin: Origin;
    }
  /** A labelled block: `break label` leaves it (what an inlined `return` becomes). */
  | {
      readonly kind: 'block';
      readonly label: string;
      readonly body: readonly Statement[];
      readonly origin: Origin;
    }
  | { readonly kind: 'break'; readonly label: string; readonly origin: Origin }
  | { readonly kind: 'continue'; readonly label: string; readonly origin: Origin }
  | { readonly kind: 'return'; readonly value: Operand | undefined; readonly origin: Origin }
  /** `throw new ErrorClass(message, ...)`: what validation code in the source does. */
  | {
      readonly kind: 'throw';
      /** A name `errorClassNamed` knows (dualtape's error classes, `Error`, `RangeError`, `TypeError`). */
      readonly errorClass: string;
      /** Each constructor argument, as text and values joined. */
      readonly arguments: readonly (readonly MessagePart[])[];
      readonly origin: Origin;
    };

/** A function of the program. */
export interface FunctionIR {
  /** Unique within the program; the callee name of `call` expressions. */
  readonly id: string;
  /** The source name (or `'f'` for an anonymous entry). */
  readonly name: string;
  readonly parameters: readonly Variable[];
  readonly body: readonly Statement[];
  /** Every variable of the function, parameters included. */
  readonly variables: readonly Variable[];
  /** What it returns; undefined when it never returns a value. */
  readonly returns: ValueType | undefined;
  /** Where it is defined. */
  readonly origin: Origin;
}

/** A value from `scope` that generated code reads (bound into it, not written into its text). */
export interface BoundValue {
  readonly name: string;
  readonly value: unknown;
}

/** A program: the entry function and the helpers it calls. */
export interface ProgramIR {
  readonly entry: string;
  readonly functions: ReadonlyMap<string, FunctionIR>;
  /** The values of `bound` variables, by variable name. */
  readonly bound: readonly BoundValue[];
  /** The source text positions refer to. */
  readonly source: string;
}

/** The variable of an operand, or undefined for a constant. */
export function variableOf(operand: Operand): Variable | undefined {
  return operand.kind === 'variable' ? operand.variable : undefined;
}

/** The operands an expression reads (array variables of loads, lengths and calls included). */
export function expressionOperands(expression: Expression): Operand[] {
  switch (expression.kind) {
    case 'operation':
    case 'passive':
    case 'call':
      return [...expression.operands];
    case 'copy':
    case 'not':
    case 'truthy':
    case 'stop':
      return [expression.operand];
    case 'compare':
      return [expression.left, expression.right];
    case 'load':
      return [{ kind: 'variable', variable: expression.array }, expression.index];
    case 'length':
      return [{ kind: 'variable', variable: expression.array }];
    case 'newArray':
      return [expression.length, expression.fill];
    case 'arrayOf':
      return [...expression.elements];
  }
}

/** The operands a statement reads itself (not those of the statements it contains). */
export function statementOperands(statement: Statement): Operand[] {
  switch (statement.kind) {
    case 'assign':
      return expressionOperands(statement.expression);
    case 'store':
      return [{ kind: 'variable', variable: statement.array }, statement.index, statement.value];
    case 'push':
      return [{ kind: 'variable', variable: statement.array }, statement.value];
    case 'if':
      return [statement.test];
    case 'return':
      return statement.value === undefined ? [] : [statement.value];
    case 'throw':
      return statement.arguments.flatMap((parts) =>
        parts.flatMap((part) => (part.kind === 'value' ? [part.operand] : [])),
      );
    default:
      return [];
  }
}

/** Calls `visit` on every statement, depth first, in program order. */
export function forEachStatement(
  statements: readonly Statement[],
  visit: (statement: Statement) => void,
): void {
  for (const statement of statements) {
    visit(statement);
    switch (statement.kind) {
      case 'if':
        forEachStatement(statement.whenTrue, visit);
        forEachStatement(statement.whenFalse, visit);
        break;
      case 'loop':
        forEachStatement(statement.body, visit);
        forEachStatement(statement.update, visit);
        break;
      case 'block':
        forEachStatement(statement.body, visit);
        break;
      default:
        break;
    }
  }
}

/** The expression with each operand and array variable passed through the given maps. */
export function mapExpression(
  e: Expression,
  operand: (o: Operand) => Operand,
  array: (v: Variable) => Variable,
): Expression {
  switch (e.kind) {
    case 'operation':
    case 'passive':
    case 'call':
      return { ...e, operands: e.operands.map(operand) };
    case 'copy':
    case 'not':
    case 'truthy':
    case 'stop':
      return { ...e, operand: operand(e.operand) };
    case 'compare':
      return { ...e, left: operand(e.left), right: operand(e.right) };
    case 'load':
      return { ...e, array: array(e.array), index: operand(e.index) };
    case 'length':
      return { ...e, array: array(e.array) };
    case 'newArray':
      return { ...e, length: operand(e.length), fill: operand(e.fill) };
    case 'arrayOf':
      return { ...e, elements: e.elements.map(operand) };
  }
}
