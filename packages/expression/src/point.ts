/**
 * A point given by name, ordered as an expression's variables: what `check('x^2 + y^2', { x: 4, y: 3 })`
 * and the CLI's `--at x=4,y=3` both need. Every complaint names the variable it is about.
 */
import { UsageError } from '@dualtape/core';

/**
 * Orders a named point by the expression's variables. A variable without a value, or a value for a name
 * the expression does not use, is a UsageError naming it (and listing the expression's variables);
 * `what` says where the point came from (`--at`, `at`).
 */
export function pointForVariables(
  point: ReadonlyMap<string, number>,
  variables: readonly string[],
  what = '--at',
): Float64Array {
  const uses = variables.length === 0 ? 'it has no variables' : `it uses ${variables.join(', ')}`;
  for (const name of variables) {
    if (!point.has(name)) throw new UsageError(`${what} is missing a value for variable '${name}' (${uses})`);
  }
  for (const name of point.keys()) {
    if (!variables.includes(name)) {
      throw new UsageError(`${what} gives '${name}', which is not a variable of the expression (${uses})`);
    }
  }
  return Float64Array.from(variables, (name) => point.get(name)!);
}
