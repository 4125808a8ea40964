/** `derivative`: f'(x) of f: R -> R through one call; 'auto' lands on forward mode. */
import { add, mul, pow, type Scalar, square, sub, type UnivariateFunction } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { describe, expect, it } from 'vitest';
import { derivative, type ModeChoice } from '../src/index.js';
import { expectClose, TOLERANCES } from './helpers.js';

const textbook: UnivariateFunction = (x) => add(mul(4, pow(x, 3)), add(square(x), 3));

describe('derivative', () => {
  it('nests a forward derivative inside a reverse gradient with the tape variable on either side', () => {
    // d/dx [d/dt (t·x − x·t + t·x)] = d/dx x = 1, whichever operand order mixes the Dual and the Var.
    const inner = <T extends Scalar>(x: T) => {
      const v: Scalar = x;
      return forward.derivative((t: Scalar) => add(sub(mul(t, v), mul(v, t)), mul(v, t)), 1) as T;
    };
    expect(Array.from(reverse.gradient(([x]) => inner(x!), [3]))).toEqual([1]);
  });

  it("gives 12x² + 2x = 52 for 4x³ + x² + 3 at 2 in every mode; 'auto' picks forward", () => {
    let choice: ModeChoice | undefined;
    expect(derivative(textbook, 2, { onModeChoice: (made) => (choice = made) })).toBe(52);
    expect(choice?.mode).toBe('forward');
    expect(derivative(textbook, 2, { mode: 'forward' })).toBe(52);
    expect(derivative(textbook, 2, { mode: 'reverse' })).toBe(52);
    expectClose(derivative(textbook, 2, { mode: 'numeric' }), 52, TOLERANCES.central, 'numeric');
  });

  it('refuses a non-finite point', () => {
    expect(() => derivative(textbook, Number.NaN)).toThrow(/derivative: x is NaN/);
  });
});
