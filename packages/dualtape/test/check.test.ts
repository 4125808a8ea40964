/** `check`: the verdict from numeric's gradcheck, the worst component named, the expression form. */
import {
  add,
  mul,
  ParseError,
  type Scalar,
  type ScalarFunction,
  sin,
  square,
  stopGradient,
  UsageError,
} from '@dualtape/core';
import { ZOO, type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { curved, curvedHessian, HESSIAN_STRATEGIES, zooPoint } from './helpers.js';

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

describe('check never passes what it cannot vouch for', () => {
  it('fails log(x^2) at 0 (f = -Infinity, every mode 0), naming the log that overflowed, with a caret', () => {
    const result = check('log(x^2)', { x: 0 });
    expect(result.verdict).toBe('fail');
    expect(result.problems[0]).toMatch(/^f is -Infinity at the point/);
    expect(result.anomaly).toMatchObject({ anomaly: { operation: 'log', result: Number.NEGATIVE_INFINITY } });
    expect(result.anomaly!.caret).toBe('  log(x^2)\n  ^');
    expect(result.summary).toMatch(/^FAIL .*f is -Infinity.*first non-finite: log\(0\) = -Infinity/);
  });

  it('reports where log1p(exp(x)) at 1000 overflowed (exp), never a confident 0', () => {
    const result = check('log1p(exp(x))', { x: 1000 });
    expect(result.verdict).toBe('fail');
    expect(result.anomaly?.anomaly.operation).toBe('exp');
    expect(result.anomaly?.caret).toBe('  log1p(exp(x))\n        ^');
  });

  it('fails a function that keeps state between calls, even where every row agrees', () => {
    let calls = 0;
    // The derivative is the same at every call; the value drifts.
    const drifting = <T extends Scalar>([x]: readonly T[]): T => add(square(x!), calls++) as T;
    const result = check(drifting, [1]);
    expect(result.candidates.every((candidate) => candidate.verdict === 'pass')).toBe(true);
    expect(result.verdict).toBe('fail');
    expect(result.problems).toEqual([
      expect.stringMatching(/^f returned 1 and then \d+ at the same point: it keeps state between calls/),
    ]);
  });

  it("judges the table's own reference row: a stateful function cannot pass by a lucky re-evaluation", () => {
    let calls = 0;
    // Slope 1 for the first few calls (the AD rows), 0 afterwards (the numeric rows).
    const fading = <T extends Scalar>([x]: readonly T[]): T => mul(x!, ++calls <= 5 ? 1 : 0) as T;
    const result = check(fading, [2]);
    const forwardRow = result.rows.find((row) => row.method === 'forward')!;
    const referenceRow = result.rows.find((row) => row.method === result.reference)!;
    expect(forwardRow.jacobian[0]![0]).toBe(1);
    expect(referenceRow.jacobian[0]![0]).toBe(0);
    expect(result.candidates.find((candidate) => candidate.method === 'forward')!.verdict).toBe('fail');
    expect(result.verdict).toBe('fail');
  });

  it('fails, saying why, when no numeric reference could run', () => {
    let calls = 0;
    // Runs for the AD rows, then throws: every numeric scheme says it could not run.
    const tiring = <T extends Scalar>([x]: readonly T[]): T => {
      if (++calls > 5) throw new Error('out of budget');
      return square(x!);
    };
    const result = check(tiring, [3]);
    expect(result.reference).toBeUndefined();
    for (const row of result.rows.filter((entry) => entry.family === 'numeric')) {
      expect(row.failure, row.label).toBe('could not run: Error: out of budget');
    }
    expect(result.verdict).toBe('fail');
    expect(result.problems).toContainEqual(
      expect.stringMatching(
        /^no numeric reference could evaluate f \(central: could not run: Error: out of budget/,
      ),
    );
    expect(result.summary).toMatch(/^FAIL \(no reference, /);
  });

  it('treats a function returning something other than a number as bad input (UsageError)', () => {
    expect(() => check((() => 'x') as unknown as ScalarFunction, [1])).toThrow(UsageError);
    expect(() => check((() => ({ value: 1 })) as unknown as ScalarFunction, [1])).toThrow(
      /f returned an object .* not a number/,
    );
  });

  it('checks plain JavaScript against the complex step (run through its lifted form)', () => {
    const loss = (x: readonly number[]) => x[0]! * x[1]! + Math.sin(x[2]!);
    const result = check(loss as unknown as ScalarFunction, [1, 2, 3]);
    expect(result.reference).toBe('complex-step');
    expect(result.verdict, result.summary).toBe('pass');
  });

  it('refuses an unknown option, naming it', () => {
    expect(() => check('x', { x: 1 }, { atoll: 1 } as never)).toThrow(/check: unknown option 'atoll'.*atol/);
  });
});

describe('check: vector functions get the dot-product test of JVP against VJP', () => {
  it('passes <u, J v> = <Jᵀ u, v> on a correct function, as a row of the report', () => {
    const result = check('[x*y, atan2(y, x)]', { x: 1, y: 2 });
    expect(result.kind).toBe('jacobian');
    expect(result.dotProduct?.verdict).toBe('pass');
    expect(result.dotProduct!.trials.length).toBeGreaterThan(0);
    expect(result.verdict).toBe('pass');
    expect(check('x^2', { x: 1 }).dotProduct).toBeUndefined();
  });
});

describe("check with kind: 'hessian'", () => {
  const f = curved;
  const hessianOf = curvedHessian;

  it('passes every Hessian strategy and a right hand-written Hessian against the numeric Hessian', () => {
    const result = check(f, [1, 2], {
      kind: 'hessian',
      handWritten: ([x, y]) => hessianOf(x!, y!),
    });
    expect(result.kind).toBe('hessian');
    expect(result.candidates.map((candidate) => candidate.method)).toEqual([
      ...HESSIAN_STRATEGIES,
      'hand-written',
    ]);
    expect(result.verdict, result.summary).toBe('pass');
  });

  it('fails a hand-written Hessian with one wrong entry, and names it by both variables', () => {
    const result = check(
      'x^2 * sin(y)',
      { x: 1, y: 2 },
      {
        kind: 'hessian',
        handWritten: ([x, y]) => {
          const wrong = hessianOf(x!, y!);
          wrong[1]![1] = -wrong[1]![1]!;
          return wrong;
        },
      },
    );
    expect(result.verdict).toBe('fail');
    expect(result.worst).toMatchObject({ method: 'hand-written', row: 1, column: 1, passed: false });
    expect(result.worst!.message).toMatch(/^entry \(1, 1\) \(∂²f\/∂y∂y\): hand-written/);
  });

  it('cannot vouch for the Hessian of a function with stopGradient, and says why', () => {
    const stopped = <T extends Scalar>([x, y]: readonly T[]): T => mul(stopGradient(x!), mul(x!, y!));
    const result = check(stopped, [1, 2], { kind: 'hessian' });
    expect(result.verdict).toBe('fail');
    expect(result.problems[0]).toMatch(
      /^f uses stopGradient, whose derivative is 0 by definition: no numeric Hessian/,
    );
    expect(result.summary).toMatch(/^FAIL \(no reference, /);
  });

  it('fails where the Hessian is not finite, with the first non-finite operation', () => {
    const result = check('log(x^2)', { x: 0 }, { kind: 'hessian' });
    expect(result.verdict).toBe('fail');
    expect(result.anomaly?.anomaly.operation).toBe('log');
  });
});
