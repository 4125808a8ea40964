/**
 * `computationalGraph`: shared subexpressions merged into one node, and every node's value, forward
 * tangent and reverse adjoint — checked against hand-computed numbers and against the modes' gradients.
 */
import { UsageError } from '@dualtape/core';
import { parse } from '@dualtape/expression';
import * as forward from '@dualtape/forward';
import { describe, expect, it } from 'vitest';
import { computationalGraph, gradient } from '../src/index.js';
import { expectAllClose, expectClose, TOLERANCES } from './helpers.js';

describe('computationalGraph', () => {
  it('merges x*y used twice into one node (a DAG) and annotates the textbook numbers', () => {
    const graph = computationalGraph('x*y + sin(x*y)', [2, 3]);
    expect(graph.nodes.map((node) => node.label)).toEqual(['x', 'y', '×', 'sin', '+']);
    expect(graph.nodes.map((node) => node.inputs)).toEqual([[], [], [0, 1], [2], [2, 3]]);
    expect(graph.output).toBe(4);
    expect(graph.wrt).toBe('x');
    const [x, y, product, sine, total] = graph.nodes;
    // Values.
    expect([x!.value, y!.value, product!.value, sine!.value]).toEqual([2, 3, 6, Math.sin(6)]);
    expect(total!.value).toBe(6 + Math.sin(6));
    // Forward tangents for x: ẋ = 1, ẏ = 0, (xy)˙ = y = 3, (sin xy)˙ = 3 cos 6, ḟ = 3 + 3 cos 6.
    expect([x!.tangent, y!.tangent, product!.tangent]).toEqual([1, 0, 3]);
    expectClose(sine!.tangent, 3 * Math.cos(6), TOLERANCES.exact, 'sin tangent');
    expectClose(total!.tangent, 3 + 3 * Math.cos(6), TOLERANCES.exact, 'output tangent');
    // Reverse adjoints: f̄ = 1, (sin)‾ = 1, (xy)‾ = 1 + cos 6 (two uses), x̄ = y·(1 + cos 6), ȳ = x·(1 + cos 6).
    expect([total!.adjoint, sine!.adjoint]).toEqual([1, 1]);
    expectClose(product!.adjoint, 1 + Math.cos(6), TOLERANCES.exact, 'product adjoint');
    expectClose(x!.adjoint, 3 * (1 + Math.cos(6)), TOLERANCES.exact, 'x adjoint');
    expectClose(y!.adjoint, 2 * (1 + Math.cos(6)), TOLERANCES.exact, 'y adjoint');
  });

  it("gives the variables' adjoints = the gradient and the output's tangent = the derivative along wrt", () => {
    const source = 'exp(-a*b) * log(1 + a^2) / (b + cos(a*b))';
    const point = [0.7, 1.3];
    const parsed = parse(source);
    const expectedGradient = gradient(parsed.scalar, point, { mode: 'reverse' });
    for (const [index, wrt] of ['a', 'b'].entries()) {
      const graph = computationalGraph(parsed, point, { wrt });
      const adjoints = graph.variables.map(
        (name) => graph.nodes.find((node) => node.label === name)!.adjoint,
      );
      expectAllClose(adjoints, expectedGradient, TOLERANCES.exact, 'variable adjoints');
      const direction = [0, 0];
      direction[index] = 1;
      const expectedTangent = forward.jvp(parsed.vector, point, direction).tangent[0]!;
      expectClose(
        graph.nodes[graph.output]!.tangent,
        expectedTangent,
        TOLERANCES.exact,
        `output tangent along ${wrt}`,
      );
      expect(graph.nodes[graph.output]!.adjoint).toBe(1);
    }
  });

  it('keeps different subexpressions apart and constants as nodes', () => {
    const graph = computationalGraph('x*2 + 2*x', [1]);
    expect(graph.nodes.filter((node) => node.label === '×')).toHaveLength(2);
    expect(graph.nodes.filter((node) => node.kind === 'constant')).toHaveLength(1);
    expect(graph.nodes.find((node) => node.kind === 'constant')!.adjoint).toBe(2); // ∂f/∂2 = 2x
  });

  it('refuses vectors, expressions without variables, an unknown wrt, and a wrong point', () => {
    expect(() => computationalGraph('[x, y]', [1, 2])).toThrow(UsageError);
    expect(() => computationalGraph('2 + 3', [])).toThrow(/no variables/);
    expect(() => computationalGraph('x*y', [1, 2], { wrt: 'z' })).toThrow(/'z' is not a variable/);
    expect(() => computationalGraph('x*y', [1])).toThrow(/2 variables/);
    // A misspelt option used to be ignored (the tangents shown were along the first variable).
    expect(() => computationalGraph('x*y', [1, 2], { wrtt: 'y' } as never)).toThrow(
      /graph: unknown option 'wrtt' \(did you mean 'wrt'\?\)/,
    );
  });
});
