/**
 * Record once, replay many (ReverseDiff's `GradientTape`/`compile`): `record(f, x)` keeps f's tape, and
 * the returned `Recording` evaluates values, partials and gradients at new inputs from the opcodes alone,
 * without calling f. Recorded comparisons are re-checked at every replay: where one would branch the
 * other way the recording no longer describes f, and the replay throws `ControlFlowError` instead of
 * returning a silently wrong gradient (ReverseDiff #234).
 *
 * The same holds for values f reads as JavaScript numbers: a `primal(x)` read while recording is a
 * constant to the tape (`mul(primal(x), y)` records y times a number, a branch on `primal(x) > 0` records
 * only the branch taken). Each read leaves a guard, and a replay where a value read comes out different
 * throws `ControlFlowError` naming the read (the tape entry whose value was read, then and now). A value
 * meant to carry no derivative is written `stopGradient(x)`: an entry with partial 0 that a replay
 * recomputes; a branch is written with core's comparisons (`lt`, `gt`, ...), which replay re-checks.
 */
import {
  checkFunction,
  type DifferentiationOptions,
  type ScalarFunction,
  ShapeError,
  UsageError,
} from '@dualtape/core';
import { finishCall, recordCall, scalarOutput, withOwnTape, withPooledTape } from './internal/calls/call.js';
import { checkedPoint } from './internal/calls/inputs.js';
import { watchFor } from './internal/calls/sweep.js';
import type { TapeWatch } from './internal/tape/anomaly.js';
import { notePeak } from './internal/tape/pool.js';
import { makeStats, type TapeStats } from './stats.js';
import type { Tape } from './tape.js';
import type { ValueAndGradient } from './value-and-gradient.js';

/** A recorded scalar function, replayable at new inputs. */
export interface Recording {
  /** N: the length every `x` must have. */
  readonly inputSize: number;
  /** What the recording holds; `peakBytes` covers every replay and sweep so far. */
  readonly stats: TapeStats;
  /**
   * Replays values and partials at `x` (the forward half, separately timeable) and returns f(x).
   * @throws ControlFlowError when a recorded comparison comes out differently at `x`.
   */
  value(x: ArrayLike<number>): number;
  /**
   * The reverse sweep alone, at the point of the last `value`/`gradient` call (or the recorded point).
   * @throws UsageError after a replay that failed.
   */
  sweep(options?: DifferentiationOptions): Float64Array;
  /** Replay at `x`, then sweep: ∇f(x). */
  gradient(x: ArrayLike<number>, options?: DifferentiationOptions): Float64Array;
  /** Replay at `x`, then sweep: f(x) and ∇f(x). */
  valueAndGradient(x: ArrayLike<number>, options?: DifferentiationOptions): ValueAndGradient;
}

/**
 * Records `f` at `x` and returns a `Recording` that replays it at other inputs without calling f.
 * Checkpointed segments are kept as segments: a replay re-runs them on plain numbers (so their own
 * branches follow the new inputs) and the sweep re-records them as usual.
 *
 * @param f - a scalar function written once with core's free functions.
 * @param x - the recording point: a non-empty array of finite numbers.
 * @param options - `counters` receives the entries recorded and the peak tape bytes; `detectAnomaly`
 *   checks the recorded values (`AnomalyError` at the first NaN or ±Infinity).
 * @throws ShapeError when x is empty or f returns an array; DomainError for a non-finite entry of x;
 *   UsageError for an unknown option.
 */
export function record(f: ScalarFunction, x: ArrayLike<number>, options?: DifferentiationOptions): Recording {
  checkFunction('record', f);
  const point = checkedPoint('record', x);
  const watching = watchFor('record', options);
  const { tape, output } = withPooledTape((pooled, meter) => {
    const { output: result, session } = recordCall('record', pooled, point, f, true);
    const checked = scalarOutput('record', result, session);
    notePeak();
    watching(pooled)?.checkValues();
    finishCall(pooled, meter, options?.counters, 0);
    return { tape: pooled.detach(), output: checked };
  });
  return new TapeRecording(tape, point, output.index, output.value);
}

class TapeRecording implements Recording {
  readonly inputSize: number;
  private currentValue: number;
  /** The point of the last replay (or the recording's); a watched sweep replays it for its values. */
  private point: Float64Array;
  /** False after a replay threw: the partials on the tape are then half old, half new. */
  private consistent = true;
  private peakBytes: number;

  constructor(
    private readonly tape: Tape,
    point: Float64Array,
    private readonly output: number,
    value: number,
  ) {
    this.inputSize = point.length;
    this.point = point;
    this.currentValue = value;
    this.peakBytes = tape.bytes;
  }

  get stats(): TapeStats {
    return makeStats(this.tape.length, this.tape.bytes, this.peakBytes);
  }

  value(x: ArrayLike<number>): number {
    const point = checkedPoint('Recording.value', x);
    this.replay('Recording.value', point);
    return this.currentValue;
  }

  sweep(options?: DifferentiationOptions): Float64Array {
    const watch = watchFor('Recording.sweep', options)(this.tape);
    // An earlier sweep has written adjoints over the values: the watch replays the point for them.
    if (watch !== null && this.consistent) this.replay('Recording.sweep', this.point);
    return this.sweepWith(watch, options);
  }

  /** The sweep at the last replayed point; a `watch` checks the replay's values, then the adjoints. */
  private sweepWith(watch: TapeWatch | null, options: DifferentiationOptions | undefined): Float64Array {
    if (!this.consistent) {
      throw new UsageError(
        'Recording.sweep: the last replay failed, so the tape matches no point; replay at a valid point first',
      );
    }
    watch?.checkValues();
    const tape = this.tape;
    const gradient = new Float64Array(this.inputSize);
    const output = this.output;
    withOwnTape(tape, (meter) => {
      if (output >= 0) {
        tape.seedAndSweep([output]);
        watch?.checkAdjoints(output, 'sweep of the recording');
        gradient.set(tape.adjoints.subarray(0, this.inputSize));
      }
      notePeak();
      this.peakBytes = Math.max(this.peakBytes, meter.peak);
      finishCall(tape, meter, undefined, 0);
      const counters = options?.counters;
      if (counters !== undefined) {
        counters.sweeps += output >= 0 ? 1 : 0;
        counters.peakTapeBytes = Math.max(counters.peakTapeBytes, meter.peak);
      }
    });
    return gradient;
  }

  gradient(x: ArrayLike<number>, options?: DifferentiationOptions): Float64Array {
    const watch = watchFor('Recording.gradient', options)(this.tape);
    this.replay('Recording.gradient', checkedPoint('Recording.gradient', x));
    return this.sweepWith(watch, options);
  }

  valueAndGradient(x: ArrayLike<number>, options?: DifferentiationOptions): ValueAndGradient {
    const watch = watchFor('Recording.valueAndGradient', options)(this.tape);
    this.replay('Recording.valueAndGradient', checkedPoint('Recording.valueAndGradient', x));
    return { value: this.currentValue, gradient: this.sweepWith(watch, options) };
  }

  private replay(operation: string, point: Float64Array): void {
    if (point.length !== this.inputSize) {
      throw new ShapeError(
        operation,
        `x has length ${point.length} but the recording has ${this.inputSize} inputs`,
      );
    }
    const tape = this.tape;
    this.consistent = false;
    // Values go to the array the sweep later uses for adjoints: the sweep needs only the partials.
    withOwnTape(tape, (meter) => {
      tape.replay(point, tape.values);
      this.peakBytes = Math.max(this.peakBytes, meter.peak);
    });
    this.currentValue = this.output >= 0 ? tape.values[this.output]! : this.currentValue;
    this.point = point;
    this.consistent = true;
  }
}
