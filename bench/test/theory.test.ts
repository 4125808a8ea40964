import { describe, expect, it } from 'vitest';
import { fitPowerLaw } from '../src/engine/fit.js';
import { judgeExponent, LINEAR_GROWTH, predictedExponent, predictionBound } from '../src/theory.js';

describe('predictedExponent', () => {
  it('gives the textbook exponents for an O(N) function against N', () => {
    expect(predictedExponent('forward', 'time')).toBe(2);
    expect(predictedExponent('forward-chunked', 'time')).toBe(2);
    expect(predictedExponent('reverse', 'time')).toBe(1);
    expect(predictedExponent('reverse-replay', 'time')).toBe(1);
    expect(predictedExponent('numeric-central', 'time')).toBe(2);
    expect(predictedExponent('numeric-complex-step', 'time')).toBe(2);
    expect(predictedExponent('plain', 'time')).toBe(1);
    expect(predictedExponent('reverse', 'tape')).toBe(1);
    expect(predictedExponent('reverse', 'heap')).toBe(1);
  });

  it('predicts flat forward memory when the operations grow but the inputs do not', () => {
    const depth = { operations: 1, inputs: 0 };
    expect(predictedExponent('forward-jvp', 'heap', depth)).toBe(0);
    expect(predictedExponent('reverse', 'heap', depth)).toBe(1);
    expect(predictedExponent('forward', 'time', depth)).toBe(1);
  });

  it('follows the operation count: least squares is O(N²), so reverse is 2 and forward 3', () => {
    const quadratic = { operations: 2, inputs: 1 };
    expect(predictedExponent('reverse', 'time', quadratic)).toBe(2);
    expect(predictedExponent('forward', 'time', quadratic)).toBe(3);
  });

  it('predicts √T tape for the checkpointed loop', () => {
    expect(predictedExponent('reverse-checkpointed', 'tape', { operations: 1, inputs: 0 })).toBe(0.5);
    expect(predictedExponent('reverse-plain-loop', 'tape', { operations: 1, inputs: 0 })).toBe(1);
  });

  it('predicts the transform like the modes it implements: tangent code ∝ N·n, adjoint code ∝ n', () => {
    expect(predictedExponent('transform-forward', 'time')).toBe(2);
    expect(predictedExponent('transform-reverse', 'time')).toBe(1);
    expect(predictedExponent('transform-jvp', 'time')).toBe(1);
    expect(predictedExponent('transform-reverse', 'time', { operations: 2, inputs: 1 })).toBe(2);
  });

  it('bounds the adjoint code’s memory by the operations instead of predicting it', () => {
    expect(predictedExponent('transform-reverse', 'tape')).toBe(1);
    expect(predictionBound('transform-reverse', 'tape')).toBe('at-most');
    expect(predictionBound('transform-reverse', 'heap')).toBe('at-most');
    expect(predictionBound('transform-reverse', 'time')).toBe('equal');
    expect(predictionBound('reverse', 'tape')).toBe('equal');
  });

  it('makes no prediction where theory has none', () => {
    expect(predictedExponent('plain', 'heap')).toBeUndefined();
    expect(predictedExponent('forward-jvp', 'tape')).toBeUndefined();
    expect(LINEAR_GROWTH).toEqual({ operations: 1, inputs: 1 });
  });
});

describe('judgeExponent', () => {
  const fitOf = (exponent: number, points = 5) => {
    const sizes = Array.from({ length: points }, (_, i) => 2 ** (i + 4));
    return fitPowerLaw(
      sizes,
      sizes.map((n) => n ** exponent),
    );
  };

  it('agrees within ±0.2 of theory and disagrees beyond', () => {
    expect(judgeExponent(fitOf(1.15), 1)).toBe('agrees');
    expect(judgeExponent(fitOf(0.85), 1)).toBe('agrees');
    expect(judgeExponent(fitOf(1.3), 1)).toBe('disagrees');
    expect(judgeExponent(fitOf(1.7), 2)).toBe('disagrees');
  });

  it('an upper bound agrees with anything below it, and with at most 0.2 above it', () => {
    expect(judgeExponent(fitOf(0), 1, undefined, 'at-most')).toBe('agrees');
    expect(judgeExponent(fitOf(1.15), 1, undefined, 'at-most')).toBe('agrees');
    expect(judgeExponent(fitOf(1.3), 1, undefined, 'at-most')).toBe('disagrees');
    expect(judgeExponent(fitOf(0), 1)).toBe('disagrees');
  });

  it('is inconclusive without a prediction or with fewer than three points', () => {
    expect(judgeExponent(fitOf(1), undefined)).toBe('inconclusive');
    expect(judgeExponent(fitOf(1, 2), 1)).toBe('inconclusive');
    expect(judgeExponent(undefined, 1)).toBe('inconclusive');
  });
});
