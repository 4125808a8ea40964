/**
 * Writes a syntax tree back as text with the fewest parentheses that keep its structure: parsing the
 * result gives the same tree. Used for messages, reports and the CLI's echo of what it understood.
 */
import { type BinaryName, UsageError } from '@dualtape/core';
import {
  ATOM_PRECEDENCE,
  chainPrecedence,
  type ExpressionNode,
  flatChain,
  INFIX_OPERATORS,
  INFIX_SYMBOL_OF,
  PREFIX_PRECEDENCE,
} from './syntax.js';

const UNSIGNED_NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The expression as text, with minimal parentheses: for every tree `parse` builds,
 * `parse(formatExpression(node))` has the same structure as `node`. Operators are written as operators
 * (`^` for powers), calls written as calls stay calls, numbers keep the digits they were written with.
 * A hand-built number node with a negative value is written as `-2`, which parses back as `neg(2)`.
 *
 * @throws UsageError for a number node that text cannot express (NaN or ±Infinity).
 */
export function formatExpression(node: ExpressionNode): string {
  switch (node.kind) {
    case 'number':
      return formatNumber(node.value, node.text);
    case 'variable':
    case 'constant':
      return node.name;
    case 'vector':
      return `[${node.elements.map(formatExpression).join(', ')}]`;
    case 'call': {
      const level = chainPrecedence(node);
      if (level !== undefined) {
        // A flat chain in a loop: its left operands at the same level need no parentheses.
        const { first, links } = flatChain(node);
        let text = formatOperand(first, level);
        for (const { call, right } of links) text += ` ${call.operator} ${formatOperand(right, level + 1)}`;
        return text;
      }
      const symbol = node.operator === undefined ? undefined : infixSymbol(node.name);
      if (node.name === 'neg' && node.operator !== undefined && node.args.length === 1) {
        return `-${formatOperand(node.args[0]!, PREFIX_PRECEDENCE)}`;
      }
      if (symbol !== undefined && node.args.length === 2) {
        const { precedence, rightAssociative } = INFIX_OPERATORS[symbol];
        const [left, right] = node.args as [ExpressionNode, ExpressionNode];
        // The side the operator does not associate to needs parentheses at equal precedence.
        const leftText = formatOperand(left, rightAssociative ? precedence + 1 : precedence);
        // An exponent is read as a prefix operand (so `2^-x` needs none); other right operands are read
        // one level tighter than their operator.
        const rightText = formatOperand(right, rightAssociative ? PREFIX_PRECEDENCE : precedence + 1);
        return symbol === '^' ? `${leftText}^${rightText}` : `${leftText} ${symbol} ${rightText}`;
      }
      return `${node.name}(${node.args.map(formatExpression).join(', ')})`;
    }
  }
}

/** The text of `node`, parenthesised unless it binds at least as tightly as `minPrecedence`. */
function formatOperand(node: ExpressionNode, minPrecedence: number): string {
  const text = formatExpression(node);
  return precedenceOf(node) >= minPrecedence ? text : `(${text})`;
}

function precedenceOf(node: ExpressionNode): number {
  if (node.kind === 'number' && (node.value < 0 || Object.is(node.value, -0))) return PREFIX_PRECEDENCE;
  if (node.kind !== 'call' || node.operator === undefined) return ATOM_PRECEDENCE;
  if (node.name === 'neg' && node.args.length === 1) return PREFIX_PRECEDENCE;
  const symbol = infixSymbol(node.name);
  return symbol !== undefined && node.args.length === 2
    ? INFIX_OPERATORS[symbol].precedence
    : ATOM_PRECEDENCE;
}

function infixSymbol(name: string) {
  return Object.hasOwn(INFIX_SYMBOL_OF, name) ? INFIX_SYMBOL_OF[name as BinaryName] : undefined;
}

function formatNumber(value: number, text: string): string {
  if (!Number.isFinite(value)) {
    throw new UsageError(`formatExpression: the number ${value} cannot be written in an expression`);
  }
  if (UNSIGNED_NUMBER.test(text) && Number(text) === value) return text;
  // Hand-built nodes may carry any value; a negative one is written as a negated literal.
  const magnitude = String(Math.abs(value));
  return value < 0 || Object.is(value, -0) ? `-${magnitude}` : magnitude;
}
