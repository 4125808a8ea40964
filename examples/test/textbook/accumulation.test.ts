import { describe, expect, it } from 'vitest';
import { accumulationSection, WIDTH } from '../../src/index.js';
import { capture } from '../helpers.js';

describe('the accumulation section', () => {
  it('counts N forward passes against one reverse sweep for a gradient, and the reverse for a Jacobian column', () => {
    const { result, text } = capture(accumulationSection);
    expect(result.gradientForwardOneTangent).toMatchObject({ passes: WIDTH, sweeps: 0 });
    expect(result.gradientForwardChunked).toMatchObject({ passes: Math.ceil(WIDTH / 4), sweeps: 0 });
    expect(result.gradientReverse).toMatchObject({ passes: 0, sweeps: 1 });
    expect(result.jacobianForward).toMatchObject({ passes: 1, sweeps: 0 });
    expect(result.jacobianReverse).toMatchObject({ passes: 0, sweeps: WIDTH });
    expect(text).toContain(`forward, one tangent per pass: ${WIDTH} forward passes, 0 reverse sweeps`);
    expect(text).toContain('reverse:                       0 forward passes, 1 reverse sweep,');
    expect(text).toContain(`reverse: 0 forward passes, ${WIDTH} reverse sweeps`);
  });
});
