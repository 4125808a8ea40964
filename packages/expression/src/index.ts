/**
 * @dualtape/expression — the expression language of the CLI and of `check(expression, at)`: a parser for
 * `x^2 + sin(x*y)` and `[e1, e2]` whose errors carry the position, its syntax tree, a formatter that
 * writes a tree back (re-parsing to the same tree), the compiled write-once function of an expression
 * (core's free functions, so it runs in every mode), and the ordering of a named point by the expression's
 * variables. Built on @dualtape/core; no mode imports it.
 */
export { formatExpression } from './format.js';
export {
  type DerivedName,
  type FunctionName,
  isFunctionName,
  LANGUAGE_FUNCTIONS,
  type LanguageFunction,
} from './functions.js';
export { anomalyCaret, locateAnomaly } from './locate.js';
export { parse, suggestFunction } from './parse.js';
export { pointForVariables } from './point.js';
export { languageReference } from './reference.js';
export {
  type CallNode,
  CONSTANTS,
  type ExpressionNode,
  type FlatChain,
  flatChain,
  INFIX_OPERATORS,
  MAX_EXPRESSION_DEPTH,
  type OperatorSymbol,
  type ParsedExpression,
  PREFIX_PRECEDENCE,
} from './syntax.js';
