/**
 * The code generator behind `compileGradient`: turns a recorded tape into JavaScript for three passes over
 * it — values (with the recorded comparisons as guards), partials, and the reverse sweep — one function per
 * block of entries: a loop found by compile-loops.ts, or a chunk of straight-line code. Large stretches of
 * straight-line code are left to the tape's own replay and sweep (see `GenerateOptions.maxStraightLine`).
 *
 * The generated code knows no derivative: every value and partial is a call of the rule table's own
 * functions, hoisted into constants of the factory (`V3 = R[3].value`, `A3 = R[3].da`, ...), so each call
 * site is monomorphic and the JIT inlines the rule there; a NaN product goes to core's
 * `strongZeroProduct`. Constant operands become number literals, entry indices integer literals or affine
 * expressions of the loop counter. Nothing from the caller but numbers reaches the source.
 *
 * The arrays are the tape's own: values (which become adjoints once the partials are computed, as in the
 * tape) and the two partial slots, so generated blocks and replayed ones mix freely. The sweep adds
 * contributions to each adjoint in exactly the order of the tape's sweep, so the compiled gradient equals
 * `Recording.gradient` bit for bit. Adjoints whose every contribution comes from the same block iteration
 * live in locals instead of the array (same additions, same order).
 */
import { COMPARISON_OPERATORS, numberLiteral, type Rule } from '@dualtape/core';
import {
  CHECKPOINT,
  CHECKPOINT_OUTPUT,
  COMPARISON,
  COMPARISON_KINDS,
  type EntryLayout,
  INPUT,
  type OperationEntry,
  operationOfOpcode,
  PRIMAL_READ,
  type Tape,
} from '../../tape.js';
import { type Block, findBlocks, type LoopSearch } from './compile-loops.js';

/** What the driver runs for one block, in recording order. */
export type PlanStep =
  | {
      readonly kind: 'generated';
      readonly block: Block;
      /**
       * What each function takes after the tape's arrays `(v, p0, p1)`: nothing for straight-line code, the
       * loop's start, iteration count and parameters for a loop.
       */
      readonly arguments: readonly number[];
      /** The function writing the block's values into `v` and checking its comparisons. */
      readonly forward: string;
      /** The functions writing the block's partials into `p0` and `p1`. */
      readonly partials: readonly string[];
      /** The block's sweep (by then `v` holds adjoints), or null when nothing in it is swept. */
      readonly backward: string | null;
    }
  | {
      readonly kind: 'replayed';
      readonly block: Block;
      /** Comparisons recorded before the block, for `Tape.replay`'s numbering. */
      readonly comparisonsBefore: number;
    };

/** Generated source and what the driver needs to run it. */
export interface GeneratedSource {
  /**
   * The body of `new Function('R', 'strongZero', 'fail', 'failRead', body)`, which returns an object of the
   * generated functions by name. `fail(number, kind, recorded, a, b)` must throw: comparison `number` (from
   * 1; `kind` an index into COMPARISON_KINDS) did not come out as `recorded` (1 or 0).
   * `failRead(entry, now)` must throw: the value read with `primal` at guard entry `entry` is `now`, not the
   * value read when recording.
   */
  readonly body: string;
  readonly plan: readonly PlanStep[];
}

/** The rule of an operation opcode, and how its operands are laid out. */
function operationOf(opcode: number): OperationEntry {
  const operation = operationOfOpcode(opcode);
  if (operation === undefined) throw new Error(`compileGradient: tape opcode ${opcode} names no rule`);
  return operation;
}

/** Per-tape facts the emitters share. */
interface Analysis {
  readonly tape: Tape;
  /** f's entry, or -1 for a plain-number output. */
  readonly output: number;
  /** Whether the output depends on the entry (straight-line sweeps skip the others). */
  readonly needed: Uint8Array;
  /** How many operand slots of operations read the entry: its adjoint's contributions. */
  readonly uses: Int32Array;
  /** For a comparison entry, its number from 1 in recording order. */
  readonly comparisonNumber: Int32Array;
  readonly rulesUsed: Set<Rule>;
}

function analyse(tape: Tape, output: number): Analysis {
  const { opcodes, arg0, arg1 } = tape;
  const length = tape.length;
  const needed = new Uint8Array(length);
  const uses = new Int32Array(length);
  const comparisonNumber = new Int32Array(length);
  let comparisons = 0;
  for (let k = tape.inputCount; k < length; k++) {
    const opcode = opcodes[k]!;
    if (opcode === INPUT || opcode === CHECKPOINT || opcode === CHECKPOINT_OUTPUT) {
      throw new Error(`compileGradient: entry ${k} has opcode ${opcode}, which cannot be compiled`);
    }
    if (opcode === PRIMAL_READ) continue;
    if (opcode >= COMPARISON) {
      comparisonNumber[k] = ++comparisons;
      continue;
    }
    uses[arg0[k]!]!++;
    if (arg1[k]! >= 0) uses[arg1[k]!]!++;
  }
  // Recording order is topological: one pass down from the output marks everything it depends on.
  if (output >= 0) needed[output] = 1;
  for (let k = output; k >= tape.inputCount; k--) {
    if (needed[k] === 0 || opcodes[k]! >= COMPARISON) continue;
    needed[arg0[k]!] = 1;
    if (arg1[k]! >= 0) needed[arg1[k]!] = 1;
  }
  return { tape, output, needed, uses, comparisonNumber, rulesUsed: new Set() };
}

/** An operand of the entry at offset `j` of a block: an entry (moving by `stride` per iteration) or a constant. */
interface Operand {
  readonly j: number;
  readonly slot: 0 | 1;
  /** The entry read at iteration 0, or -1 for a constant. */
  readonly entry: number;
  readonly stride: number;
}

/**
 * Writes the code of one block. A loop's code does not depend on where the loop is: its start, its
 * iteration count, the entries it reads outside itself and the numbers of its comparisons are parameters
 * (`K`, `T`, `b3_0`, `n5`, ...), so loops of the same shape share one generated function.
 */
class BlockWriter {
  readonly start: number;
  readonly period: number;
  readonly count: number;
  readonly loop: boolean;
  /** Parameter names of the loop's functions after `K` and `T`, and their values for this block. */
  readonly parameters: string[] = [];
  readonly arguments: number[] = [];
  /** Per offset and slot: whether a constant operand is the same in every iteration (else read from the tape). */
  private readonly uniform = new Map<number, boolean>();

  constructor(
    readonly analysis: Analysis,
    block: Block,
  ) {
    this.start = block.start;
    this.period = block.period;
    this.count = block.count;
    this.loop = block.count > 1;
    if (!this.loop) return;
    const { tape, comparisonNumber } = analysis;
    for (let j = 0; j < this.period; j++) {
      for (const slot of [0, 1] as const) {
        const operand = this.operand(j, slot);
        if (operand.entry >= 0 && operand.stride !== this.period) {
          this.parameters.push(`b${j}_${slot}`);
          this.arguments.push(operand.entry);
        }
      }
      const opcode = tape.opcodes[this.start + j]!;
      if (opcode >= COMPARISON && opcode !== PRIMAL_READ) {
        this.parameters.push(`n${j}`);
        this.arguments.push(comparisonNumber[this.start + j]!);
      }
    }
  }

  /** Operand `slot` of the entry at offset `j`. */
  operand(j: number, slot: 0 | 1): Operand {
    const args = slot === 0 ? this.analysis.tape.arg0 : this.analysis.tape.arg1;
    const entry = this.start + j;
    const argument = args[entry]!;
    const stride = argument >= 0 && this.loop ? args[entry + this.period]! - argument : 0;
    return { j, slot, entry: argument, stride };
  }

  /** The offset within the iteration of an operand that is computed in the same iteration, or -1. */
  sameIteration(operand: Operand): number {
    if (operand.entry < this.start || operand.entry >= this.start + this.period) return -1;
    return !this.loop || operand.stride === this.period ? operand.entry - this.start : -1;
  }

  /** The index expression of an operand's entry. */
  index(operand: Operand): string {
    const { entry, stride } = operand;
    if (!this.loop) return String(entry);
    if (stride === this.period) return this.relative(entry - this.start);
    const base = `b${operand.j}_${operand.slot}`;
    if (stride === 0) return base;
    const step = Math.abs(stride) === 1 ? 't' : `${Math.abs(stride)}*t`;
    return stride > 0 ? `${base}+${step}` : `${base}-${step}`;
  }

  /** The index expression of the entry at offset `j` itself. */
  self(j: number): string {
    return this.loop ? this.relative(j) : String(this.start + j);
  }

  private relative(offset: number): string {
    return offset === 0 ? 'k' : offset > 0 ? `k+${offset}` : `k-${-offset}`;
  }

  /**
   * A constant operand: a literal when it is the same in every iteration, else read from where the tape
   * keeps it (an operation's constant in `p1`, a comparison's in the slot's own array; generated code
   * never overwrites either).
   */
  constant(operand: Operand): string {
    const { tape } = this.analysis;
    const entry = this.start + operand.j;
    const comparison = tape.opcodes[entry]! >= COMPARISON;
    const array = comparison && operand.slot === 0 ? tape.partial0 : tape.partial1;
    const key = 2 * operand.j + operand.slot;
    let uniform = this.uniform.get(key);
    if (uniform === undefined) {
      uniform = true;
      for (let t = 1; t < this.count && uniform; t++)
        uniform = Object.is(array[entry + this.period * t], array[entry]);
      this.uniform.set(key, uniform);
    }
    if (uniform) return numberLiteral(array[entry]!);
    return `${comparison && operand.slot === 0 ? 'p0' : 'p1'}[${this.self(operand.j)}]`;
  }

  /** An operand's value as stored: a constant, or the values array at the operand's index. */
  value(operand: Operand): string {
    return operand.entry < 0 ? this.constant(operand) : `v[${this.index(operand)}]`;
  }

  /** A function of this block over the tape's arrays, `body` being one iteration. */
  function(body: string, down: boolean): string {
    if (!this.loop) return `(v,p0,p1){${body}}`;
    const { period } = this;
    const loop = down
      ? `for(let t=T-1,k=K+(T-1)*${period};t>=0;t--,k-=${period}){${body}}`
      : `for(let t=0,k=K;t<T;t++,k+=${period}){${body}}`;
    return `(v,p0,p1,K,T${this.parameters.map((name) => `,${name}`).join('')}){${loop}}`;
  }

  /** What the driver passes after the arrays: `K`, `T` and the parameters. */
  get loopArguments(): number[] {
    return this.loop ? [this.start, this.count, ...this.arguments] : [];
  }

  /** True when every contribution to the adjoint of offset `j` comes from its own iteration. */
  localAdjoint(j: number, usesInIteration: Int32Array): boolean {
    const { uses, output } = this.analysis;
    for (let t = 0; t < this.count; t++) {
      const entry = this.start + this.period * t + j;
      if (entry === output || uses[entry] !== usesInIteration[j]) return false;
    }
    return usesInIteration[j]! > 0;
  }
}

/** The value call of an operation, given its operands' expressions. */
function valueCall(analysis: Analysis, opcode: number, operands: readonly string[]): string {
  const { rule, layout } = operationOf(opcode);
  analysis.rulesUsed.add(rule);
  const c = rule.code;
  if (rule.arity === 1) return `V${c}(${operands[0]})`;
  if (layout === 'constantFirst') return `V${c}(${operands[1]},${operands[0]})`;
  return `V${c}(${operands[0]},${operands[1]})`;
}

/** Values and guards of one block: its source after `function NAME`. */
function forwardFunction(writer: BlockWriter): string {
  const { analysis, period } = writer;
  const { tape } = analysis;
  const statements: string[] = [];
  const expression = (operand: Operand): string => {
    const local = operand.entry >= 0 ? writer.sameIteration(operand) : -1;
    return local >= 0 ? `t${local}` : writer.value(operand);
  };
  for (let j = 0; j < period; j++) {
    const entry = writer.start + j;
    const opcode = tape.opcodes[entry]!;
    const a = expression(writer.operand(j, 0));
    if (opcode === PRIMAL_READ) {
      // The value read when recording is the slot-1 constant; Object.is tells -0 from 0 and NaN from NaN
      // as a number read in f would.
      const recorded = writer.constant(writer.operand(j, 1));
      statements.push(`if(!Object.is(${a},${recorded}))failRead(${writer.self(j)},${a});`);
      continue;
    }
    if (opcode >= COMPARISON) {
      const code = opcode - COMPARISON;
      const kind = code >> 1;
      const recorded = code & 1;
      const b = expression(writer.operand(j, 1));
      const { comparisonNumber } = analysis;
      const number = writer.loop
        ? `n${j}+${comparisonNumber[entry + period]! - comparisonNumber[entry]!}*t`
        : String(comparisonNumber[entry]);
      const test = `${a}${COMPARISON_OPERATORS[COMPARISON_KINDS[kind]!]}${b}`;
      statements.push(
        `if(${recorded === 1 ? `!(${test})` : test})fail(${number},${kind},${recorded},${a},${b});`,
      );
      continue;
    }
    const b = operationOf(opcode).rule.arity === 2 ? expression(writer.operand(j, 1)) : '';
    statements.push(`const t${j}=${valueCall(analysis, opcode, [a, b])};v[${writer.self(j)}]=t${j};`);
  }
  return writer.function(statements.join(''), false);
}

/** An entry the sweep visits: its offset in the block, its rule and operand layout. */
interface SweptOperation {
  readonly j: number;
  readonly rule: Rule;
  readonly layout: EntryLayout;
}

/** The offsets of a block the sweep visits. */
function sweptOperations(writer: BlockWriter): SweptOperation[] {
  const { tape, needed, output } = writer.analysis;
  const swept: SweptOperation[] = [];
  for (let j = 0; j < writer.period; j++) {
    const entry = writer.start + j;
    const opcode = tape.opcodes[entry]!;
    if (opcode >= COMPARISON) continue;
    // Straight-line code sweeps only what the output depends on; a loop sweeps every iteration (entries
    // the output does not depend on have adjoint 0 and are skipped at run time).
    if (!writer.loop && (needed[entry] === 0 || entry > output)) continue;
    swept.push({ j, ...operationOf(opcode) });
  }
  return swept;
}

/** One partial of a swept entry: which slot of `q` it fills, the rule function and its operands. */
interface PartialCall {
  readonly slot: 0 | 1;
  readonly partial: string;
  readonly operands: readonly string[];
}

/**
 * The partials of one swept entry as the tape stores them: `d(x, y)`, `da(a, b, y)` and `db(a, b, y)`, and
 * for a constant operand only the variable's partial (slot 0).
 */
function partialCalls(writer: BlockWriter, operation: SweptOperation): PartialCall[] {
  const { j, rule, layout } = operation;
  const value = (operand: Operand) => writer.value(operand);
  const c = rule.code;
  const first = value(writer.operand(j, 0));
  const y = `v[${writer.self(j)}]`;
  if (rule.arity === 1) return [{ slot: 0, partial: `D${c}`, operands: [first, y] }];
  const second = value(writer.operand(j, 1));
  if (layout === 'variables') {
    const operands = [first, second, y];
    return [
      { slot: 0, partial: `A${c}`, operands },
      { slot: 1, partial: `B${c}`, operands },
    ];
  }
  if (layout === 'constantSecond') return [{ slot: 0, partial: `A${c}`, operands: [first, second, y] }];
  return [{ slot: 0, partial: `B${c}`, operands: [second, first, y] }];
}

/** The tape's partial slot of the entry at offset `j`: `p0` or `p1` at the entry's index. */
function partialSlot(writer: BlockWriter, j: number, slot: 0 | 1): string {
  return `p${slot}[${writer.self(j)}]`;
}

/**
 * A block's partials, into the tape's partial arrays, split into functions of at most `callsPerFunction`
 * rule calls: V8 stops inlining within one optimized function after a small budget of inlined bytecode,
 * and the table's guarded partials are not tiny; past the budget every partial would be a real call.
 */
function partialFunctions(writer: BlockWriter, callsPerFunction: number): string[] {
  const calls = sweptOperations(writer).flatMap((operation) =>
    partialCalls(writer, operation).map((call) => ({ ...call, j: operation.j })),
  );
  const functions: string[] = [];
  for (let from = 0; from < calls.length; from += callsPerFunction) {
    // Each value is loaded once per iteration: stores of partials could alias `v` for all the JIT knows.
    const loads = new Map<string, string>();
    const local = (operand: string) => {
      if (!operand.startsWith('v[') && !operand.startsWith('p')) return operand;
      let name = loads.get(operand);
      if (name === undefined) loads.set(operand, (name = `y${loads.size}`));
      return name;
    };
    const statements = calls
      .slice(from, from + callsPerFunction)
      .map(
        ({ j, slot, partial, operands }) =>
          `${partialSlot(writer, j, slot)}=${partial}(${operands.map(local).join(',')});`,
      );
    const prologue = [...loads].map(([operand, name]) => `const ${name}=${operand};`);
    functions.push(writer.function(prologue.join('') + statements.join(''), false));
  }
  return functions;
}

/** The sweep of one block: each adjoint times its stored partials, added to its operands' adjoints. */
function backwardFunction(writer: BlockWriter): string | null {
  const { period } = writer;
  const swept = sweptOperations(writer);
  if (swept.length === 0) return null;
  const operation = (j: number) => writer.analysis.tape.opcodes[writer.start + j]! < COMPARISON;
  const usesInIteration = new Int32Array(period);
  for (let j = 0; j < period; j++) {
    if (!operation(j)) continue;
    for (const slot of [0, 1] as const) {
      const operand = writer.operand(j, slot);
      const offset = operand.entry >= 0 ? writer.sameIteration(operand) : -1;
      if (offset >= 0) usesInIteration[offset]!++;
    }
  }
  const local = Array.from(
    { length: period },
    (_, j) => operation(j) && writer.localAdjoint(j, usesInIteration),
  );
  const adjoint = (operand: Operand): string => {
    const offset = writer.sameIteration(operand);
    return offset >= 0 && local[offset] ? `a${offset}` : `v[${writer.index(operand)}]`;
  };
  const statements: string[] = [];
  const locals = local.flatMap((isLocal, j) => (isLocal ? [`a${j}=0`] : []));
  if (locals.length > 0) statements.push(`let ${locals.join(',')};`);
  for (let i = swept.length - 1; i >= 0; i--) {
    const operation = swept[i]!;
    const { j } = operation;
    let body = '';
    for (const { slot } of partialCalls(writer, operation)) {
      // `strongZero` is core's strongZeroProduct: a zero partial contributes exactly 0 even against an
      // infinite or NaN adjoint. Only a NaN product can need it.
      body += `p=${partialSlot(writer, j, slot)};c=s*p;if(c!==c)c=strongZero(p,s);${adjoint(writer.operand(j, slot))}+=c;`;
    }
    const self = local[j] ? `a${j}` : `v[${writer.self(j)}]`;
    // The tape's sweep skips a zero adjoint; here its contributions are ±0 (the strong zero makes
    // 0 · ±∞ and 0 · NaN exactly 0) and adding ±0 changes no sum, since no adjoint is ever -0 (every
    // one starts at +0). Not branching is faster.
    statements.push(`s=${self};${body}`);
  }
  // The values array holds adjoints by now, as in the tape.
  return writer.function(`let s,p,c;${statements.join('')}`, true);
}

/** How the generator lays out the code. */
export interface GenerateOptions extends LoopSearch {
  /** Entries per generated straight-line function. */
  readonly chunkSize: number;
  /** Most rule calls per generated function of partials. */
  readonly callsPerFunction: number;
  /**
   * Most entries outside loops for which straight-line code is generated. Beyond it every straight-line
   * stretch is replayed and swept by the tape instead: V8 takes about 0.3 ms per straight-line entry to
   * optimize such code, runs it slower than the tape's replay until then, and only a little faster after.
   */
  readonly maxStraightLine: number;
}

/**
 * Generates the source for `tape`, whose entry `output` is f's value (-1 for a plain-number output). The
 * tape must hold no checkpointed segments.
 */
export function generateSource(tape: Tape, output: number, options: GenerateOptions): GeneratedSource {
  const analysis = analyse(tape, output);
  const blocks = findBlocks(tape, options);
  let straightLine = 0;
  for (const block of blocks) if (block.count === 1) straightLine += block.period;
  const generateStraightLine = straightLine <= options.maxStraightLine;

  // Functions by their source after the name: loops of the same shape share theirs.
  const functions = new Map<string, string>();
  const define = (source: string): string => {
    let name = functions.get(source);
    if (name === undefined) functions.set(source, (name = `g${functions.size}`));
    return name;
  };
  const plan: PlanStep[] = [];
  const generate = (block: Block) => {
    const writer = new BlockWriter(analysis, block);
    const swept = block.start <= output;
    const backward = swept ? backwardFunction(writer) : null;
    plan.push({
      kind: 'generated',
      block,
      arguments: writer.loopArguments,
      forward: define(forwardFunction(writer)),
      partials: swept ? partialFunctions(writer, options.callsPerFunction).map(define) : [],
      backward: backward === null ? null : define(backward),
    });
  };
  let comparisons = 0;
  for (const block of blocks) {
    const comparisonsBefore = comparisons;
    const end = block.start + block.period * block.count;
    for (let k = block.start; k < end; k++) if (analysis.comparisonNumber[k]! > 0) comparisons++;
    if (block.count > 1) {
      generate(block);
    } else if (generateStraightLine) {
      const end = block.start + block.period;
      for (let start = block.start; start < end; start += options.chunkSize) {
        generate({ start, period: Math.min(options.chunkSize, end - start), count: 1 });
      }
    } else {
      plan.push({ kind: 'replayed', block, comparisonsBefore });
    }
  }

  const prelude: string[] = ["'use strict';"];
  for (const rule of analysis.rulesUsed) {
    const c = rule.code;
    prelude.push(
      rule.arity === 1
        ? `const V${c}=R[${c}].value,D${c}=R[${c}].d;`
        : `const V${c}=R[${c}].value,A${c}=R[${c}].da,B${c}=R[${c}].db;`,
    );
  }
  const sources = [...functions].map(([source, name]) => `function ${name}${source}`);
  const body = [...prelude, ...sources, `return {${[...functions.values()].join(',')}};`].join('\n');
  return { body, plan };
}
