// Extended Rosenbrock in plain JavaScript, as a user writes it: the README's source-transformation example.
export function rosenbrock(x) {
  let total = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const valley = x[i + 1] - x[i] * x[i];
    const offset = 1 - x[i];
    total += 100 * valley * valley + offset * offset;
  }
  return total;
}

// Not transformable: an object. The overloading modes cannot run it either (its `*` meets their numbers).
export function withObject(x) {
  const point = { a: x[0], b: x[1] };
  return point.a * point.b;
}
