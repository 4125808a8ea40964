import { expectClose } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { dot, logSumExp, mean, relu, sigmoid, softplus, sum } from '../src/derived.js';
import { EXACT_TOLERANCE, type TracedNumber, traced } from './helpers.js';

describe('sum, dot, mean', () => {
  it('sum adds in order and is 0 for an empty list', () => {
    expect(sum([1, 2, 3.5])).toBe(6.5);
    expect(sum([])).toBe(0);
  });

  it('dot multiplies pairwise and adds', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(dot([], [])).toBe(0);
  });

  it('dot refuses lists of different lengths, naming both', () => {
    expect(() => dot([1, 2], [1])).toThrow(/dot: lengths differ \(2 and 1\)/);
  });

  it('mean is the average, NaN for an empty list', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
  });

  it('run on Real numbers through the free functions', () => {
    const x = traced([1, 2, 3]);
    expect((sum(x) as TracedNumber).primal).toBe(6);
    expect((dot(x, x) as TracedNumber).primal).toBe(14);
    expect(x[0]!.log.map((op) => op.name)).toEqual([
      'add',
      'add',
      'add',
      'mul',
      'add',
      'mul',
      'add',
      'mul',
      'add',
    ]);
  });
});

describe('logSumExp', () => {
  it('matches the direct formula on moderate inputs', () => {
    const x = [0.5, -1, 2];
    expectClose(logSumExp(x), Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2)), EXACT_TOLERANCE);
  });

  it('neither overflows nor underflows on large inputs', () => {
    expectClose(logSumExp([1000, 1000]), 1000 + Math.LN2, EXACT_TOLERANCE, 'large');
    expectClose(logSumExp([-1000, -1000]), -1000 + Math.LN2, EXACT_TOLERANCE, 'very negative');
    expectClose(logSumExp([800, 0]), 800, EXACT_TOLERANCE, 'dominated');
  });

  it('handles infinities and the empty list', () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.POSITIVE_INFINITY, 1])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([Number.NaN, 1])).toBeNaN();
  });

  it('shifts by the primal of Real inputs', () => {
    const result = logSumExp(traced([1000, 1000])) as TracedNumber;
    expectClose(result.primal, 1000 + Math.LN2, EXACT_TOLERANCE);
  });
});

describe('sigmoid and relu', () => {
  it('sigmoid is the logistic function, saturating without NaN', () => {
    expect(sigmoid(0)).toBe(0.5);
    expectClose(sigmoid(2), 1 / (1 + Math.exp(-2)), EXACT_TOLERANCE);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });

  it('relu is max(x, 0)', () => {
    expect(relu(2.5)).toBe(2.5);
    expect(relu(-2.5)).toBe(0);
    expect(relu(0)).toBe(0);
  });
});

describe('softplus', () => {
  it('is log(1 + eˣ) without overflow or lost tails (values by hand)', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(softplus(2)).toBeCloseTo(Math.log1p(Math.exp(2)), 14);
  });
});
