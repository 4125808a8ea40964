/**
 * The skeleton of a reverse-mode call that runs inside another differentiation call (or on an enclosing
 * call's numbers): record f on the nested tape (nested.ts), check its output, sweep once. Its results
 * are `Scalar`s, which carry the enclosing call's perturbations.
 */
import {
  type Counters,
  checkDifferentiationOptions,
  type DifferentiationOptions,
  describeValue,
  isScalar,
  nestingLevelOf,
  outputTypeError,
  PerturbationError,
  type Scalar,
  singleOutputError,
  UsageError,
} from '@dualtape/core';
import { NestedRecording, NestedVar } from '../../nested.js';

/** f's value and gradient at `point`, recorded and swept on the nested tape. */
export function nestedValueAndGradient(
  operation: string,
  f: (inputs: NestedVar[]) => unknown,
  point: readonly Scalar[],
  options: DifferentiationOptions | undefined,
): { readonly value: Scalar; readonly gradient: Scalar[] } {
  if (checkDifferentiationOptions(operation, options)) {
    throw new UsageError(
      `${operation}: detectAnomaly watches the typed-array tape, which a call nested inside another ` +
        'differentiation (or given its numbers) does not use; set it on the enclosing call instead',
    );
  }
  const recording = new NestedRecording(operation);
  let value: Scalar;
  let gradient: Scalar[];
  try {
    const inputs = point.map((value) => recording.input(value));
    const output = f(inputs);
    const index = outputEntry(operation, output, recording);
    value = index < 0 ? (output as Scalar) : recording.values[index]!;
    gradient = index < 0 ? new Array<Scalar>(point.length).fill(0) : recording.sweep(index, point.length);
  } finally {
    recording.close();
  }
  countNested(options?.counters, recording);
  return { value, gradient };
}

/** The entry f's single output is (-1: a constant for this recording, derivative 0). */
function outputEntry(operation: string, output: unknown, recording: NestedRecording): number {
  if (output instanceof NestedVar) {
    if (output.recording === recording) return output.index;
    if (!output.recording.open || output.recording.level > recording.level) {
      throw new PerturbationError(
        `${operation}: f returned a reverse-mode variable of another ${output.recording.purpose} call, ` +
          'not one computed from its own inputs',
      );
    }
    return -1;
  }
  if (Array.isArray(output) || ArrayBuffer.isView(output)) {
    throw singleOutputError(operation, describeValue(output));
  }
  if (!isScalar(output)) throw outputTypeError(operation, output);
  if (typeof output !== 'number' && nestingLevelOf(output) > recording.level) {
    throw new PerturbationError(
      `${operation}: f returned a number of a derivative call made inside it, which has finished`,
    );
  }
  return -1;
}

function countNested(counters: Counters | undefined, recording: NestedRecording): void {
  if (counters === undefined) return;
  counters.sweeps += 1;
  counters.operations += recording.values.length;
}
