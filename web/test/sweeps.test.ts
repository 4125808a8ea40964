/**
 * Both accumulations as the page steps them: on the textbook's example the numbers are the ones worked by
 * hand (Baydin et al. 2018, tables 2 and 3); on every scalar zoo function each step agrees with the
 * library's node and the sums give the zoo's analytic gradient where it has one.
 */
import { seededRandom } from '@dualtape/core';
import { expectAllClose, expectClose, TOLERANCES } from '@dualtape/testing';
import { ZOO } from '@dualtape/zoo';
import { computationalGraph, parse } from 'dualtape';
import { describe, expect, it } from 'vitest';
import { graphEdges, graphSweeps } from '../src/sweeps.js';
import { inputName, zooExpression } from '../src/trace.js';

function sweepsOf(text: string, point: readonly number[]) {
  const parsed = parse(text);
  const graph = computationalGraph(parsed, point);
  return { parsed, graph, sweeps: graphSweeps(graph, (wrt) => computationalGraph(parsed, point, { wrt })) };
}

describe('graphSweeps', () => {
  it('works the textbook example by hand: f = ln x1 + x1·x2 − sin x2 at (2, 5)', () => {
    const { graph, sweeps } = sweepsOf('log(x1) + x1*x2 - sin(x2)', [2, 5]);
    expect(graph.nodes.map((node) => node.label)).toEqual(['x1', 'log', 'x2', '×', '+', 'sin', '−']);
    // Forward along x1: v̇ of ln x1 is 1/2, of x1·x2 is 5, the output 5.5.
    const forward = sweepsOf('log(x1) + x1*x2 - sin(x2)', [2, 5]).sweeps.forward('x1');
    expect(forward.map((step) => step.tangent)).toEqual([1, 0.5, 0, 5, 5.5, 0, 5.5]);
    // Reverse: x̄1 = 1/2 + 5, x̄2 = 2 − cos 5.
    expectClose(sweeps.reverseGradient[0]!, 5.5, TOLERANCES.exact, 'x̄1');
    expectClose(sweeps.reverseGradient[1]!, 2 - Math.cos(5), TOLERANCES.exact, 'x̄2');
    // The edge into sin carries cos(v2), as the rule table writes it.
    const sinEdge = graphEdges(graph).find((edge) => edge.to === 5)!;
    expect(sinEdge.formula).toBe('cos(v2)');
    expect(sinEdge.partial).toBe(Math.cos(5));
  });

  it('gives x * x two edges from x, whose products add up', () => {
    const { sweeps } = sweepsOf('x * x', [3]);
    expect(sweeps.edges.map((edge) => [edge.from, edge.to, edge.argument, edge.partial])).toEqual([
      [0, 1, 0, 3],
      [0, 1, 1, 3],
    ]);
    expect(sweeps.forward('x').at(-1)!.tangent).toBe(6);
    expect(sweeps.reverseGradient[0]).toBe(6);
  });

  it('names a direction that is not an input', () => {
    const { sweeps } = sweepsOf('x + y', [1, 2]);
    expect(() => sweeps.forward('z')).toThrow("forward: 'z' is not an input (the inputs are x, y)");
  });

  for (const entry of ZOO.filter(
    (candidate) => candidate.kind === 'scalar' && candidate.name !== 'constant-one',
  )) {
    it(`agrees with the library at every step, and with the analytic gradient: ${entry.name}`, () => {
      const instance = entry.instantiate(Math.max(entry.minSize, 3));
      if (instance.kind !== 'scalar') throw new Error('scalar expected');
      const x = instance.sample(seededRandom(7));
      const parsed = parse(zooExpression(instance, x));
      const point = parsed.variables.map((name) => x[Number(name.slice(1)) - 1]!);
      const graph = computationalGraph(parsed, point);
      expectClose(graph.nodes[graph.output]!.value, instance.plain(x), TOLERANCES.exact, 'value');
      const sweeps = graphSweeps(graph, (wrt) => computationalGraph(parsed, point, { wrt }));
      expect(sweeps.reverse.filter((step) => !step.agrees)).toEqual([]);
      const forwardGradient = parsed.variables.map((name) => {
        const steps = sweeps.forward(name);
        expect(steps.filter((step) => !step.agrees)).toEqual([]);
        return steps[graph.output]!.tangent;
      });
      expectAllClose(forwardGradient, sweeps.reverseGradient, TOLERANCES.exact);
      if (instance.analyticGradient !== undefined) {
        const analytic = new Float64Array(x.length);
        instance.analyticGradient(x, analytic);
        const byVariable = parsed.variables.map((name) => analytic[Number(name.slice(1)) - 1]!);
        expectAllClose(sweeps.reverseGradient, byVariable, TOLERANCES.exact);
      }
    });
  }
});

describe('zooExpression', () => {
  it('names the inputs x1 … xN and writes what f computes', () => {
    expect(inputName(0)).toBe('x1');
    const rosenbrock = ZOO.find((entry) => entry.name === 'rosenbrock')!.instantiate(2);
    if (rosenbrock.kind !== 'scalar') throw new Error('scalar expected');
    const text = zooExpression(rosenbrock, Float64Array.of(0.5, 2));
    const parsed = parse(text);
    expect(parsed.variables).toEqual(['x2', 'x1']);
    // 100 (x2 − x1²)² + (1 − x1)² at (0.5, 2)
    expect(parsed.scalar([2, 0.5])).toBe(100 * (2 - 0.25) ** 2 + 0.25);
  });

  it('says so when f does not depend on its inputs', () => {
    const constant = ZOO.find((entry) => entry.name === 'constant-one')!.instantiate(1);
    if (constant.kind !== 'scalar') throw new Error('scalar expected');
    expect(() => zooExpression(constant, Float64Array.of(0.3))).toThrow(
      'constant-one does not depend on its inputs at this point (it returned 1)',
    );
  });
});
