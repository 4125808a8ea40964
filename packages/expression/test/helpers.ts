/**
 * What the expression language's tests share: run counts (named once, here), the traced \`Real\` test
 * double, and views of syntax trees that tests compare.
 */
import type { ExpressionNode } from '../src/index.js';

export { TracedNumber, traced } from '@dualtape/testing';

/** fast-check runs for cheap properties (parsing, formatting). */
export const PROPERTY_RUNS = 300;
/** fast-check runs for properties that build long strings. */
export const HEAVY_PROPERTY_RUNS = 60;

/** A syntax tree as nested lists, ignoring how it was written: `-x^2` is `(neg (pow x 2))`. */
export function toSExpression(node: ExpressionNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'variable':
    case 'constant':
      return node.name;
    case 'call':
      return `(${node.name} ${node.args.map(toSExpression).join(' ')})`;
    case 'vector':
      return `[${node.elements.map(toSExpression).join(' ')}]`;
  }
}

/** The structure of a tree (kinds, names, values, operators), without positions and number texts. */
export function structureOf(node: ExpressionNode): unknown {
  switch (node.kind) {
    case 'number':
      return { kind: 'number', value: node.value };
    case 'variable':
      return { kind: 'variable', name: node.name };
    case 'constant':
      return { kind: 'constant', name: node.name, value: node.value };
    case 'call':
      return {
        kind: 'call',
        name: node.name,
        operator: node.operator ?? null,
        args: node.args.map(structureOf),
      };
    case 'vector':
      return { kind: 'vector', elements: node.elements.map(structureOf) };
  }
}
