import { describe, expect, it } from 'vitest';
import { STENCILS, type StencilScheme } from '../src/stencils.js';

describe('STENCILS', () => {
  for (const [name, stencil] of Object.entries(STENCILS) as [
    StencilScheme,
    (typeof STENCILS)[StencilScheme],
  ][]) {
    it(`${name}: moments Σ w·o^k are 0, 1, 0, ... up to its order and not beyond (order ${stencil.order})`, () => {
      const moment = (k: number) =>
        stencil.weights.reduce((total, w, i) => total + w * stencil.offsets[i]! ** k, 0);
      // A first-derivative stencil of order p differentiates polynomials of degree p exactly: moment 1 is 1
      // and moments 0, 2, ..., p are 0 (Taylor expansion of Σ w f(x + o h) / h).
      for (let k = 0; k <= stencil.order; k++) {
        expect(Math.abs(moment(k) - (k === 1 ? 1 : 0)), `moment ${k}`).toBeLessThan(1e-14);
      }
      expect(Math.abs(moment(stencil.order + 1)), `moment ${stencil.order + 1}`).toBeGreaterThan(1e-3);
      expect(stencil.weights).toHaveLength(stencil.offsets.length);
    });
  }
});
