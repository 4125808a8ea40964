/**
 * The check the umbrella runs before anything else (before `'auto'`'s probe), so bad input is reported
 * under the name of the call the user made, not of an internal probe. The point itself is checked by
 * core's `checkPoint`/`checkNumber`, the same checks every mode runs.
 */
import { checkFunction } from '@dualtape/core';

/** Throws a UsageError unless `f` is a function (core's `checkFunction`, the words every mode uses). */
export function checkedFunction<F>(operation: string, f: F): F {
  return checkFunction(operation, f);
}
