/**
 * The backend registry: source transformation and overloading as implementations of forward and reverse
 * mode (an unknown one is a UsageError naming the valid ones), and a backend that refuses f hands the call
 * to the next implementation of the same mode — the transform refusing a closure, and a stand-in picky one.
 */
import { add, mul, type ScalarFunction, square, UsageError } from '@dualtape/core';
import { describe, expect, it } from 'vitest';
import { forwardBackend } from '../../src/backends/forward.js';
import {
  BACKENDS,
  CONCRETE_MODES,
  compareVariants,
  IMPLEMENTATIONS,
  requestedImplementation,
  resolveBackend,
} from '../../src/backends/registry.js';
import type { ModeBackend } from '../../src/backends/types.js';
import { gradient, MODES, type ModeChoice } from '../../src/index.js';

const sumOfSquares: ScalarFunction = ([x, y]) => add(square(x!), square(y!));

/** A fourth implementation of forward mode that only takes functions named `accepted`. */
const picky: ModeBackend<'picky'> = {
  ...forwardBackend,
  implementation: 'picky',
  refuses: (_operation, f) => (f.name === 'accepted' ? undefined : `'${f.name}' is not called 'accepted'`),
  compare: [],
};

describe('the registry', () => {
  it('lists forward and reverse by transform then overloading, and numeric, in the order of MODES', () => {
    expect(BACKENDS.map((backend) => [backend.mode, backend.implementation])).toEqual([
      ['forward', 'transform'],
      ['forward', 'overloading'],
      ['reverse', 'transform'],
      ['reverse', 'overloading'],
      ['numeric', 'overloading'],
    ]);
    expect(IMPLEMENTATIONS).toEqual(['transform', 'overloading']);
    expect(MODES).toEqual(['auto', ...CONCRETE_MODES]);
  });

  it("gives compare its rows in table order, check's candidates being the AD modes", () => {
    expect(compareVariants().map(({ variant }) => [variant.method, variant.role])).toEqual([
      ['tangent-code', 'candidate'],
      ['forward', 'candidate'],
      ['forward-chunked', 'candidate'],
      ['adjoint-code', 'candidate'],
      ['reverse', 'candidate'],
      ['central', 'referee'],
      ['five-point', 'referee'],
      ['richardson', 'referee'],
      ['complex-step', 'referee'],
    ]);
  });

  it('refuses an unknown implementation, naming the valid ones', () => {
    expect(() => requestedImplementation('gradient', 'tape')).toThrow(UsageError);
    expect(() => requestedImplementation('gradient', 'tape')).toThrow(
      "gradient: unknown implementation 'tape' (expected one of transform, overloading)",
    );
    expect(requestedImplementation('gradient', undefined)).toBeUndefined();
    expect(() =>
      gradient(sumOfSquares, [4, 3], { implementation: 'fast' as unknown as 'overloading' }),
    ).toThrow("gradient: unknown implementation 'fast' (expected one of transform, overloading)");
  });

  it('falls back to the next implementation when a backend refuses f, and says why', () => {
    const backends = [picky, ...BACKENDS];
    const accepted: ScalarFunction = function accepted([x]) {
      return x!;
    };
    expect(resolveBackend('gradient', 'forward', accepted, undefined, backends).backend).toBe(picky);
    const fallback = resolveBackend('gradient', 'forward', sumOfSquares, undefined, backends);
    expect(fallback.backend.implementation).toBe('transform');
    expect(fallback.skipped).toEqual([
      { implementation: 'picky', reason: "'sumOfSquares' is not called 'accepted'" },
    ]);
    // A closure over a variable: the transform refuses it, with its reason, and overloading takes it.
    const scale = 3;
    const closure: ScalarFunction = ([x]) => mul(x!, scale);
    const overloading = resolveBackend('gradient', 'reverse', closure, undefined);
    expect(overloading.backend.implementation).toBe('overloading');
    expect(overloading.skipped).toHaveLength(1);
    expect(overloading.skipped[0]!.implementation).toBe('transform');
    expect(overloading.skipped[0]!.reason).toMatch(
      /^it cannot read f \('scale' is not defined here, at 1:\d+\)$/,
    );
    // Asked for by name, a refusing implementation is an error with its reason, not a silent fallback.
    expect(() => resolveBackend('gradient', 'forward', sumOfSquares, 'picky', backends)).toThrow(
      "gradient: the picky implementation of forward mode cannot differentiate f: 'sumOfSquares' is not called 'accepted'",
    );
    expect(() => resolveBackend('gradient', 'reverse', sumOfSquares, 'picky', backends)).toThrow(
      "gradient: reverse mode has no 'picky' implementation (it has transform, overloading)",
    );
  });

  it('reports the implementation that ran, for auto and explicit modes alike', () => {
    const choices: ModeChoice[] = [];
    const onModeChoice = (choice: ModeChoice) => choices.push(choice);
    gradient(sumOfSquares, [4, 3], { onModeChoice });
    gradient(sumOfSquares, [4, 3], { mode: 'reverse', implementation: 'overloading', onModeChoice });
    expect(choices.map((choice) => [choice.mode, choice.implementation])).toEqual([
      ['forward', 'transform'],
      ['reverse', 'overloading'],
    ]);
  });
});
