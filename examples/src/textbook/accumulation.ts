/**
 * Forward against reverse accumulation on the same functions, counted with core's `Counters`: a gradient
 * of f: R^N -> R costs forward mode N one-tangent passes (or ceil(N/k) chunked ones) and reverse mode one
 * sweep; a Jacobian of g: R -> R^M costs forward mode one pass and reverse mode M sweeps. Hence reverse
 * wins when N >> M and forward when M >> N.
 */
import { add, type Counters, cos, mul, newCounters, type Scalar, sin } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { formatVector, type Write } from './format.js';

/** Inputs of the many-to-one example and outputs of the one-to-many example. */
export const WIDTH = 8;

/** f(x) = Σ sin(xᵢ)·xᵢ₊₁: many inputs, one output. */
export function manyToOne<T extends Scalar>(x: readonly T[]): T {
  let total: T | number = 0;
  for (let i = 0; i + 1 < x.length; i++) total = add(total, mul(sin(x[i]!), x[i + 1]!));
  return total as T;
}

/** g(t) = [cos(k·t)] for k = 1..WIDTH, as a function of x = [t]: one input, many outputs. */
export function oneToMany<T extends Scalar>(x: readonly T[]): T[] {
  return Array.from({ length: WIDTH }, (_, k) => cos(mul(k + 1, x[0]!)));
}

/** The work each way of differentiating did. */
export interface AccumulationCounts {
  readonly gradientForwardOneTangent: Counters;
  readonly gradientForwardChunked: Counters;
  readonly gradientReverse: Counters;
  readonly jacobianForward: Counters;
  readonly jacobianReverse: Counters;
}

const plural = (count: number, word: string) =>
  `${count} ${word}${count === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

function describe(counters: Counters): string {
  const parts = [plural(counters.passes, 'forward pass'), plural(counters.sweeps, 'reverse sweep')];
  if (counters.operations > 0)
    parts.push(`${counters.operations} tape entries, ${counters.peakTapeBytes} bytes`);
  return parts.join(', ');
}

/** Prints the counts and the results; returns the counts. */
export function accumulationSection(write: Write): AccumulationCounts {
  write('3. Forward vs reverse accumulation (work counted by core’s Counters)');
  const x = Array.from({ length: WIDTH }, (_, i) => 0.1 * (i + 1));
  const counts = {
    gradientForwardOneTangent: newCounters(),
    gradientForwardChunked: newCounters(),
    gradientReverse: newCounters(),
    jacobianForward: newCounters(),
    jacobianReverse: newCounters(),
  };
  write(`   f(x) = Σ sin(xᵢ)·xᵢ₊₁, N = ${WIDTH} inputs, 1 output: the gradient`);
  const oneTangent = forward.gradient(manyToOne, x, {
    chunkSize: 1,
    counters: counts.gradientForwardOneTangent,
  });
  forward.gradient(manyToOne, x, { chunkSize: 4, counters: counts.gradientForwardChunked });
  const fromReverse = reverse.gradient(manyToOne, x, { counters: counts.gradientReverse });
  write(`     forward, one tangent per pass: ${describe(counts.gradientForwardOneTangent)}`);
  write(`     forward, 4 tangents per pass:  ${describe(counts.gradientForwardChunked)}`);
  write(`     reverse:                       ${describe(counts.gradientReverse)}`);
  write(`     ∇f forward = ${formatVector(oneTangent)}`);
  write(`     ∇f reverse = ${formatVector(fromReverse)}`);
  write(`   g(t) = [cos(k·t)], k = 1..${WIDTH}: 1 input, M = ${WIDTH} outputs: the Jacobian (a column)`);
  const columnForward = forward.jacobian(oneToMany, [0.3], {
    chunkSize: 1,
    counters: counts.jacobianForward,
  });
  const columnReverse = reverse.jacobian(oneToMany, [0.3], { counters: counts.jacobianReverse });
  write(`     forward: ${describe(counts.jacobianForward)}`);
  write(`     reverse: ${describe(counts.jacobianReverse)}`);
  write(`     dg/dt forward = ${formatVector(columnForward.map((row) => row[0]!))}`);
  write(`     dg/dt reverse = ${formatVector(columnReverse.map((row) => row[0]!))}`);
  write('   Reverse mode pays one sweep per output, forward mode one pass per input.');
  return counts;
}
