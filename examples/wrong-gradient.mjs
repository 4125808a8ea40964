// A user's module whose hand-written gradient is deliberately wrong in component 2 (by 1e-4 relative):
// `dualtape check --module examples/wrong-gradient.mjs --export loss --at "[1, 2, 3]"` exits 1 and names
// that component (the README's example).
import { add, mul, sin, square, sum } from 'dualtape';

export const loss = (x) => add(sum(x.map((xi) => square(xi))), mul(sin(x[0]), x[1]));

export const lossGradient = (x) => [
  2 * x[0] + Math.cos(x[0]) * x[1],
  2 * x[1] + Math.sin(x[0]),
  2 * x[2] * 1.0001,
];
