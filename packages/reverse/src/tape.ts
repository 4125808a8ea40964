/**
 * The reverse-mode tape: one entry per recorded operation, stored struct-of-arrays in typed arrays that
 * grow geometrically and are reused from call to call. Recording order is already a topological order,
 * so the backward sweep is one loop over the entries in reverse: no recursion, no graph walk, no closure
 * per node.
 *
 * Per entry the tape holds an opcode (1 byte), two argument indices (2 × 4 bytes), two stored partials
 * (2 × 8 bytes) and a value that becomes the adjoint (8 bytes): 33 bytes. Recording and replaying write
 * values; the sweep needs only the partials, so it reuses the same array for the adjoints.
 *
 * Entry kinds, by opcode:
 * - a rule's `code` (0..63): a unary operation (`arg1 = -1`) or a binary one between two variables;
 * - `CONSTANT_SECOND + code`: a binary operation whose second operand is a plain number, kept in the
 *   unused `partial1` slot (`arg0` is the variable, `partial0` its partial);
 * - `CONSTANT_FIRST + code`: the same with the plain number first (`sub(2, x)`);
 * - `COMPARISON + 2·kind + outcome`: a comparison for control flow; an operand that is a plain number has
 *   index -1 and its value in its partial slot; no operation ever reads its adjoint;
 * - `PRIMAL_READ`: a variable's value read as a JavaScript number (`primal`) while recording something that
 *   will be replayed: `arg0` is the entry read, `partial1` the value read; a replay where that entry's
 *   value differs throws `ControlFlowError` (the number read is a constant to the tape); no operation
 *   ever reads its adjoint;
 * - `INPUT`: an independent variable (always the first entries);
 * - `CHECKPOINT` (`arg0 = -2 - segment number`) followed by one `CHECKPOINT_OUTPUT` per output: a segment
 *   whose intermediates are recomputed during the sweep instead of stored (see checkpoint.ts).
 */
import {
  type BinaryRule,
  type Comparison,
  ControlFlowError,
  comparePrimals,
  describePoint,
  RULES,
  RULES_BY_CODE,
  type Rule,
  strongZeroProduct,
  type UnaryRule,
} from '@dualtape/core';

/** Bytes one tape entry occupies: opcode, two argument indices, two partials and an adjoint. */
export const BYTES_PER_ENTRY = 1 + 2 * 4 + 2 * 8 + 8;

/** Opcode offset of a binary operation whose second operand is a plain number. */
export const CONSTANT_SECOND = 64;
/** Opcode offset of a binary operation whose first operand is a plain number. */
export const CONSTANT_FIRST = 128;
/** Opcode offset of comparisons: `COMPARISON + 2 · kind + (outcome ? 1 : 0)`. */
export const COMPARISON = 192;
/** Opcode of an independent variable. */
export const INPUT = 250;
/** Opcode of a checkpointed segment. */
export const CHECKPOINT = 251;
/** Opcode of one output of a checkpointed segment. */
export const CHECKPOINT_OUTPUT = 252;
/** Opcode of a value read with `primal` while recording for replay (a guard, like a comparison). */
export const PRIMAL_READ = 253;

/** The comparison kinds in opcode order. */
export const COMPARISON_KINDS: readonly Comparison[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];

/** How an operation entry holds its operands (see the module comment). */
export type EntryLayout =
  /** A unary operation (`arg1 = -1`) or a binary one between two variables. */
  | 'variables'
  /** A binary operation whose second operand is a plain number, kept in `partial1`. */
  | 'constantSecond'
  /** A binary operation whose first operand is a plain number, kept in `partial1`. */
  | 'constantFirst';

/** An operation entry decoded: the rule it applies and how its operands are laid out. */
export interface OperationEntry {
  readonly rule: Rule;
  readonly layout: EntryLayout;
}

/**
 * The one decoder of the opcode layout: every operation opcode's rule and operand layout, built once from
 * the rule table (undefined for inputs, comparisons, guards, checkpoints and unused opcodes).
 */
const OPERATIONS_BY_OPCODE: (OperationEntry | undefined)[] = new Array(256).fill(undefined);
/** Rules by opcode, split by arity so the replay loop needs no arity test on the rule object. */
const UNARY_BY_CODE: (UnaryRule | undefined)[] = [];
const BINARY_BY_CODE: (BinaryRule | undefined)[] = [];
for (const rule of RULES_BY_CODE) {
  if (rule.code >= CONSTANT_SECOND) {
    throw new Error(`tape: rule code ${rule.code} (${rule.name}) does not fit the opcode layout`);
  }
  OPERATIONS_BY_OPCODE[rule.code] = Object.freeze({ rule, layout: 'variables' });
  if (rule.arity === 1) {
    UNARY_BY_CODE[rule.code] = rule;
  } else {
    BINARY_BY_CODE[rule.code] = rule;
    OPERATIONS_BY_OPCODE[CONSTANT_SECOND + rule.code] = Object.freeze({ rule, layout: 'constantSecond' });
    OPERATIONS_BY_OPCODE[CONSTANT_FIRST + rule.code] = Object.freeze({ rule, layout: 'constantFirst' });
  }
}

/** The operation recorded under `opcode` (its rule and operand layout), or undefined for other entries. */
export function operationOfOpcode(opcode: number): OperationEntry | undefined {
  return OPERATIONS_BY_OPCODE[opcode];
}

/**
 * Where a replay runs, for its failure messages: what replayed (`'replay'`, `'compiled gradient'`) and
 * what the message advises instead (`'re-record'`, `'compile again at this point'`).
 */
export interface ReplaySite {
  readonly operation: string;
  readonly advice: string;
}

/** A recording's own replay (`record`). */
export const RECORDING_REPLAY: ReplaySite = { operation: 'replay', advice: 're-record' };

/**
 * A checkpointed segment as the tape sees it. The tape only dispatches to it; what a segment does lives
 * in checkpoint.ts, so the tape does not import the operations that record on it.
 */
export interface TapeSegment {
  /** Bytes the segment keeps on the tape besides its entries (saved input values, indices). */
  readonly bytes: number;
  /** Replay: recomputes the segment's outputs from the current `values` of its inputs. */
  forward(tape: Tape, values: Float64Array, entry: number): void;
  /** Sweep: adds the segment's contribution to its inputs' adjoints, given its outputs' adjoints. */
  backward(tape: Tape, entry: number): void;
}

/** A part of a tape to replay (see `Tape.replay`). */
export interface ReplayRange {
  /** First entry replayed. */
  readonly from: number;
  /** One past the last entry replayed. */
  readonly to: number;
  /** Comparisons recorded before `from`, so messages number comparisons as a full replay does. */
  readonly comparisonsBefore: number;
}

const INITIAL_CAPACITY = 1024;

/** A reverse-mode tape. Reset and reused between calls; grows by doubling. */
export class Tape {
  /** Entry kind and rule code, see the module comment. */
  opcodes: Uint8Array;
  /** First argument's entry index; -1 for none (input, checkpoint output) or a plain-number operand. */
  arg0: Int32Array;
  /** Second argument's entry index; -1 for none. */
  arg1: Int32Array;
  /** ∂entry/∂arg0, or the plain-number operand of a comparison. */
  partial0: Float64Array;
  /** ∂entry/∂arg1, or the plain-number operand of a binary operation or comparison. */
  partial1: Float64Array;
  /**
   * Entry values while recording or replaying, adjoints during a sweep: the sweep needs only the stored
   * partials, so one array serves both (values are gone once a sweep starts).
   */
  adjoints: Float64Array;
  /** Number of entries recorded. */
  length = 0;
  /** Number of independent variables (entries 0 .. inputCount-1). */
  inputCount = 0;
  /** Checkpointed segments, numbered in recording order. */
  segments: TapeSegment[] = [];
  /** Bytes held by the segments besides their entries. */
  segmentBytes = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    const size = Math.max(1, capacity);
    const buffer = new ArrayBuffer(size * BYTES_PER_ENTRY);
    // One buffer per size: growing allocates once instead of six times (each large allocation can
    // trigger a full garbage collection). Widest element first keeps every view aligned.
    this.partial0 = new Float64Array(buffer, 0, size);
    this.partial1 = new Float64Array(buffer, 8 * size, size);
    this.adjoints = new Float64Array(buffer, 16 * size, size);
    this.arg0 = new Int32Array(buffer, 24 * size, size);
    this.arg1 = new Int32Array(buffer, 28 * size, size);
    this.opcodes = new Uint8Array(buffer, 32 * size, size);
  }

  /** The entries' values while recording (the adjoint array, before a sweep clears it). */
  get values(): Float64Array {
    return this.adjoints;
  }

  /** Entries the arrays can hold before they grow. */
  get capacity(): number {
    return this.opcodes.length;
  }

  /** Bytes the recorded entries and segments occupy. */
  get bytes(): number {
    return this.length * BYTES_PER_ENTRY + this.segmentBytes;
  }

  /** Bytes the typed arrays occupy, used or not. */
  get capacityBytes(): number {
    return this.capacity * BYTES_PER_ENTRY + this.segmentBytes;
  }

  /** Forgets every entry, keeping the arrays for the next recording. */
  reset(): void {
    this.length = 0;
    this.inputCount = 0;
    if (this.segments.length > 0) this.segments = [];
    this.segmentBytes = 0;
  }

  /** Appends an entry and returns its index. */
  push(
    opcode: number,
    arg0: number,
    arg1: number,
    partial0: number,
    partial1: number,
    value: number,
  ): number {
    const index = this.length;
    if (index === this.opcodes.length) this.grow();
    this.values[index] = value;
    this.opcodes[index] = opcode;
    this.arg0[index] = arg0;
    this.arg1[index] = arg1;
    this.partial0[index] = partial0;
    this.partial1[index] = partial1;
    this.length = index + 1;
    return index;
  }

  /** Appends an independent variable. Inputs must be recorded before anything else. */
  pushInput(value: number): number {
    if (this.inputCount !== this.length) throw new Error('tape: inputs must be the first entries');
    this.inputCount++;
    return this.push(INPUT, -1, -1, 0, 0, value);
  }

  /** Appends a checkpointed segment's entry followed by one entry per output value; returns the entry. */
  pushSegment(segment: TapeSegment, outputs: readonly number[]): number {
    const entry = this.push(CHECKPOINT, -2 - this.segments.length, -1, 0, 0, 0);
    this.segments.push(segment);
    this.segmentBytes += segment.bytes;
    for (const value of outputs) this.push(CHECKPOINT_OUTPUT, -1, -1, 0, 0, value);
    return entry;
  }

  private grow(): void {
    this.resize(this.opcodes.length * 2);
  }

  /** Moves the entries into arrays of `capacity` entries (at least `length`). */
  private resize(capacity: number): void {
    const next = new Tape(capacity);
    next.copyEntriesFrom(this);
    this.partial0 = next.partial0;
    this.partial1 = next.partial1;
    this.adjoints = next.adjoints;
    this.arg0 = next.arg0;
    this.arg1 = next.arg1;
    this.opcodes = next.opcodes;
  }

  /** Copies `source`'s entries (values included) into this tape's arrays, which must be large enough. */
  private copyEntriesFrom(source: Tape): void {
    const length = source.length;
    this.adjoints.set(source.adjoints.subarray(0, length));
    this.partial0.set(source.partial0.subarray(0, length));
    this.partial1.set(source.partial1.subarray(0, length));
    this.arg0.set(source.arg0.subarray(0, length));
    this.arg1.set(source.arg1.subarray(0, length));
    this.opcodes.set(source.opcodes.subarray(0, length));
  }

  /**
   * A copy of the recorded entries in arrays of exactly their size, for a recording kept by the caller
   * (recorded on a pooled tape, whose arrays stay in the pool).
   */
  detach(): Tape {
    const copy = new Tape(Math.max(1, this.length));
    copy.copyEntriesFrom(this);
    copy.length = this.length;
    copy.inputCount = this.inputCount;
    copy.segments = this.segments.slice();
    copy.segmentBytes = this.segmentBytes;
    return copy;
  }

  /** Sets every adjoint of the recorded entries to 0 (before seeding a sweep). */
  clearAdjoints(): void {
    this.adjoints.fill(0, 0, this.length);
  }

  /**
   * Seed and sweep, the steps every reverse pass takes: clears the adjoints, adds `seeds[j]` (1 when no
   * seeds are given) to the adjoint of entry `outputs[j]` — an entry of -1, a plain-number output, gets
   * nothing — and sweeps back from the last entry seeded. Returns that entry, or -1 when there was none
   * (nothing is swept and every adjoint stays 0).
   */
  seedAndSweep(outputs: ArrayLike<number>, seeds?: ArrayLike<number>): number {
    this.clearAdjoints();
    const adjoints = this.adjoints;
    let from = -1;
    for (let j = 0; j < outputs.length; j++) {
      const entry = outputs[j]!;
      if (entry < 0) continue;
      adjoints[entry] = adjoints[entry]! + (seeds === undefined ? 1 : seeds[j]!);
      if (entry > from) from = entry;
    }
    this.sweep(from);
    return from;
  }

  /**
   * The backward sweep from entry `from` down to entry `to` (0 by default): adj[arg] += adj[k] · partial,
   * with the strong zero (a zero adjoint or partial contributes exactly 0). Seed the adjoints first.
   */
  sweep(from: number, to = 0): void {
    const adjoints = this.adjoints;
    const arg0 = this.arg0;
    const arg1 = this.arg1;
    const partial0 = this.partial0;
    const partial1 = this.partial1;
    for (let k = from; k >= to; k--) {
      const seed = adjoints[k]!;
      if (seed === 0) {
        // Nothing flows back from a zero adjoint. Checkpoint entries are never anyone's argument, so
        // their adjoint is always 0 and they are found here, off the hot path.
        const first = arg0[k]!;
        if (first < -1) this.segments[-2 - first]!.backward(this, k);
        continue;
      }
      const first = arg0[k]!;
      if (first < 0) continue;
      const p0 = partial0[k]!;
      let contribution = seed * p0;
      // Only a NaN product can need the strong zero (0 · ∞, 0 · NaN): test for it, decide off the hot path.
      if (Number.isNaN(contribution)) contribution = strongZeroProduct(p0, seed);
      adjoints[first] = adjoints[first]! + contribution;
      const second = arg1[k]!;
      if (second < 0) continue;
      const p1 = partial1[k]!;
      contribution = seed * p1;
      if (Number.isNaN(contribution)) contribution = strongZeroProduct(p1, seed);
      adjoints[second] = adjoints[second]! + contribution;
    }
  }

  /**
   * Recomputes every value and partial from the opcodes at new inputs `x`, writing values into `values`
   * (which may be this tape's own adjoint array). A recorded comparison that comes out differently, or a
   * value read with `primal` that does, throws `ControlFlowError` naming `site` and x. `range` replays only
   * entries `from` to `to` - 1 (their arguments' values must be in `values`), numbering comparisons after
   * the `comparisonsBefore` ones that precede `from`.
   */
  replay(x: ArrayLike<number>, values: Float64Array, site = RECORDING_REPLAY, range?: ReplayRange): void {
    const end = range?.to ?? this.length;
    const opcodes = this.opcodes;
    const arg0 = this.arg0;
    const arg1 = this.arg1;
    const partial0 = this.partial0;
    const partial1 = this.partial1;
    let comparisons = range?.comparisonsBefore ?? 0;
    for (let k = range?.from ?? 0; k < end; k++) {
      const opcode = opcodes[k]!;
      if (opcode < CONSTANT_SECOND) {
        // Hot rules get call sites of their own, as in var.ts.
        if (opcode === MUL.code) replayBinary(MUL, this, values, k);
        else if (opcode === ADD.code) replayBinary(ADD, this, values, k);
        else if (opcode === SQUARE.code) replayUnary(SQUARE, this, values, k);
        else if (opcode === SUB.code) replayBinary(SUB, this, values, k);
        else if (UNARY_BY_CODE[opcode] !== undefined) replayUnary(UNARY_BY_CODE[opcode]!, this, values, k);
        else replayBinary(BINARY_BY_CODE[opcode]!, this, values, k);
      } else if (opcode < CONSTANT_FIRST) {
        const code = opcode - CONSTANT_SECOND;
        if (code === MUL.code) replayWithConstant(MUL, this, values, k, false);
        else if (code === ADD.code) replayWithConstant(ADD, this, values, k, false);
        else replayWithConstant(BINARY_BY_CODE[code]!, this, values, k, false);
      } else if (opcode < COMPARISON) {
        const code = opcode - CONSTANT_FIRST;
        if (code === SUB.code) replayWithConstant(SUB, this, values, k, true);
        else replayWithConstant(BINARY_BY_CODE[code]!, this, values, k, true);
      } else if (opcode === INPUT) {
        values[k] = x[k]!;
      } else if (opcode === CHECKPOINT) {
        values[k] = 0;
        this.segments[-2 - arg0[k]!]!.forward(this, values, k);
      } else if (opcode === CHECKPOINT_OUTPUT) {
        // Written by the CHECKPOINT entry before it.
      } else if (opcode === PRIMAL_READ) {
        const read = arg0[k]!;
        values[k] = 0;
        if (!Object.is(values[read], partial1[k])) throw primalReadError(site, x, this, k, values[read]!);
      } else {
        comparisons++;
        const code = opcode - COMPARISON;
        const kind = COMPARISON_KINDS[code >> 1]!;
        const recorded = (code & 1) === 1;
        const a = arg0[k]! >= 0 ? values[arg0[k]!]! : partial0[k]!;
        const b = arg1[k]! >= 0 ? values[arg1[k]!]! : partial1[k]!;
        values[k] = 0;
        if (comparePrimals(kind, a, b) !== recorded) {
          throw comparisonChangedError(site, x, comparisons, kind, recorded, a, b);
        }
      }
    }
  }
}

const { add: ADD, sub: SUB, mul: MUL, square: SQUARE } = RULES;

/** What a tape entry is, for messages: `input x[2]` or `the result of mul (entry #7)`. */
export function describeEntry(tape: Tape, entry: number): string {
  if (entry < tape.inputCount) return `input x[${entry}]`;
  const operation = operationOfOpcode(tape.opcodes[entry]!);
  return operation === undefined
    ? `entry #${entry}`
    : `the result of ${operation.rule.name} (entry #${entry})`;
}

/**
 * The error for a replay at `x` where recorded comparison number `number` (from 1, in recording order) of
 * kind `kind` was `recorded` and now, between `a` and `b`, is not. Replays and generated code share it.
 */
export function comparisonChangedError(
  site: ReplaySite,
  x: ArrayLike<number>,
  number: number,
  kind: Comparison,
  recorded: boolean,
  a: number,
  b: number,
): ControlFlowError {
  return new ControlFlowError(
    `${site.operation} at x = ${describePoint(x)}: comparison #${number} (${kind}) was ${recorded} when ` +
      `recorded and is ${!recorded} now (${a} ${kind} ${b}); ${site.advice}`,
  );
}

/**
 * The error for a replay at `x` where the value read with `primal` at guard entry `guard` is `now`, not
 * what was read when recording.
 */
export function primalReadError(
  site: ReplaySite,
  x: ArrayLike<number>,
  tape: Tape,
  guard: number,
  now: number,
): ControlFlowError {
  const read = tape.arg0[guard]!;
  return new ControlFlowError(
    `${site.operation} at x = ${describePoint(x)}: f read ${describeEntry(tape, read)} with primal() as ` +
      `${exactly(tape.partial1[guard]!)} when recorded, and it is ${exactly(now)} now; a number read with ` +
      'primal() is a constant to the recording, which holds only where it comes out the same (write ' +
      `stopGradient(x) for a value without derivative, lt/gt/... for a branch, or ${site.advice})`,
  );
}

/** A number as a message shows it: `-0` for negative zero, which `String` would write as `0`. */
function exactly(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function replayUnary(rule: UnaryRule, tape: Tape, values: Float64Array, k: number): void {
  const x = values[tape.arg0[k]!]!;
  const y = rule.value(x);
  values[k] = y;
  tape.partial0[k] = rule.d(x, y) as number;
}

function replayBinary(rule: BinaryRule, tape: Tape, values: Float64Array, k: number): void {
  const a = values[tape.arg0[k]!]!;
  const b = values[tape.arg1[k]!]!;
  const y = rule.value(a, b);
  values[k] = y;
  tape.partial0[k] = rule.da(a, b, y) as number;
  tape.partial1[k] = rule.db(a, b, y) as number;
}

/** The constant operand is kept in `partial1`; only the variable's partial is recomputed. */
function replayWithConstant(
  rule: BinaryRule,
  tape: Tape,
  values: Float64Array,
  k: number,
  constantFirst: boolean,
): void {
  const variable = values[tape.arg0[k]!]!;
  const constant = tape.partial1[k]!;
  if (constantFirst) {
    const y = rule.value(constant, variable);
    values[k] = y;
    tape.partial0[k] = rule.db(constant, variable, y) as number;
  } else {
    const y = rule.value(variable, constant);
    values[k] = y;
    tape.partial0[k] = rule.da(variable, constant, y) as number;
  }
}
