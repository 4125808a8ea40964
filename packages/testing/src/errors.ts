/** Catching the errors tests look into: an `AnomalyError` and its report. */
import { AnomalyError } from '@dualtape/core';

/** The `AnomalyError` that `run` throws; any other error is rethrown, and no error at all fails the test. */
export function anomalyOf(run: () => unknown): AnomalyError {
  try {
    run();
  } catch (error) {
    if (error instanceof AnomalyError) return error;
    throw error;
  }
  throw new Error('expected an AnomalyError, but nothing was thrown');
}
