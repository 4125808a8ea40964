import { expectClose } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { analytic, EXACT_TOLERANCE, scalarInstance } from './helpers.js';

const at = (name: string, x: number, size?: number) => scalarInstance(name, size).f([x]);

describe('the DiffTests R -> R set, at hand-computed points', () => {
  it('tan-squared: tan²(π/4) = 1, derivative 2 tan·sec² = 4', () => {
    expectClose(at('tan-squared', Math.PI / 4), 1, EXACT_TOLERANCE);
    expectClose(analytic(scalarInstance('tan-squared'), [Math.PI / 4]).gradient[0]!, 4, EXACT_TOLERANCE);
    expect(at('tan-squared', 0)).toBe(0);
  });

  it('sqrt-cubic: 2·4 + sqrt(64) = 16, derivative 2 + 1.5·sqrt(4) = 5', () => {
    expect(at('sqrt-cubic', 4)).toBe(16);
    expect(analytic(scalarInstance('sqrt-cubic'), [4]).gradient).toEqual([5]);
  });

  it('exp-power: 1 at 0; 10.31 - 0.5 at 0.5; derivative 2 ln(10.31) - 1 at 0', () => {
    expect(at('exp-power', 0)).toBe(1);
    expectClose(at('exp-power', 0.5), 10.31 - 0.5, EXACT_TOLERANCE);
    expectClose(
      analytic(scalarInstance('exp-power'), [0]).gradient[0]!,
      2 * Math.log(10.31) - 1,
      EXACT_TOLERANCE,
    );
  });

  it('constant-one returns the plain number 1 whatever the input', () => {
    expect(at('constant-one', 123.5)).toBe(1);
    expect(analytic(scalarInstance('constant-one'), [7])).toEqual({ value: 1, gradient: [0] });
  });

  it('logistic: 1/2 at 0 with slope 1/4', () => {
    expect(at('logistic', 0)).toBe(0.5);
    expect(analytic(scalarInstance('logistic'), [0]).gradient).toEqual([0.25]);
  });

  it('ignore the size: one input at every size', () => {
    for (const name of ['tan-squared', 'sqrt-cubic', 'exp-power', 'constant-one', 'logistic']) {
      expect(scalarInstance(name, 5).inputSize, name).toBe(1);
      expect(at(name, 0.3, 5)).toBe(at(name, 0.3, 1));
    }
  });
});

describe('sin-chain', () => {
  it('nests size sines', () => {
    expect(at('sin-chain', 0.8, 1)).toBe(Math.sin(0.8));
    expect(at('sin-chain', 0.8, 3)).toBe(Math.sin(Math.sin(Math.sin(0.8))));
  });

  it('has the chain-rule derivative cos(x)·cos(sin x) at depth 2', () => {
    const x = 0.8;
    expectClose(
      analytic(scalarInstance('sin-chain', 2), [x]).gradient[0]!,
      Math.cos(x) * Math.cos(Math.sin(x)),
      EXACT_TOLERANCE,
    );
  });
});
