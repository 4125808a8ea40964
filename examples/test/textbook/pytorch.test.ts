import { describe, expect, it } from 'vitest';
import { pytorchSection } from '../../src/index.js';
import { capture } from '../helpers.js';

describe('the PyTorch section', () => {
  it('gives the values PyTorch gives', () => {
    const { result, text } = capture(pytorchSection);
    expect(result.squares).toEqual({ z: 25, xGrad: '8', yGrad: 'null' });
    expect(result.dotValue).toBe(28);
    expect(result.dotGrad).toBe('[0, 4, 8, 12]');
    expect(result.sumAfterZero).toBe('[1, 1, 1, 1]');
    expect(result.sumWithoutZero).toBe('[1, 5, 9, 13]');
    expect(result.nonScalarError).toContain('grad can be implicitly created only for scalar outputs');
    expect(result.withGradient).toBe('[0, 2, 4, 6]');
    expect(result.withSum).toBe('[0, 2, 4, 6]');
    expect(result.detached).toEqual({ grad: '[0, 1, 4, 9]', u: '[0, 1, 4, 9]' });
    expect(text).toContain('x.grad = 8 (= 2x), y.grad = null');
    expect(text).toContain('x.grad = [0, 4, 8, 12] (= 4x)');
    expect(text).toContain('x.grad = [1, 1, 1, 1]');
  });
});
