/**
 * Reverse mode's anomaly detection (`detectAnomaly: true`), read off the tape after the fact so that the
 * recording and the sweep keep their speed: values in recording order once f has been recorded (or a
 * recording replayed), then adjoint contributions in sweep order after each sweep. The first NaN or
 * ±Infinity computed from finite numbers throws core's `AnomalyError` naming the operation, its
 * arguments and the tape entry. The sweep writes adjoints over the values, so the watch keeps a copy of the
 * values (8 bytes per entry) for the messages of adjoint anomalies.
 */
import { type Anomaly, AnomalyError, anomaly, nonFinite, type Rule, strongZeroProduct } from '@dualtape/core';
import { operationOfOpcode, type Tape } from '../../tape.js';

/** One recorded operation as the watch reads it. */
interface Operation {
  readonly rule: Rule;
  readonly args: readonly number[];
  /** Which tape entry each argument is (-1 for a plain-number operand). */
  readonly entries: readonly number[];
  /** The stored partial per argument (0 for a plain-number operand, which gets no adjoint). */
  readonly partials: readonly number[];
}

/** Entry `k` as an operation, reading argument values from `values`; undefined for other entries. */
function operationAt(tape: Tape, values: Float64Array, k: number): Operation | undefined {
  const operation = operationOfOpcode(tape.opcodes[k]!);
  if (operation === undefined) return undefined;
  const { rule, layout } = operation;
  const first = tape.arg0[k]!;
  const p0 = tape.partial0[k]!;
  const p1 = tape.partial1[k]!;
  if (layout === 'constantFirst')
    return { rule, args: [p1, values[first]!], entries: [-1, first], partials: [0, p0] };
  if (layout === 'constantSecond')
    return { rule, args: [values[first]!, p1], entries: [first, -1], partials: [p0, 0] };
  if (rule.arity === 1) return { rule, args: [values[first]!], entries: [first], partials: [p0] };
  const second = tape.arg1[k]!;
  return { rule, args: [values[first]!, values[second]!], entries: [first, second], partials: [p0, p1] };
}

/** Watches one reverse-mode call's tape; create it once the tape holds the recording. */
export class TapeWatch {
  /** The values of the last recording or replay (`checkValues`), kept for adjoint anomalies' messages. */
  private values = new Float64Array(0);

  constructor(
    /** The call that watches, e.g. `'gradient'`. */
    private readonly operation: string,
    private readonly tape: Tape,
  ) {}

  /**
   * Checks the values just recorded or replayed, in recording order (call before any sweep overwrites
   * them). Throws `AnomalyError` at the first operation whose value is not finite from finite arguments.
   */
  checkValues(): void {
    const { tape } = this;
    this.values = tape.values.slice(0, tape.length);
    const values = this.values;
    for (let k = tape.inputCount; k < tape.length; k++) {
      const value = values[k]!;
      if (!nonFinite(value)) continue;
      const found = operationAt(tape, values, k);
      if (found === undefined || found.args.some(nonFinite)) continue;
      this.fail(found, k, 'value', value, value, []);
    }
  }

  /**
   * Checks the sweep just run from entry `from` (its adjoints are on the tape), in sweep order: throws
   * `AnomalyError` at the first contribution that is not finite while the adjoint it came from was.
   * `sweep` names the sweep in messages, e.g. `sweep of output 2`.
   */
  checkAdjoints(from: number, sweep: string): void {
    const { tape, values } = this;
    const adjoints = tape.adjoints;
    for (let k = from; k >= tape.inputCount; k--) {
      const seed = adjoints[k]!;
      if (seed === 0 || nonFinite(seed)) continue;
      const found = operationAt(tape, values, k);
      if (found === undefined) continue;
      for (let slot = 0; slot < found.entries.length; slot++) {
        if (found.entries[slot]! < 0) continue;
        const contribution = strongZeroProduct(found.partials[slot]!, seed);
        if (nonFinite(contribution)) {
          this.fail(found, k, 'adjoint', values[k]!, contribution, found.partials, `, ${sweep}`);
        }
      }
    }
  }

  private fail(
    found: Operation,
    entry: number,
    quantity: 'value' | 'adjoint',
    value: number,
    result: number,
    partials: readonly number[],
    sweep = '',
  ): never {
    const report: Anomaly = anomaly({
      quantity,
      operation: found.rule.name,
      arguments: found.args,
      value,
      partials,
      result,
      mode: 'reverse',
      step: entry,
      where: `tape entry #${entry}${sweep}`,
    });
    throw new AnomalyError(report, this.operation);
  }
}
