/**
 * Forward mode's anomaly detection (`detectAnomaly: true`): a watch on a pass's tag, called by the dual
 * types after every operation. The first value or tangent that is NaN or ±Infinity while the operation's
 * arguments (for a value) or their tangents (for a tangent) were finite throws core's `AnomalyError`,
 * naming the operation, its arguments, the pass and the operation's index in it. A watched tag makes the
 * duals leave their fast paths, so unwatched calls pay nothing.
 */
import {
  type Anomaly,
  AnomalyError,
  anomaly,
  nonFinite,
  primal,
  type Rule,
  type Scalar,
} from '@dualtape/core';

/** A tangent as the watch sees it: a dual's tangent, a chunked dual's lanes, or none (a constant operand). */
export type WatchedTangent = Scalar | Float64Array | undefined;

/** The watch of one forward pass: counts its operations and throws at the first anomaly. */
export class ForwardWatch {
  /** Operations seen so far in this pass. */
  private step = 0;

  constructor(
    /** The call that watches, e.g. `'gradient'`. */
    private readonly operation: string,
    /** The pass in words, e.g. `forward pass 2 of 3 (x[12]..x[23])`. */
    private readonly pass: string,
  ) {}

  /**
   * Checks one operation: `args` are its arguments, `value` its result, `partials` its partial per
   * argument, `inputs` the arguments' tangents (undefined for a constant) and `output` the result's.
   */
  check(
    rule: Rule,
    args: readonly Scalar[],
    value: Scalar,
    partials: readonly Scalar[],
    inputs: readonly WatchedTangent[],
    output: WatchedTangent,
  ): void {
    const step = this.step++;
    const argumentValues = args.map(primal);
    const y = primal(value);
    if (nonFinite(y) && !argumentValues.some(nonFinite)) {
      this.fail({ quantity: 'value', rule, argumentValues, y, partials: [], result: y, step });
    }
    const out = worstLane(output);
    if (!nonFinite(out.value) || inputs.some((tangent) => nonFinite(worstLane(tangent).value))) return;
    const lane = out.lane === undefined ? '' : `, lane ${out.lane}`;
    this.fail({
      quantity: 'tangent',
      rule,
      argumentValues,
      y,
      partials: partials.map(primal),
      result: out.value,
      step,
      lane,
    });
  }

  private fail(found: {
    quantity: 'value' | 'tangent';
    rule: Rule;
    argumentValues: number[];
    y: number;
    partials: number[];
    result: number;
    step: number;
    lane?: string;
  }): never {
    const report: Anomaly = anomaly({
      quantity: found.quantity,
      operation: found.rule.name,
      arguments: found.argumentValues,
      value: found.y,
      partials: found.partials,
      result: found.result,
      mode: 'forward',
      step: found.step,
      where: `${this.pass}, operation #${found.step}${found.lane ?? ''}`,
    });
    throw new AnomalyError(report, this.operation);
  }
}

/** The first non-finite entry of a tangent (its lane for chunked lanes), or a finite entry. */
function worstLane(tangent: WatchedTangent): { value: number; lane: number | undefined } {
  if (tangent === undefined) return { value: 0, lane: undefined };
  if (!(tangent instanceof Float64Array)) return { value: primal(tangent), lane: undefined };
  for (let lane = 0; lane < tangent.length; lane++) {
    if (nonFinite(tangent[lane]!)) return { value: tangent[lane]!, lane };
  }
  return { value: 0, lane: undefined };
}
