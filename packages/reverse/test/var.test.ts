import {
  add,
  lt,
  mul,
  PerturbationError,
  type Real,
  RULES,
  type Scalar,
  sin,
  UsageError,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { gradient, record, Var } from '../src/index.js';

/** Runs a gradient whose function lets its input escape, and returns the escaped Var. */
function escapedVar(): Var {
  let escaped: unknown;
  gradient(
    <T extends Scalar>(x: readonly T[]) => {
      escaped = x[0];
      return x[0]!;
    },
    [1.5],
  );
  return escaped as Var;
}

describe('Var', () => {
  it('is what f receives, holding its value and tape entry', () => {
    gradient(
      <T extends Scalar>(x: readonly T[]) => {
        expect(x[1]).toBeInstanceOf(Var);
        expect((x[1] as unknown as Var).primal).toBe(2);
        expect((x[1] as unknown as Var).index).toBe(1);
        expect(String(x[1])).toBe('Var(2 @1)');
        return x[0]!;
      },
      [1, 2],
    );
  });

  it('throws PerturbationError when used after its call has finished (value, unary, binary, comparison)', () => {
    const escaped = escapedVar();
    expect(() => escaped.primal).toThrow(PerturbationError);
    expect(String(escaped)).toBe('Var(@0, call finished)');
    expect(() => sin(escaped)).toThrow(PerturbationError);
    expect(() => add(escaped, 1)).toThrow(/used after the gradient call that created it had finished/);
    expect(() => mul(2, escaped)).toThrow(PerturbationError);
    expect(() => lt(escaped, 0)).toThrow(PerturbationError);
  });

  it('throws PerturbationError when an escaped Var meets the Vars of a later call', () => {
    const escaped = escapedVar();
    const f = <T extends Scalar>(x: readonly T[]) => add(x[0]!, escaped as unknown as T);
    expect(() => gradient(f, [1])).toThrow(PerturbationError);
    expect(() => gradient(<T extends Scalar>() => escaped as unknown as T, [1])).toThrow(
      /returned a reverse-mode Var of another gradient call/,
    );
  });

  it('differentiates through a nested call that closes over the enclosing call’s Vars (no confusion)', () => {
    // inner = ∂(y·x)/∂y = x, so outer = x·x and its derivative at 3 is 6 (not 3 + 2·... from mixed tapes).
    const outer = <T extends Scalar>(x: readonly T[]) => {
      const inner = gradient(<U extends Scalar>(y: readonly U[]) => mul(y[0]!, x[0] as unknown as U), [2]);
      return mul(x[0]!, inner[0]! as unknown as T);
    };
    expect(Array.from(gradient(outer, [3]))).toEqual([6]);
  });

  it('allows independent nested calls that use only their own Vars', () => {
    const outer = <T extends Scalar>(x: readonly T[]) => {
      const inner = gradient(<U extends Scalar>(y: readonly U[]) => mul(y[0]!, y[0]!), [5]);
      return mul(x[0]!, inner[0]!);
    };
    expect(Array.from(gradient(outer, [3]))).toEqual([10]);
  });

  it('refuses JavaScript operators, which would drop the derivative', () => {
    const f = <T extends Scalar>(x: readonly T[]) => (x[0] as unknown as number) * 2;
    expect(() => gradient(f as never, [1])).toThrow(UsageError);
    expect(() => gradient(f as never, [1])).toThrow(/JavaScript operator/);
  });

  it('hands an operation with another kind of Real to that number, on either side', () => {
    // A derivative taken inside f (a forward Dual) owns mixed operations whichever side it is on.
    const calls: [string, boolean][] = [];
    const foreign: Real = {
      primal: 1,
      apply1: () => foreign as never,
      apply2: (rule, other, thisIsSecond) => {
        calls.push([rule.name, thisIsSecond]);
        expect(other).toBeInstanceOf(Var);
        return foreign as never;
      },
      compare: (comparison, _other, thisIsSecond) => {
        calls.push([comparison, thisIsSecond]);
        return true;
      },
    };
    const f = <T extends Scalar>(x: readonly T[]) => {
      const variable = x[0] as unknown as Var;
      variable.apply2(RULES.sub, foreign, false);
      variable.apply2(RULES.sub, foreign, true);
      variable.compare('lt', foreign, false);
      return x[0]!;
    };
    gradient(f, [1]);
    expect(calls).toEqual([
      ['sub', true],
      ['sub', false],
      ['lt', true],
    ]);
  });

  it('records each comparison once, with its outcome', () => {
    const recording = record(
      <T extends Scalar>(x: readonly T[]) => (lt(x[0]!, x[1]!) ? x[0]! : x[1]!),
      [1, 2],
    );
    expect(recording.stats.operations).toBe(3);
  });
});
