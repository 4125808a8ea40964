/**
 * Anomaly detection (JAX's `debug_nans`, PyTorch's `detect_anomaly`): with `detectAnomaly: true` a
 * differentiation call watches every value, tangent and adjoint it computes and throws `AnomalyError` at
 * the FIRST one that is NaN or ±Infinity while what it was computed from was finite, naming the
 * operation, its arguments and where in the call it happened. That is the answer to "where does my NaN
 * come from?", and it also catches an overflow the strong zero would otherwise turn into a confident 0
 * (`log1p(exp(x))` at x = 1000: exp overflows, and the gradient comes out 0 instead of 1).
 *
 * The modes find anomalies their own way (forward: in each pass; reverse: on the tape, values in recording
 * order, then adjoints in sweep order; numeric: the first evaluation of f that is not finite); this module
 * is the shape of the report they share.
 */
import { DualtapeError } from './errors.js';

/** What became NaN or ±Infinity. */
export type AnomalyQuantity = 'value' | 'tangent' | 'adjoint';

/** The first NaN or ±Infinity a differentiation computed from finite numbers, and where. */
export interface Anomaly {
  /** An operation's value, a forward-mode tangent, or a reverse-mode adjoint contribution. */
  readonly quantity: AnomalyQuantity;
  /** The rule-table operation that produced it, e.g. `'log'`. */
  readonly operation: string;
  /** The values of the operation's arguments (plain-number operands included), in argument order. */
  readonly arguments: readonly number[];
  /** The operation's value there. */
  readonly value: number;
  /** The operation's partial derivatives there, one per argument (empty for a value anomaly). */
  readonly partials: readonly number[];
  /** The non-finite number: the value, the tangent, or the adjoint contribution. */
  readonly result: number;
  /** The mode that found it. */
  readonly mode: 'forward' | 'reverse' | 'numeric';
  /**
   * The operation's index: its count from 0 among the operations of its pass (forward, numeric), or its
   * tape entry (reverse). Tools that know the function's text map it to a source position.
   */
  readonly step: number;
  /** Where in the call, in words: `forward pass 1 of 3 (x[0]), operation #2`, `tape entry #7`, ... */
  readonly where: string;
  /** One sentence saying all of the above. */
  readonly message: string;
}

/** An anomaly's fields before its message is written. */
export type AnomalyFields = Omit<Anomaly, 'message'>;

/** A number as messages show it (`-0` for negative zero). */
function shown(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Completes an anomaly with its message. */
export function anomaly(fields: AnomalyFields): Anomaly {
  const call = `${fields.operation}(${fields.arguments.map(shown).join(', ')})`;
  const partials = fields.partials.map(shown).join(', ');
  const slope = fields.partials.length === 1 ? `partial ${partials}` : `partials ${partials}`;
  let message: string;
  switch (fields.quantity) {
    case 'value':
      message = `${call} = ${shown(fields.value)}: the first non-finite value, from finite arguments (${fields.where})`;
      break;
    case 'tangent':
      message =
        `the tangent through ${call} = ${shown(fields.value)} became ${shown(fields.result)} (${slope}) ` +
        `while the arguments' tangents were finite (${fields.where})`;
      break;
    case 'adjoint':
      message =
        `the adjoint flowing back through ${call} = ${shown(fields.value)} became ${shown(fields.result)} ` +
        `(${slope}) from a finite adjoint (${fields.where})`;
      break;
  }
  return { ...fields, message };
}

/** Thrown by a call with `detectAnomaly: true` at the first NaN or ±Infinity; `anomaly` says where. */
export class AnomalyError extends DualtapeError {
  override name = 'AnomalyError';
  constructor(
    /** The first non-finite value, tangent or adjoint, and where it appeared. */
    readonly anomaly: Anomaly,
    /** The call that was watching, e.g. `'gradient'`. */
    readonly operation: string,
  ) {
    super(`${operation}: ${anomaly.message}`);
  }
}

/** True for NaN and ±Infinity. */
export function nonFinite(value: number): boolean {
  return value - value !== 0;
}
