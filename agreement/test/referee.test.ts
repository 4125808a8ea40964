import * as numeric from '@dualtape/numeric';
import { describe, expect, it } from 'vitest';
import { buildProgram, watchKinks } from '../src/index.js';

// y0 = abs(x0)
const absolute = buildProgram({
  inputCount: 1,
  steps: [{ kind: 'operation', operation: 'abs', refs: [0, 0], constant: null }],
  outputs: [0],
});

describe('watchKinks', () => {
  it('notices a stencil that steps across a kink', () => {
    // Richardson's first step is 0.1 (relative, at least absolute 0.1): from 0.05 it crosses 0.
    const near = watchKinks(absolute, [0.05]);
    numeric.gradient(near.scalar(0), [0.05], { scheme: 'richardson' });
    expect(near.crossed()).toBe(true);
    const far = watchKinks(absolute, [1]);
    const gradient = numeric.gradient(far.scalar(0), [1], { scheme: 'richardson' });
    expect(far.crossed()).toBe(false);
    expect(far.evaluations()).toBeGreaterThan(2);
    expect(gradient[0]).toBeCloseTo(1, 10);
  });

  it('watches the primal parts of complex-step evaluations', () => {
    // First derivatives: the real parts stay at the point, so nothing is crossed even next to the kink.
    const firstOrder = watchKinks(absolute, [0.05]);
    const gradient = numeric.gradient(firstOrder.scalar(0), [0.05], { scheme: 'complex-step' });
    expect(firstOrder.evaluations()).toBeGreaterThan(0);
    expect(firstOrder.crossed()).toBe(false);
    expect(gradient[0]).toBe(1);
    // The complex-step Hessian also steps the real parts: from 1e-6 that crosses the kink at 0.
    const secondOrder = watchKinks(absolute, [1e-6]);
    numeric.hessian(secondOrder.scalar(0), [1e-6], { scheme: 'complex-step' });
    expect(secondOrder.crossed()).toBe(true);
  });
});
