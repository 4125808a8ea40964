/**
 * The expression language described for its users: what `dualtape help expressions` prints and the
 * README shows. The function list is generated from the language's own table (`LANGUAGE_FUNCTIONS`), so
 * it cannot leave a function out; the grammar and precedence lines state what the parser does (its tests
 * check every example given here).
 */
import { LANGUAGE_FUNCTIONS, type LanguageFunction } from './functions.js';
import { MAX_EXPRESSION_DEPTH } from './syntax.js';

function signature(entry: LanguageFunction): string {
  if (entry.arity === 'one or more') return `${entry.name}(a, b, ...)`;
  return entry.arity === 1 ? `${entry.name}(a)` : `${entry.name}(a, b)`;
}

function functionLines(entries: readonly LanguageFunction[]): string[] {
  const width = Math.max(...entries.map((entry) => signature(entry).length));
  return entries.map((entry) => {
    const synonyms = entry.synonyms.length === 0 ? '' : `  (elsewhere: ${entry.synonyms.join(', ')})`;
    return `  ${signature(entry).padEnd(width)}  ${entry.summary}${synonyms}`;
  });
}

/**
 * The language reference as plain text (lines of at most about 110 characters): grammar, precedence
 * with examples, every function and constant, vectors, and how to quote expressions in a shell.
 */
export function languageReference(): string {
  const entries = [...LANGUAGE_FUNCTIONS.values()];
  const rules = entries.filter((entry) => !entry.derived);
  const derived = entries.filter((entry) => entry.derived);
  return [
    'The expression language (grad, jacobian, hessian, check, graph; --expr-file; --batch "expr")',
    '',
    'Grammar',
    '  numbers     2   2.5   .5   1e-3   6.02E23     (no sign: -2 is negation of 2)',
    '  variables   x  y  x1  alpha  _t  (letters, digits, _; not starting with a digit), given by --at x=1,y=2',
    '  constants   pi = 3.141592653589793, e = 2.718281828459045 (reserved: never variables)',
    '  operators   a + b   a - b   a * b   a / b   a ^ b (or a ** b)   -a   +a   ( ... )',
    '  calls       name(a) or name(a, b): every function below; no implicit multiplication (write 2*x, not 2x)',
    '  vectors     [e1, e2, ...] as the whole expression: a function R^n -> R^m (jacobian, check)',
    '',
    'Precedence, tightest first',
    '  1. ^ (and **), right-associative:   2^3^x  is 2^(3^x)     2^-x is 2^(-x)',
    '  2. prefix - and +:                  -x^2   is -(x^2)      (so -x^2 at x=3 is -9; write (-x)^2 for 9)',
    '  3. * and /, left-associative:       a/b*c  is (a/b)*c',
    '  4. + and -, left-associative:       a-b+c  is (a-b)+c',
    `  Nesting (brackets, calls, powers) may go ${MAX_EXPRESSION_DEPTH} levels deep; a flat chain a + b + c + ... or`,
    '  a * b * c * ... of any length counts as one level (a sum of a million terms is fine).',
    '',
    "Functions (the operations of core's rule table; each differentiates in every mode)",
    ...functionLines(rules),
    '',
    'Derived operations (built from the functions above, so their derivatives come from those rules)',
    ...functionLines(derived),
    '  (elsewhere: ...) are names other systems use for the same function; writing one suggests it.',
    '',
    'Vectors',
    '  "[x*y, x + y, sin(x)]" is a function with 3 outputs: dualtape jacobian gives its 3 x 2 Jacobian.',
    '  A vector only stands for the whole expression: "[x, y] + 1" and "sin([x, y])" are errors.',
    '',
    'Quoting in a shell',
    '  Quote every expression: "x^2 + y^2". Unquoted, * is a file glob, ( ) and ^ are special in some shells.',
    "  Use double quotes in cmd.exe and PowerShell; in bash/zsh single quotes also work: 'x^2 * sin(y)'.",
    '  An expression starting with - reads as an option: write "(-x^2)" or " -x^2", or put it last after',
    '  --: dualtape grad --at x=3 -- "-x^2".',
    '  Long expressions: --expr-file FILE (line breaks are spaces, lines starting with # are comments).',
    '',
    'Examples',
    '  dualtape grad "x^2 + y^2" --at x=4,y=3',
    '  dualtape grad "sigmoid(w*x + b)" --at w=0.5,x=2,b=-1',
    '  dualtape hessian "logsumexp(x, y, 0)" --at x=1,y=2',
    '  dualtape jacobian "[x*y, atan2(y, x)]" --at x=1,y=2',
    '  dualtape check "softplus(x) - log(1 + exp(x))" --at x=3',
    '  dualtape grad --expr-file loss.txt --at x=1,y=2',
    '',
  ].join('\n');
}
