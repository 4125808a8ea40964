/**
 * The umbrella's first step: options checked against the mode that will run (nothing silently ignored),
 * 'auto' nested inside another derivative, and detectAnomaly routed to backends that watch.
 */
import {
  AnomalyError,
  add,
  exp,
  log1p,
  mul,
  OperatorError,
  type Scalar,
  type ScalarFunction,
  sin,
  type UnivariateFunction,
  UsageError,
  type VectorFunction,
} from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { derivative, gradient, hessian, jacobian, jvp, type ModeChoice, vjp } from '../../src/index.js';

const f = <T extends Scalar>([x, y]: readonly T[]): T => mul(x!, sin(y!));

describe('umbrella options', () => {
  it('refuse an unknown or misspelt option, naming it and the option meant', () => {
    expect(() => gradient(f, [1, 2], { mdoe: 'reverse' } as never)).toThrow(
      /gradient: unknown option 'mdoe' \(did you mean 'mode'\?\)/,
    );
    expect(() => gradient(f, [1, 2], { chunk: 4 } as never)).toThrow(/did you mean 'chunkSize'\?/);
  });

  it('refuse an option the chosen mode would ignore (each used to be ignored silently)', () => {
    expect(() => gradient(f, [1, 2], { mode: 'reverse', scheme: 'central' })).toThrow(
      "gradient: option scheme would be ignored: mode 'reverse' does not read it for gradient (it is an option of numeric mode)",
    );
    expect(() => gradient(f, [1, 2], { mode: 'forward', step: 1e-4 })).toThrow(
      /option step would be ignored/,
    );
    expect(() => jacobian((x) => [f(x)], [1, 2], { mode: 'numeric', chunkSize: 2 })).toThrow(
      /option chunkSize would be ignored: mode 'numeric'.*\(it is an option of forward mode\)/,
    );
    expect(() => derivative((x) => sin(x), 1, { mode: 'forward', chunkSize: 2 })).toThrow(
      "derivative: option chunkSize would be ignored: mode 'forward' does not read it for derivative",
    );
    expect(() => gradient(f, [1, 2], { scheme: 'central' })).toThrow(
      /mode 'auto', which never chooses numeric mode, does not read it/,
    );
    expect(() => gradient(f, [1, 2], { mode: 'reverse', maxTapeBytes: 1e6 })).toThrow(
      "gradient: maxTapeBytes is the tape budget of mode 'auto'; mode 'reverse' would ignore it",
    );
    // What each mode does read still works.
    const complexStep = gradient(f, [1, 2], { mode: 'numeric', scheme: 'complex-step' });
    const oneTangent = gradient(f, [1, 2], { mode: 'forward', chunkSize: 1 });
    for (const [i, value] of complexStep.entries()) expect(value).toBeCloseTo(oneTangent[i]!, 14);
  });
});

describe("'auto' nests", () => {
  // Functions that close over an enclosing derivative's numbers are typed on Scalar, not generic.
  const univariate = (g: (y: Scalar) => Scalar) => g as UnivariateFunction;
  const scalar = (g: (x: readonly Scalar[]) => Scalar) => g as ScalarFunction;

  it('d/dx [x · d/dy (x + y)] at 1 is 1 with default options (it used to throw a PerturbationError)', () => {
    const outer = (x: Scalar) =>
      mul(
        x,
        derivative(
          univariate((y) => add(x, y)),
          1,
        ),
      );
    expect(derivative(univariate(outer), 1)).toBe(1);
    // ReverseDiff #45's variant, D(x -> x·D(y -> x·y)(1))(4) = 8, and a gradient inside a derivative.
    const product = (x: Scalar) =>
      mul(
        x,
        derivative(
          univariate((y) => mul(x, y)),
          1,
        ),
      );
    expect(derivative(univariate(product), 4)).toBe(8);
    const inner = (x: Scalar) =>
      gradient(
        scalar(([a, b]) => mul(mul(x, a!), b!)),
        [2, 3],
      );
    expect(
      derivative(
        univariate((x) => add(inner(x)[0]!, inner(x)[1]!)),
        1,
      ),
    ).toBe(5);
  });

  it('inside a reverse recording too, and says why forward mode answers', () => {
    const choices: ModeChoice[] = [];
    const outer = (x: readonly Scalar[]) =>
      mul(
        x[0]!,
        derivative(
          univariate((y) => mul(x[0]!, y)),
          1,
          { onModeChoice: (c) => choices.push(c) },
        ),
      );
    expect(Array.from(gradient(scalar(outer), [3], { mode: 'reverse' }))).toEqual([6]);
    expect(choices[0]!.mode).toBe('forward');
    expect(choices[0]!.reason).toMatch(/^forward: nested inside another differentiation/);
    expect(choices[0]!.operations).toBeUndefined();
  });
});

describe('detectAnomaly through the umbrella', () => {
  const softplus = <T extends Scalar>(x: T): T => log1p(exp(x));
  it('reaches every mode, and takes a backend that watches', () => {
    for (const mode of ['auto', 'forward', 'reverse', 'numeric'] as const) {
      expect(() => derivative(softplus, 1000, { mode, detectAnomaly: true }), mode).toThrow(AnomalyError);
    }
    expect(derivative(softplus, 1000)).toBe(0);
    expect(() =>
      gradient(<T extends Scalar>([x]: readonly T[]) => softplus(x!), [1000], {
        implementation: 'transform',
        detectAnomaly: true,
      }),
    ).toThrow(/does not watch for anomalies/);
    for (const run of [
      () =>
        jacobian(<T extends Scalar>(x: readonly T[]) => [softplus(x[0]!)], [1000], { detectAnomaly: true }),
      () =>
        jvp(<T extends Scalar>(x: readonly T[]) => [softplus(x[0]!)], [1000], [1], { detectAnomaly: true }),
      () => vjp(<T extends Scalar>(x: readonly T[]) => [softplus(x[0]!)], [1000], { detectAnomaly: true }),
      () => hessian(<T extends Scalar>([x]: readonly T[]) => softplus(x!), [1000], { detectAnomaly: true }),
    ]) {
      expect(run).toThrow(/exp\(1000\) = Infinity/);
    }
    expect(() => derivative(softplus, 1, { detectAnomaly: 'yes' as never })).toThrow(UsageError);
  });
});

describe('detectAnomaly on plain JavaScript, with the default implementation', () => {
  // The transform would compute it (and not watch): the overloading backends answer instead.
  const plain = ((x: readonly number[]) => Math.log1p(Math.exp(x[0]!))) as unknown as ScalarFunction;

  it('reports log1p(exp(x)) at 1000 as the overflow of exp, not a confident 0', () => {
    expect(Array.from(gradient(plain, [1000]))).toEqual([0]);
    let choice: ModeChoice | undefined;
    expect(() =>
      gradient(plain, [1000], {
        detectAnomaly: true,
        onModeChoice: (made) => {
          choice = made;
        },
      }),
    ).toThrow(/^gradient: exp\(1000\) = Infinity: the first non-finite value, from finite arguments/);
    expect(choice).toMatchObject({ mode: 'forward', implementation: 'overloading' });
  });

  it('names the call the user made, not the fallback that computed it', () => {
    const vector = ((x: readonly number[]) => [Math.log1p(Math.exp(x[0]!))]) as unknown as VectorFunction;
    for (const mode of ['forward', 'reverse', 'numeric'] as const) {
      expect(() => jvp(vector, [1000], [1], { mode, detectAnomaly: true }), mode).toThrow(/^jvp: exp\(/);
      // The pullback of forward and numeric mode computes the Jacobian when it is first called.
      expect(() => vjp(vector, [1000], { mode, detectAnomaly: true }).pullback([1]), mode).toThrow(
        /^vjp: exp\(/,
      );
    }
  });
});

describe('plain JavaScript that neither implementation can take', () => {
  // An object: the transform cannot read it, and the overloading modes' numbers then meet `*`.
  const unreadable = ((x: ArrayLike<number>) => {
    const p = { a: x[0]! };
    return p.a * x[1]!;
  }) as unknown as ScalarFunction;
  const asVector = ((x: ArrayLike<number>) => [
    (unreadable as never as (x: ArrayLike<number>) => number)(x),
  ]) as unknown as VectorFunction;

  // The wrappers below read `unreadable`, a free name to the transform: their refusal names that instead.
  const refused =
    /the transform implementation was passed over: it cannot read f \((objects are not supported|'unreadable' is not defined here), at \d+:\d+\)/;

  it('says what the operator met and what the transform refused, in every call and mode', () => {
    const calls: [string, () => unknown][] = [
      ['gradient auto', () => gradient(unreadable, [1, 2])],
      ['gradient forward', () => gradient(unreadable, [1, 2], { mode: 'forward' })],
      ['gradient reverse', () => gradient(unreadable, [1, 2], { mode: 'reverse' })],
      ['jacobian', () => jacobian(asVector, [1, 2])],
      ['jvp', () => jvp(asVector, [1, 2], [1, 0])],
      ['vjp pullback', () => vjp(asVector, [1, 2], { mode: 'forward' }).pullback([1])],
      ['hessian', () => hessian(unreadable, [1, 2])],
      [
        'derivative',
        () =>
          derivative(
            ((t: number) =>
              (unreadable as never as (x: number[]) => number)([t, 2])) as unknown as UnivariateFunction,
            1,
          ),
      ],
    ];
    for (const [what, call] of calls) {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, what).toBeInstanceOf(OperatorError);
      expect(thrown, what).toBeInstanceOf(UsageError);
      expect((thrown as Error).message, what).toMatch(/JavaScript operator/);
      expect((thrown as Error).message, what).toMatch(refused);
    }
  });

  it('asked for overloading by name, only the operator is reported (nothing was passed over)', () => {
    expect(() => gradient(unreadable, [1, 2], { implementation: 'overloading' })).toThrow(OperatorError);
    try {
      gradient(unreadable, [1, 2], { implementation: 'overloading' });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/passed over/);
    }
  });
});
