/**
 * The expression parser: precedence climbing over the shared operator table, with every error saying
 * what was expected and where. Nesting is capped (`MAX_EXPRESSION_DEPTH`) so hostile input ends in a
 * `ParseError`, never in a stack overflow, and every tree it returns is shallow enough to walk recursively.
 */
import {
  closestName,
  ParseError,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { compileExpression } from './compile.js';
import { type FunctionName, isFunctionName, LANGUAGE_FUNCTIONS, languageFunction } from './functions.js';
import {
  CONSTANTS,
  chainPrecedence,
  type ExpressionNode,
  INFIX_OPERATORS,
  MAX_EXPRESSION_DEPTH,
  type OperatorSymbol,
  type ParsedExpression,
  PREFIX_PRECEDENCE,
} from './syntax.js';
import { Lexer, type Token } from './tokens.js';

/** Every name a suggestion may come from (functions and their synonyms), with the function it means. */
const SUGGESTABLE = new Map<string, FunctionName>();
for (const entry of LANGUAGE_FUNCTIONS.values()) {
  SUGGESTABLE.set(entry.name, entry.name);
  for (const synonym of entry.synonyms) SUGGESTABLE.set(synonym, entry.name);
}

/**
 * The function an unknown name most likely means: a synonym other systems use (`ln`, `logistic`,
 * `arctan`), matched ignoring case and underscores, ranks first; else the closest name or synonym by
 * edit distance (a typo: `sni` → `sin`, `sofplus` → `softplus`).
 */
export function suggestFunction(name: string): FunctionName | undefined {
  const plain = (text: string): string => text.toLowerCase().replaceAll('_', '');
  for (const [candidate, meaning] of SUGGESTABLE) if (plain(candidate) === plain(name)) return meaning;
  const closest = closestName(name, [...SUGGESTABLE.keys()]);
  return closest === undefined ? undefined : SUGGESTABLE.get(closest);
}

function isConstantName(name: string): name is 'pi' | 'e' {
  return Object.hasOwn(CONSTANTS, name);
}

/** Token kinds that start an operand: seeing one right after an operand means a missing operator. */
const STARTS_OPERAND = new Set(['number', 'identifier', '(']);

class Parser {
  private readonly lexer: Lexer;
  private current: Token;
  private previous: Token | undefined;
  private depth = 0;
  /** Height of every call/vector node built so far, to cap the tree's height as it grows. */
  private readonly heights = new WeakMap<ExpressionNode, number>();
  readonly variables: string[] = [];
  private readonly variableIndex = new Map<string, number>();

  constructor(private readonly source: string) {
    this.lexer = new Lexer(source);
    this.current = this.lexer.next();
  }

  parseWhole(): ExpressionNode {
    if (this.peek().kind === 'end') this.fail('empty expression', 0);
    const root = this.peek().kind === '[' ? this.parseVector() : this.parseExpression(0);
    const token = this.peek();
    if (token.kind !== 'end') this.failAfterOperand(token, undefined);
    return root;
  }

  private parseVector(): ExpressionNode {
    const open = this.next();
    const elements: ExpressionNode[] = [];
    for (;;) {
      elements.push(this.parseExpression(0));
      const token = this.peek();
      if (token.kind === ',') {
        this.next();
      } else if (token.kind === ']') {
        this.next();
        break;
      } else {
        this.failAfterOperand(token, open);
      }
    }
    return this.node({ kind: 'vector', elements, position: open.position }, elements);
  }

  /** Precedence climbing: parses operators that bind at least as tightly as `minPrecedence`. */
  private parseExpression(minPrecedence: number): ExpressionNode {
    if (++this.depth > MAX_EXPRESSION_DEPTH) this.failTooDeep(this.peek().position);
    let left = this.parsePrefix();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator') break;
      const operator = INFIX_OPERATORS[token.operator!];
      if (operator.precedence < minPrecedence) break;
      this.next();
      const right = this.parseExpression(
        operator.rightAssociative ? operator.precedence : operator.precedence + 1,
      );
      left = this.call(operator.name, [left, right], token.position, token.operator);
    }
    this.depth--;
    return left;
  }

  private parsePrefix(): ExpressionNode {
    const token = this.peek();
    if (token.kind === 'operator' && (token.operator === '-' || token.operator === '+')) {
      this.next();
      const operand = this.parseExpression(PREFIX_PRECEDENCE);
      // Unary plus changes nothing, so it leaves no node (and formats away).
      return token.operator === '-' ? this.call('neg', [operand], token.position, '-') : operand;
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.next();
        return { kind: 'number', value: token.value!, position: token.position, text: token.text };
      case 'identifier':
        this.next();
        return this.peek().kind === '(' ? this.parseCall(token) : this.parseName(token);
      case '(': {
        this.next();
        const inner = this.parseExpression(0);
        const close = this.peek();
        if (close.kind !== ')') this.failAfterOperand(close, token);
        this.next();
        return inner;
      }
      case '[':
        return this.fail(
          'a vector [...] is only allowed as the whole expression, not inside one',
          token.position,
        );
      default:
        return this.failNoOperand(token);
    }
  }

  private parseName(token: Token): ExpressionNode {
    const name = token.text;
    if (isConstantName(name)) {
      return { kind: 'constant', name, value: CONSTANTS[name], position: token.position };
    }
    if (isFunctionName(name)) this.fail(`'${name}' is a function: call it as ${name}(...)`, token.position);
    let index = this.variableIndex.get(name);
    if (index === undefined) {
      index = this.variables.length;
      this.variables.push(name);
      this.variableIndex.set(name, index);
    }
    return { kind: 'variable', name, index, position: token.position };
  }

  private parseCall(nameToken: Token): ExpressionNode {
    const name = nameToken.text;
    if (isConstantName(name)) this.fail(`'${name}' is a constant, not a function`, nameToken.position);
    if (!isFunctionName(name)) {
      const suggestion = suggestFunction(name);
      // With no plausible typo, the likelier mistake is a variable times a group: `x(y + 1)`.
      const hint =
        suggestion === undefined
          ? ` (implicit multiplication is not supported: write ${name}*(...))`
          : ` (did you mean '${suggestion}'?)`;
      this.fail(`unknown function '${name}'${hint}`, nameToken.position);
    }
    const open = this.next();
    const args: ExpressionNode[] = [];
    if (this.peek().kind === ')') {
      this.next();
    } else {
      for (;;) {
        args.push(this.parseExpression(0));
        const token = this.peek();
        if (token.kind === ',') {
          this.next();
        } else if (token.kind === ')') {
          this.next();
          break;
        } else {
          this.failAfterOperand(token, open);
        }
      }
    }
    const { arity } = languageFunction(name);
    if (arity === 'one or more' ? args.length === 0 : args.length !== arity) {
      const noun = arity === 1 ? 'argument' : 'arguments';
      this.fail(`${name} takes ${arity} ${noun}, got ${args.length}`, nameToken.position);
    }
    return this.call(name, args, nameToken.position, undefined);
  }

  private call(
    name: FunctionName,
    args: ExpressionNode[],
    position: number,
    operator: OperatorSymbol | undefined,
  ): ExpressionNode {
    const node: ExpressionNode =
      operator === undefined
        ? { kind: 'call', name, args, position }
        : { kind: 'call', name, args, position, operator };
    return this.node(node, args);
  }

  /**
   * Records the nesting of a node with children, refusing trees too deep to walk recursively. A flat
   * chain's left operand at the same level (`a + b` in `a + b + c`) is the same level, not one deeper:
   * every walker takes a chain in a loop (`flatChain`).
   */
  private node(node: ExpressionNode, children: readonly ExpressionNode[]): ExpressionNode {
    const level = chainPrecedence(node);
    let height = 1;
    children.forEach((child, i) => {
      const sameChain = i === 0 && level !== undefined && chainPrecedence(child) === level;
      height = Math.max(height, (this.heights.get(child) ?? 1) + (sameChain ? 0 : 1));
    });
    if (height > MAX_EXPRESSION_DEPTH) {
      this.fail(
        `expression nested too deeply: more than ${MAX_EXPRESSION_DEPTH} levels of nested calls, powers or brackets (a flat chain like a + b + c + ... of any length is one level)`,
        node.position,
      );
    }
    this.heights.set(node, height);
    return node;
  }

  /** An operand was complete but `token` is neither an operator nor the expected closer of `open`. */
  private failAfterOperand(token: Token, open: Token | undefined): never {
    const previous = this.previous;
    if (STARTS_OPERAND.has(token.kind)) {
      const writtenOut =
        previous !== undefined &&
        (previous.kind === 'number' || previous.kind === 'identifier') &&
        token.kind !== '(';
      const example = writtenOut ? `write ${previous.text}*${token.text}` : "write '*'";
      this.fail(
        `missing operator before '${token.text}' (implicit multiplication is not supported: ${example})`,
        token.position,
      );
    }
    if (open !== undefined) {
      const closer = open.kind === '[' ? ']' : ')';
      const found = token.kind === 'end' ? '' : `, found '${token.text}'`;
      this.fail(
        `expected '${closer}' to close '${open.text}' opened at ${open.position}${found}`,
        token.position,
      );
    }
    const hint = token.kind === ',' ? ' (write [a, b] for a vector-valued expression)' : '';
    this.fail(`unexpected '${token.text}'${hint}`, token.position);
  }

  private failNoOperand(token: Token): never {
    const previous = this.previous;
    const found = token.kind === 'end' ? '' : `, found '${token.text}'`;
    if (previous === undefined) this.fail(`expected an operand${found}`, token.position);
    this.fail(`expected an operand after '${previous.text}'`, token.position);
  }

  private failTooDeep(position: number): never {
    this.fail(
      `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels of brackets or operators; a flat chain like a + b + c + ... of any length is one level)`,
      position,
    );
  }

  private fail(reason: string, position: number): never {
    throw new ParseError(reason, this.source, position);
  }

  private peek(): Token {
    return this.current;
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== 'end') {
      this.previous = token;
      this.current = this.lexer.next();
    }
    return token;
  }
}

/**
 * Parses an expression such as `x^2 + sin(y)` or `[x*y, x + y]`.
 *
 * Grammar: numbers (`2`, `2.5`, `.5`, `1e-3`), variables (`x`, `x1`, `alpha`, `_t`), the constants `pi`
 * and `e`, `+ - * /`, `^` or `**` for powers (right-associative, binding tighter than unary minus:
 * `-x^2` is `-(x^2)`, `2^3^x` is `2^(3^x)`, `2^-x` is `2^(-x)`), parentheses, calls of every operation of the
 * rule table by name (`sin(x)`, `pow(x, 2)`, `atan2(y, x)`, `min(x, y)`, ...) and of the derived
 * operations `sigmoid`, `softplus`, `relu` and `logsumexp(a, b, ...)` (see `LANGUAGE_FUNCTIONS`), and one
 * top-level `[e1, e2, ...]` for a vector-valued expression. Nesting is capped at `MAX_EXPRESSION_DEPTH`;
 * a flat chain `a + b + c + ...` of any length counts as one level.
 *
 * @throws ParseError saying what was expected and where, e.g. `expected ')' to close '(' opened at 3`,
 *   `unknown function 'foo' (did you mean 'cos'?)`, `atan2 takes 2 arguments, got 1`.
 */
export function parse(source: string): ParsedExpression {
  if (typeof source !== 'string') {
    throw new UsageError(`parse: expected the expression as a string, got ${typeof source}`);
  }
  const parser = new Parser(source);
  const root = parser.parseWhole();
  return expressionFrom(source, root, parser.variables);
}

function expressionFrom(
  source: string,
  root: ExpressionNode,
  variables: readonly string[],
): ParsedExpression {
  const compiled = compileExpression(root);
  const isVector = root.kind === 'vector';
  const outputSize = root.kind === 'vector' ? root.elements.length : 1;
  const checkInputs = (x: readonly Scalar[]): void => {
    if (x.length !== variables.length) {
      const names = variables.length === 0 ? 'no variables' : `variables (${variables.join(', ')})`;
      throw new ShapeError(
        'evaluate',
        `'${source}' has ${names}: expected ${variables.length} values, got ${x.length}`,
      );
    }
  };
  const evaluate = <T extends Scalar>(x: readonly T[]): T | readonly T[] => {
    checkInputs(x);
    return compiled(x) as T | readonly T[];
  };
  const scalar = (<T extends Scalar>(x: readonly T[]): T => {
    if (isVector) {
      throw new UsageError(
        `'${source}' is vector-valued (${outputSize} outputs): use it as a vector function (jacobian), not a scalar one`,
      );
    }
    return evaluate(x) as T;
  }) as ScalarFunction;
  const vector = (<T extends Scalar>(x: readonly T[]): readonly T[] => {
    const value = evaluate(x);
    return isVector ? (value as readonly T[]) : [value as T];
  }) as VectorFunction;
  return {
    source,
    variables: Object.freeze([...variables]),
    isVector,
    outputSize,
    root,
    evaluate,
    scalar,
    vector,
  };
}
