/** `pointForVariables`: a named point in the order of an expression's variables, with named complaints. */
import { UsageError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { parse, pointForVariables } from '../src/index.js';

describe('pointForVariables', () => {
  it("orders the values by the expression's variables", () => {
    const { variables } = parse('y * x + x');
    const point = new Map([
      ['y', 3],
      ['x', 4],
    ]);
    expect(Array.from(pointForVariables(point, variables))).toEqual(variables.map((name) => point.get(name)));
  });

  it('names a missing variable and an extra one, under the name of where the point came from', () => {
    expect(() => pointForVariables(new Map([['x', 1]]), ['x', 'y'], 'at')).toThrow(
      "at is missing a value for variable 'y' (it uses x, y)",
    );
    expect(() => pointForVariables(new Map([['z', 1]]), [], 'at')).toThrow(
      "at gives 'z', which is not a variable of the expression (it has no variables)",
    );
    expect(() => pointForVariables(new Map(), ['x'])).toThrow(UsageError);
  });
});
