/** Forward mode's backend: its cost-model terms (ForwardDiff's chunks; one pass for one direction). */
import { describe, expect, it } from 'vitest';
import { forwardBackend } from '../../src/backends/forward.js';
import { FORWARD_LANE_COST, FORWARD_NESTED_COST_FACTOR, FORWARD_PASS_COST } from '../../src/index.js';

const probe = { operations: 0, tapeBytes: 0 };

describe('forward backend', () => {
  it('needs ceil(N/k) chunked passes for a gradient and holds no tape', () => {
    const estimate = forwardBackend.cost({
      operation: 'gradient',
      inputs: 1000,
      outputs: 1,
      chunkSize: undefined,
      probe,
      probed: false,
    });
    expect(estimate).toMatchObject({
      mode: 'forward',
      steps: 84,
      chunkSize: 12,
      tapeBytes: 0,
      held: undefined,
    });
    expect(estimate.cost).toBe(84 * (FORWARD_PASS_COST + FORWARD_LANE_COST * 12));
    expect(estimate.work).toBe('84 chunked forward passes');
  });

  it('needs one pass of one tangent for J·v, and N·ceil(N/k) nested passes for a Hessian', () => {
    const jvp = forwardBackend.cost({
      operation: 'jvp',
      inputs: 50,
      outputs: 3,
      chunkSize: 7,
      probe,
      probed: false,
    });
    expect(jvp).toMatchObject({ steps: 1, chunkSize: 1, work: 'one forward pass' });
    const hessian = forwardBackend.cost({
      operation: 'hessian',
      inputs: 4,
      outputs: 1,
      chunkSize: 2,
      probe,
      probed: false,
    });
    expect(hessian.steps).toBe(8);
    expect(hessian.cost).toBe(8 * (FORWARD_PASS_COST + FORWARD_LANE_COST * 2) * FORWARD_NESTED_COST_FACTOR);
    expect(hessian.work).toBe('8 forward-over-forward passes');
  });
});
