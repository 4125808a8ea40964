/**
 * Splits an expression into tokens, one at a time and in linear time, so no input can make the lexer
 * slow. Characters that cannot start a token are reported here, with their position.
 */
import { ParseError } from '@dualtape/core';
import type { OperatorSymbol } from './syntax.js';

/** What a token is. Operators carry their symbol in `operator` (`**` arrives as `^`). */
export type TokenKind = 'number' | 'identifier' | 'operator' | '(' | ')' | '[' | ']' | ',' | 'end';

/** One token: its kind, its text as written and where it starts. */
export interface Token {
  readonly kind: TokenKind;
  /** The characters as written (`**` stays `**`, so messages quote what the user typed). */
  readonly text: string;
  readonly position: number;
  /** The value of a number token. */
  readonly value?: number;
  /** The symbol of an operator token. */
  readonly operator?: OperatorSymbol;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '(': '(',
  ')': ')',
  '[': '[',
  ']': ']',
  ',': ',',
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdentifierStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isIdentifierPart = (c: string | undefined): boolean => isIdentifierStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Reads tokens on demand, so a parser that gives up early (too deep, a wrong token) never scans the
 * rest of a huge input. After the last token it returns `end` tokens forever.
 */
export class Lexer {
  private offset = 0;

  constructor(private readonly source: string) {}

  /** The next token. Throws a `ParseError` on a character that cannot start a token. */
  next(): Token {
    const source = this.source;
    let i = this.offset;
    while (i < source.length && isSpace(source[i]!)) i++;
    if (i >= source.length) {
      this.offset = i;
      return { kind: 'end', text: 'end of input', position: source.length };
    }
    const c = source[i]!;
    let token: Token;
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      token = readNumber(source, i);
    } else if (isIdentifierStart(c)) {
      let end = i + 1;
      while (isIdentifierPart(source[end])) end++;
      token = { kind: 'identifier', text: source.slice(i, end), position: i };
    } else if (c === '*' && source[i + 1] === '*') {
      token = { kind: 'operator', text: '**', position: i, operator: '^' };
    } else if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^') {
      token = { kind: 'operator', text: c, position: i, operator: c };
    } else if (Object.hasOwn(PUNCTUATION, c)) {
      token = { kind: PUNCTUATION[c]!, text: c, position: i };
    } else {
      throw new ParseError(describeStrayCharacter(source, i), source, i);
    }
    this.offset = i + token.text.length;
    return token;
  }
}

/** All tokens of `source`, ending with one `end` token. Throws a `ParseError` on a stray character. */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

/** Reads `12`, `2.5`, `.5`, `1.`, `1e-3`; an `e` not followed by an exponent is left for the next token. */
function readNumber(source: string, start: number): Token {
  let i = start;
  while (isDigit(source[i])) i++;
  if (source[i] === '.') {
    i++;
    while (isDigit(source[i])) i++;
  }
  if (source[i] === 'e' || source[i] === 'E') {
    const sign = source[i + 1] === '+' || source[i + 1] === '-' ? 1 : 0;
    if (isDigit(source[i + 1 + sign])) {
      i += 1 + sign;
      while (isDigit(source[i])) i++;
    }
  }
  const text = source.slice(start, i);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new ParseError(`number '${text}' is too large (it overflows to Infinity)`, source, start);
  }
  return { kind: 'number', text, position: start, value };
}

function describeStrayCharacter(source: string, i: number): string {
  const codePoint = source.codePointAt(i)!;
  const character = String.fromCodePoint(codePoint);
  if (character === '.') return "unexpected character '.' (a number needs a digit, as in 0.5 or .5)";
  const printable = codePoint >= 0x20 && codePoint !== 0x7f;
  const shown = printable ? `'${character}'` : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return `unexpected character ${shown}`;
}
