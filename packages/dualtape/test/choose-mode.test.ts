/** `chooseMode` and `mode: 'auto'`: the textbook cases, the tape budget, and the sentence that explains. */
import { newCounters, type ScalarFunction, sin, type VectorFunction } from '@dualtape/core';
import { vjp as reverseVjp } from '@dualtape/reverse';
import { zooEntry } from '@dualtape/zoo';
import { describe, expect, it } from 'vitest';
import { chooseMode, gradient, jacobian, type ModeChoice } from '../src/index.js';
import { zooPoint } from './helpers.js';

const rosenbrock = zooEntry('rosenbrock').instantiate(1000);
const rosenbrockPoint = zooPoint((random) => rosenbrock.sample(random), 1);
const timeSeries = zooEntry('time-series').instantiate(100);
const timeSeriesPoint = zooPoint((random) => timeSeries.sample(random), 2);

describe('chooseMode', () => {
  it('picks reverse for Rosenbrock at N = 1000 (N ≫ M), and says why', () => {
    const choice = chooseMode('gradient', rosenbrock.f as ScalarFunction, rosenbrockPoint);
    expect(choice.mode).toBe('reverse');
    expect(choice.inputs).toBe(1000);
    expect(choice.outputs).toBe(1);
    expect(choice.reverseSweeps).toBe(1);
    expect(choice.forwardPasses).toBe(84); // ceil(1000 / 12): ForwardDiff's chunk heuristic
    expect(choice.reason).toMatch(
      /^reverse: 1,000 inputs and 1 output — one run of generated adjoint code instead of 84 passes of generated tangent code \[transform\]$/,
    );
    // Without a tape budget nothing can change the decision: nothing is probed.
    expect(choice.operations).toBeUndefined();
    expect(choice.estimatedTapeBytes).toBeUndefined();
  });

  it('with a tape budget, counts what the reverse tape would record (without recording it)', () => {
    const counters = newCounters();
    const f = rosenbrock.f as ScalarFunction;
    reverseVjp(((x) => [f(x)]) as VectorFunction, rosenbrockPoint, { counters });
    const options = { implementation: 'overloading', maxTapeBytes: 1e9 } as const;
    const choice = chooseMode('gradient', f, rosenbrockPoint, options);
    expect(choice.operations).toBe(counters.operations);
    expect(choice.estimatedTapeBytes).toBe(counters.peakTapeBytes);
    expect(choice.reason).toContain(`≈ ${counters.operations.toLocaleString('en-US')} taped operations`);
    // A budget the tape would exceed: the count stops once past it, and forward mode is chosen.
    const tight = chooseMode('gradient', f, rosenbrockPoint, { ...options, maxTapeBytes: 1000 });
    expect(tight.mode).toBe('forward');
    expect(tight.operations).toBe(Math.floor(1000 / 33) + 1);
    expect(tight.reason).toMatch(
      /^forward: the tape would hold more than [\d.,]+ \w*B \(more than 31 operations/,
    );
  });

  it('picks forward for the R -> R^100 time series (M ≫ N), and says why', () => {
    const choice = chooseMode('jacobian', timeSeries.f as VectorFunction, timeSeriesPoint);
    expect(choice.mode).toBe('forward');
    expect(choice.inputs).toBe(1);
    expect(choice.outputs).toBe(100);
    expect(choice.reverseSweeps).toBe(100);
    expect(choice.reason).toMatch(
      /^forward: 1 input and 100 outputs — .* instead of 100 runs of generated adjoint code/,
    );
  });

  it('weighs what the adjoint code saves, not what a tape would hold, when the transform reads f', () => {
    const choice = chooseMode('gradient', rosenbrock.f as ScalarFunction, rosenbrockPoint, {
      maxTapeBytes: 1000,
    });
    expect(choice.mode).toBe('reverse');
    expect(choice.implementation).toBe('transform');
    // The loop's count and counter, the return: no value per iteration.
    expect(choice.estimatedTapeBytes).toBeLessThan(100);
  });

  it('picks forward when the tape would exceed maxTapeBytes, and names the budget', () => {
    const choice = chooseMode('gradient', rosenbrock.f as ScalarFunction, rosenbrockPoint, {
      maxTapeBytes: 1000,
      implementation: 'overloading',
    });
    expect(choice.mode).toBe('forward');
    expect(choice.estimatedTapeBytes).toBeGreaterThan(1000);
    expect(choice.reason).toContain('over the maxTapeBytes budget of 1000 B');
    // A budget the tape fits in changes nothing.
    const roomy = chooseMode('gradient', rosenbrock.f as ScalarFunction, rosenbrockPoint, {
      maxTapeBytes: 1e9,
      implementation: 'overloading',
    });
    expect(roomy.mode).toBe('reverse');
  });

  it('picks forward for one direction (derivative, J·v), reverse for uᵀ·J of a wide function', () => {
    expect(chooseMode('derivative', (t) => sin(t), 1).mode).toBe('forward');
    expect(chooseMode('jvp', rosenbrock.f as unknown as VectorFunction, rosenbrockPoint).mode).toBe(
      'forward',
    );
    expect(chooseMode('vjp', rosenbrock.f as unknown as VectorFunction, rosenbrockPoint).mode).toBe(
      'reverse',
    );
  });

  it('weighs a square Jacobian by the cost model: the cheaper estimate wins', () => {
    const brown = zooEntry('brown').instantiate(30);
    const choice = chooseMode(
      'jacobian',
      brown.f as VectorFunction,
      zooPoint((random) => brown.sample(random), 3),
    );
    expect(choice.mode).toBe(choice.forwardCost <= choice.reverseCost ? 'forward' : 'reverse');
    expect(choice.forwardPasses).toBe(Math.ceil(30 / choice.chunkSize));
    expect(choice.reverseSweeps).toBe(30);
  });

  it('checks its input under the name of the call', () => {
    expect(() => chooseMode('gradient', rosenbrock.f as ScalarFunction, [])).toThrow(/gradient: x is empty/);
    expect(() => chooseMode('gradient', rosenbrock.f as ScalarFunction, [1, Number.NaN])).toThrow(
      /gradient: x\[1\] is NaN/,
    );
  });
});

describe("mode: 'auto' through the umbrella calls", () => {
  it('reports the choice to onModeChoice once, and computes with the chosen mode', () => {
    const choices: ModeChoice[] = [];
    gradient(rosenbrock.f as ScalarFunction, rosenbrockPoint, {
      onModeChoice: (choice) => choices.push(choice),
    });
    expect(choices.map((choice) => [choice.mode, choice.requested])).toEqual([['reverse', 'auto']]);
    const columns: ModeChoice[] = [];
    jacobian(timeSeries.f as VectorFunction, timeSeriesPoint, {
      onModeChoice: (choice) => columns.push(choice),
    });
    expect(columns.map((choice) => choice.mode)).toEqual(['forward']);
  });

  it('reports an explicit mode without probing', () => {
    const choices: ModeChoice[] = [];
    gradient(rosenbrock.f as ScalarFunction, rosenbrockPoint, {
      mode: 'forward',
      onModeChoice: (c) => choices.push(c),
    });
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({
      mode: 'forward',
      requested: 'forward',
      operations: undefined,
      inputs: 1000,
    });
    expect(choices[0]!.reason).toBe("forward: requested (mode: 'forward') [transform]");
  });
});
