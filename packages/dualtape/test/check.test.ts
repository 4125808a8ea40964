/** `check`: the verdict from numeric's gradcheck, the worst component named, the expression form. */
import { add, mul, ParseError, sin, square, UsageError } from '@dualtape/core';
import { ZOO, type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { zooPoint } from './helpers.js';

describe('check', () => {
  it('passes every zoo function at sampled points', () => {
    for (const entry of ZOO) {
      for (const size of new Set([entry.minSize, Math.max(entry.minSize, Math.min(entry.defaultSize, 8))])) {
        const instance = entry.instantiate(size);
        const x = zooPoint((random) => instance.sample(random), size);
        const result = check(instance.f, x);
        expect(result.verdict, `${entry.name} size ${size}: ${result.summary}`).toBe('pass');
      }
    }
  });

  it("passes the zoo's analytic gradients as hand-written candidates", () => {
    for (const entry of ZOO.filter((candidate) => candidate.kind === 'scalar')) {
      const instance = entry.instantiate(
        Math.max(entry.minSize, Math.min(entry.defaultSize, 8)),
      ) as ZooScalarInstance;
      const analytic = instance.analyticGradient;
      if (analytic === undefined) continue;
      const x = zooPoint((random) => instance.sample(random), 21);
      const result = check(instance.f, x, {
        handWritten: (point) => {
          const gradient = new Float64Array(point.length);
          analytic(Float64Array.from(point), gradient);
          return gradient;
        },
      });
      expect(result.verdict, `${entry.name}: ${result.summary}`).toBe('pass');
      expect(result.candidates.map((candidate) => candidate.method)).toContain('hand-written');
    }
  });

  it('fails a hand-written gradient off by 1e-4 relative in one component, and names it', () => {
    const rosenbrock = zooEntry('rosenbrock').instantiate(5) as ZooScalarInstance;
    const x = zooPoint((random) => rosenbrock.sample(random), 8);
    const result = check(rosenbrock.f, x, {
      handWritten: (point) => {
        const gradient = new Float64Array(point.length);
        rosenbrock.analyticGradient!(Float64Array.from(point), gradient);
        gradient[3]! *= 1 + 1e-4;
        return gradient;
      },
    });
    expect(result.verdict).toBe('fail');
    expect(
      result.candidates.filter((candidate) => candidate.verdict === 'fail').map((c) => c.method),
    ).toEqual(['hand-written']);
    expect(result.worst).toMatchObject({
      method: 'hand-written',
      column: 3,
      variable: 'x[3]',
      passed: false,
    });
    expect(result.worst!.message).toMatch(/^component 3 \(x\[3\]\): hand-written /);
    expect(result.summary).toMatch(/^FAIL \(hand-written; complex-step reference/);
  });

  it('checks an expression at a name -> value record, naming components by variable', () => {
    const result = check('x*sin(y) + y^2', { x: 2, y: 0.5 });
    expect(result.verdict).toBe('pass');
    expect(result.variables).toEqual(['x', 'y']);
    expect(Array.from(result.rows[0]!.jacobian[0]!)).toEqual(
      Array.from([Math.sin(0.5), 2 * Math.cos(0.5) + 2 * 0.5]),
    );
    expect(() => check('x*y', { x: 1 })).toThrow(/at is missing a value for variable 'y'/);
    expect(() => check('x', { x: 1, z: 2 })).toThrow(UsageError);
    expect(() => check('sin(x', { x: 1 })).toThrow(ParseError);
  });

  it('uses the given tolerances: a huge atol passes what the default fails', () => {
    const wrong = (point: number[]) => [2 * point[0]! + 1e-3];
    const strict = check(([x]) => square(x!), [1], { handWritten: wrong });
    expect(strict.verdict).toBe('fail');
    const lenient = check(([x]) => square(x!), [1], { handWritten: wrong, atol: 1e-2 });
    expect(lenient.verdict).toBe('pass');
    expect(lenient.atol).toBe(1e-2);
  });

  it('fails, and says so, where the function is not finite', () => {
    // The modes say 0, but a NaN function cannot be refereed: the check fails rather than pass unverified.
    const result = check(([x]) => add(mul(x!, 0), Math.log(-1)), [1]);
    expect(result.verdict).toBe('fail');
    expect(result.worst).toMatchObject({ nonFinite: true, passed: false });
    expect(result.worst!.message).toContain('cannot be verified');
    const singular = check('sqrt(x)', { x: -1 });
    expect(singular.verdict).toBe('fail');
    expect(singular.worst?.passed).toBe(false);
    expect(check(([x]) => sin(x!), [1]).verdict).toBe('pass');
  });
});
