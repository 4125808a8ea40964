import { expectAllClose } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { chainRuleSection } from '../../src/index.js';
import { capture, EXACT } from '../helpers.js';

describe('the chain-rule section', () => {
  it('prints the pieces of ∇‖Xw − y‖² and the same gradient from both modes', () => {
    // Hand-computed: r = Xw − y = [-1, 0.5, 2], 2r = [-2, 1, 4], Xᵀ 2r = [21, 24], z = 5.25.
    const { result, text } = capture(chainRuleSection);
    expectAllClose(result, [21, 24], EXACT, 'Xᵀ 2r');
    expect(text).toContain('r = Xw − y                 = [-1, 0.5, 2]');
    expect(text).toContain('z = rᵀr                    = 5.25');
    expect(text).toContain('∂z/∂r = 2r                 = [-2, 1, 4]');
    expect(text).toContain('forward mode gradient      = [21, 24]');
    expect(text).toContain('reverse mode gradient      = [21, 24]');
  });
});
