import {
  add,
  log,
  mul,
  type Scalar,
  type ScalarFunction,
  ShapeError,
  sin,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { type ZooScalarInstance, type ZooVectorInstance, zooEntry } from '@dualtape/zoo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRADCHECK_TOLERANCES, SCHEMES, type Scheme } from '../src/defaults.js';
import { formatGradcheckReport, gradcheck } from '../src/gradcheck.js';
import { GRADCHECK_BUG, naturalScale, seededRandom, zooInstances } from './helpers.js';

// Every scalar zoo function with an analytic gradient, at sizes that keep 1,000 Richardson checks fast.
// One-dimensional Ackley is left out: it is |x|-shaped at 0, inside its sampled range, and no numeric
// reference can judge a derivative at a kink (gradcheck says so with a huge numeric error; tested below).
const CHECKED = zooInstances().filter(
  (instance): instance is ZooScalarInstance =>
    instance.kind === 'scalar' &&
    instance.analyticGradient !== undefined &&
    instance.inputSize <= 8 &&
    !(instance.name === 'ackley' && instance.inputSize === 1),
);

function analyticGradient(instance: ZooScalarInstance, x: Float64Array): Float64Array {
  const gradient = new Float64Array(x.length);
  instance.analyticGradient!(x, gradient);
  return gradient;
}

describe('gradcheck: catches a wrong gradient, never a right one', () => {
  it('1,000 random points: the analytic gradient passes; one component off by 1e-4 relative fails', () => {
    let checks = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...CHECKED),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.nat(),
        (instance, seed, which) => {
          const x = instance.sample(seededRandom(seed));
          const gradient = analyticGradient(instance, x);
          const correct = gradcheck(instance.f, x, gradient);
          if (correct.verdict !== 'pass') expect.fail(`false alarm:\n${formatGradcheckReport(correct)}`);
          // The bug: one component off by 1e-4 relative to the derivative's natural scale (the gradient's
          // size, or |f|/|x| where the gradient is 0 by cancellation; a component that is itself ~0
          // cannot be "off by 1e-4 relative" in any other measurable way).
          const scale = naturalScale(gradient, instance.plain(x), x);
          if (scale === 0) return;
          const k = which % x.length;
          const wrong = Float64Array.from(gradient);
          wrong[k]! += GRADCHECK_BUG * Math.max(Math.abs(gradient[k]!), scale);
          const report = gradcheck(instance.f, x, wrong);
          if (report.verdict !== 'fail') expect.fail(`missed bug at ${k}:\n${formatGradcheckReport(report)}`);
          expect(report.worst[0]!.column).toBe(k);
          checks++;
        },
      ),
      { numRuns: 1000 },
    );
    expect(checks).toBeGreaterThan(950);
  });

  it('at a kink the reference says it cannot judge: its error bound is honest and too wide for a 1e-4 bug', () => {
    const ackley = zooEntry('ackley').instantiate(1) as ZooScalarInstance;
    const x = Float64Array.of(1e-3);
    const gradient = analyticGradient(ackley, x);
    const report = gradcheck(ackley.f, x, gradient);
    expect(report.verdict).toBe('pass');
    const [element] = report.worst;
    expect(element!.absoluteError).toBeLessThanOrEqual(element!.numericError);
    expect(element!.numericError).toBeGreaterThan(GRADCHECK_BUG * Math.abs(gradient[0]!));
  });

  it('checks a Jacobian given as a function (Brown almost-linear, Jacobian derived by hand)', () => {
    const n = 4;
    const brown = zooEntry('brown').instantiate(n) as ZooVectorInstance;
    const brownJacobian = (x: Float64Array): Float64Array[] =>
      Array.from({ length: n }, (_, j) => {
        const row = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          if (j < n - 1) row[k] = k === j ? 2 : 1;
          else row[k] = x.reduce((product, xi, i) => (i === k ? product : product * xi), 1);
        }
        return row;
      });
    const x = brown.sample(seededRandom(8));
    const report = gradcheck(brown.f, x, brownJacobian);
    expect(report.verdict).toBe('pass');
    expect([report.rows, report.columns, report.checked]).toEqual([n, n, n * n]);
    const typo = (point: Float64Array) => {
      const rows = brownJacobian(point);
      rows[1]![2] = 2; // the diagonal's 2 written one column too far
      return rows;
    };
    const failing = gradcheck(brown.f, x, typo);
    expect(failing.verdict).toBe('fail');
    expect(failing.failed).toBe(1);
    expect([failing.worst[0]!.row, failing.worst[0]!.column]).toEqual([1, 2]);
  });
});

const logSum: ScalarFunction = <T extends Scalar>(x: readonly T[]) => add(log(x[0]!), sin(x[1]!));

describe('gradcheck: reports', () => {
  it('lists the worst elements with every number a reader needs', () => {
    const x = [2, 1];
    const report = gradcheck(logSum, x, [0.5, Math.cos(1) * (1 + 1e-3)], { worst: 2 });
    expect(report.verdict).toBe('fail');
    expect(report.scheme).toBe('richardson');
    expect([report.atol, report.rtol]).toEqual([
      GRADCHECK_TOLERANCES.richardson.atol,
      GRADCHECK_TOLERANCES.richardson.rtol,
    ]);
    const [worst, next] = report.worst;
    expect([worst!.row, worst!.column, worst!.passed]).toEqual([0, 1, false]);
    expect(worst!.absoluteError).toBeCloseTo(Math.cos(1) * 1e-3, 12);
    expect(worst!.relativeError).toBeCloseTo(1e-3, 9);
    expect(worst!.allowed).toBeGreaterThan(worst!.numericError);
    expect(next!.passed).toBe(true);
    const text = formatGradcheckReport(report);
    expect(text).toContain('gradcheck: FAIL — 1 of 2 elements failed');
    expect(text).toContain('(0, 1)');
    expect(text).toContain('FAIL');
    expect(text).toContain('numeric error');
  });

  it('flags non-finite values and fails on them', () => {
    // f is NaN wherever x[0] < 0, so both references are NaN there.
    const outside = gradcheck(logSum, [-1, 1], [Number.NaN, Math.cos(1)]);
    expect(outside.verdict).toBe('fail');
    expect(outside.nonFinite).toBe(2);
    expect(outside.worst[0]!.nonFinite).toBe(true);
    expect(formatGradcheckReport(outside)).toContain('NOT FINITE');
    const candidateNaN = gradcheck(logSum, [2, 1], [Number.NaN, Math.cos(1)]);
    expect([candidateNaN.verdict, candidateNaN.nonFinite]).toEqual(['fail', 1]);
  });

  it('works with every reference scheme; its table row applies', () => {
    const x = [2, 1];
    for (const scheme of SCHEMES) {
      const report = gradcheck(logSum, x, [0.5, Math.cos(1)], { scheme });
      expect(report.verdict, scheme).toBe('pass');
      expect(report.atol).toBe(GRADCHECK_TOLERANCES[scheme].atol);
    }
  });
});

describe('gradcheck: bad input', () => {
  const pair: VectorFunction = <T extends Scalar>([x, y]: readonly T[]) => [mul(x!, y!), x!];
  it('refuses a candidate of the wrong shape', () => {
    expect(() => gradcheck(logSum, [2, 1], [1, 2, 3])).toThrow(ShapeError);
    expect(() => gradcheck(logSum, [2, 1], [1, 2, 3])).toThrow(
      /candidate row 0 has length 3 but x has length 2/,
    );
    expect(() => gradcheck(pair, [2, 1], [1, 2])).toThrow(/one row of length 2 but f has 2 outputs/);
    expect(() => gradcheck(pair, [2, 1], [[1, 2]])).toThrow(/the candidate has 1 rows but f has 2 outputs/);
    expect(() => gradcheck(logSum, [2, 1], ['a', 'b'] as unknown as number[])).toThrow(UsageError);
  });
  it('refuses bad options and bad x', () => {
    expect(() => gradcheck(logSum, [2, 1], [1, 1], { atol: -1 })).toThrow(
      /atol must be a finite number >= 0/,
    );
    expect(() => gradcheck(logSum, [2, 1], [1, 1], { scheme: 'exact' as Scheme })).toThrow(UsageError);
    expect(() => gradcheck(logSum, [], [])).toThrow(ShapeError);
    expect(() => gradcheck(logSum, [Number.NaN, 1], [1, 1])).toThrow(/x\[0\] is NaN/);
  });
});

describe('gradcheck against a reference the caller already has', () => {
  it('judges the given numbers and does not evaluate f', () => {
    let calls = 0;
    const counted = <T extends Scalar>([x, y]: readonly T[]): T => {
      calls++;
      return mul(x!, y!);
    };
    const reference = { value: [Float64Array.of(3, 2)], error: [Float64Array.of(1e-12, 1e-12)] };
    const pass = gradcheck(counted, [2, 3], [3, 2], { scheme: 'complex-step', reference });
    expect(pass.verdict).toBe('pass');
    expect(pass.evaluations).toBe(0);
    expect(calls).toBe(0);
    // A function that changes between calls cannot pass by a lucky second evaluation: the shown
    // reference decides.
    const wrong = gradcheck(counted, [2, 3], [3, 2], {
      reference: { ...reference, value: [Float64Array.of(3, 0)] },
    });
    expect(wrong.verdict).toBe('fail');
    expect(() =>
      gradcheck(counted, [2, 3], [3, 2], { reference: { value: [Float64Array.of(3)], error: [] } }),
    ).toThrow(/the reference must be 1 rows of 2 values/);
  });
});
