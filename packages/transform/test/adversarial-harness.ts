/**
 * Adversarial harness for the transform. `check` runs one function (source text) through every public entry
 * point of compile(f) — gradient, valueAndGradient (twice, stacks reused), vjp, jvp, jacobian forward (default
 * and several chunk sizes: the block-seeded code) and reverse — against the dual numbers and the tape running
 * compile(f).lift, and the lifted values against the original f on plain numbers (what catches bugs the
 * lowering shares with the lift). `checkFlavours` runs every generated flavour directly (fast and exact
 * adjoint, fast and exact tangent with 1–3 lanes, block-seeded tangent), including those compile only reaches
 * on its NaN fallbacks. Both return the list of disagreements, empty when everything agrees.
 */
import * as core from '@dualtape/core';
import { RULES, strongZeroProduct } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as reverse from '@dualtape/reverse';
import { oracleJacobian } from '@dualtape/testing';
import { inputAliases } from '../src/activity.js';
import { type CompileOptions, compile } from '../src/compile.js';
import { adjointSource } from '../src/emit/adjoint.js';
import { tangentSource } from '../src/emit/tangent.js';
import { analyse } from '../src/pipeline.js';
import { errorClassNamed } from '../src/resolve.js';
import { fromSource } from './helpers.js';

/** Sources starting with `function` are module text (entry `f`, helpers beside it); others are expressions. */
const isModuleText = (source: string) => /^\s*function\s/.test(source);

const close = (a: number, b: number, rtol = 1e-9, atol = 1e-9) =>
  (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b);

function compareRows(
  what: string,
  got: readonly ArrayLike<number>[],
  want: readonly ArrayLike<number>[],
  problems: string[],
  fast = false,
) {
  if (got.length !== want.length) {
    problems.push(`${what}: ${got.length} rows, expected ${want.length}`);
    return;
  }
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    // The fast flavours may give NaN where the exact ones do not: compile then reruns the exact code.
    if (fast && Array.from(g).some(Number.isNaN)) continue;
    for (let j = 0; j < w.length; j++) {
      if (!close(g[j]!, w[j]!)) {
        problems.push(`${what}[${i}][${j}] = ${g[j]}, expected ${w[j]}`);
        return;
      }
    }
  }
}

/** Runs every mode on `source` at x; returns the list of disagreements (empty when all agree). */
export function check(
  source: string,
  x: readonly number[],
  options: CompileOptions & { data?: unknown[]; oracle?: boolean; chunkSizes?: number[] } = {},
): string[] {
  const problems: string[] = [];
  const { data = [], oracle = false, chunkSizes = [1, 2, 3], ...compileOptions } = options;
  const isModule = isModuleText(source);
  const id = (v: number) => v;
  const globals = {
    primal: id,
    stopGradient: id,
    sum: core.sum,
    dot: core.dot,
    mean: core.mean,
    logSumExp: core.logSumExp,
    sigmoid: core.sigmoid,
    relu: core.relu,
  };
  const original = new Function(
    ...Object.keys(globals),
    isModule ? `${source}; return f;` : `return (${source});`,
  )(...Object.values(globals)) as (x: number[], ...d: unknown[]) => number | number[];
  const compiled = isModule
    ? compile(source, { entry: 'f', ...compileOptions })
    : compile(fromSource(source) as never, compileOptions);
  const lift = compiled.lift as unknown as (x: unknown, ...d: unknown[]) => unknown;
  const plain = original([...x], ...data);
  const asRows = (y: unknown): number[] => (typeof y === 'number' ? [y] : Array.from(y as ArrayLike<number>));
  // values: original f vs lift vs compiled.value
  const liftValue = lift([...x], ...data);
  compareRows('lift value vs original f', [asRows(liftValue)], [asRows(plain)], problems);
  const vector = (v: readonly unknown[]) => {
    const y = lift(v, ...data);
    return typeof y === 'number' ? [y] : y;
  };
  let dual: Float64Array[];
  let tape: Float64Array[];
  try {
    dual = forward.jacobian(vector as never, x);
  } catch (e) {
    problems.push(`dual jacobian threw ${(e as Error).message}`);
    return problems;
  }
  try {
    tape = reverse.jacobian(vector as never, x);
  } catch (e) {
    problems.push(`tape jacobian threw ${(e as Error).message}`);
    tape = dual;
  }
  compareRows('duals vs tape', dual, tape, problems);
  if (oracle) {
    const fd = oracleJacobian((v: readonly number[]) => asRows(original([...v], ...data)) as never, x);
    compareRows('duals vs 9-point oracle on original f', dual, fd as never, problems);
  }
  const attempt = (what: string, run: () => void) => {
    try {
      run();
    } catch (e) {
      problems.push(`${what} threw ${(e as Error).constructor.name}: ${(e as Error).message}`);
    }
  };
  attempt('forward jacobian', () => {
    compareRows('jacobian(forward)', compiled.jacobian(x, {}, ...data), dual, problems);
    for (const chunkSize of chunkSizes)
      if (chunkSize <= x.length)
        compareRows(
          `jacobian(forward, chunk ${chunkSize})`,
          compiled.jacobian(x, { chunkSize }, ...data),
          dual,
          problems,
        );
  });
  attempt('reverse jacobian', () =>
    compareRows('jacobian(reverse)', compiled.jacobian(x, { mode: 'reverse' }, ...data), tape, problems),
  );
  const m = dual.length;
  const u = Array.from({ length: m }, (_, i) => 0.5 + 0.25 * i);
  const v = x.map((_, j) => 1 - 0.3 * j);
  attempt('vjp', () => {
    const { cotangent, value } = compiled.vjp(x, u, ...data);
    const want = x.map((_, j) => u.reduce((s, ui, i) => s + ui * tape[i]![j]!, 0));
    compareRows('vjp cotangent', [cotangent], [want], problems);
    compareRows('vjp value', [value], [asRows(plain)], problems);
  });
  attempt('jvp', () => {
    const { tangent, value } = compiled.jvp(x, v, ...data);
    const want = dual.map((row) => row.reduce((s, r, j) => s + r * v[j]!, 0));
    compareRows('jvp tangent', [tangent], [want], problems);
    compareRows('jvp value', [value], [asRows(plain)], problems);
  });
  if (compiled.output === 'scalar') {
    attempt('gradient', () => {
      compareRows('gradient', [compiled.gradient(x, undefined, ...data)], tape, problems);
      // twice: stacks reused
      compareRows('gradient (2nd call)', [compiled.gradient(x, undefined, ...data)], tape, problems);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Every generated flavour run directly (what compile only reaches on its fallbacks): fast and exact adjoint
// code, fast and exact tangent code with 1..3 lanes seeded with identity columns, and the block-seeded code.

const ERRORS = new Proxy({}, { get: (_t, name) => errorClassNamed(String(name)) });
const badInput = (i: number): never => {
  throw new Error(`badInput(${i})`);
};

export function checkFlavours(
  source: string,
  x: readonly number[],
  options: CompileOptions & { data?: unknown[] } = {},
): string[] {
  const problems: string[] = [];
  const { data = [], ...compileOptions } = options;
  const isModule = isModuleText(source);
  const compiled = isModule
    ? compile(source, { entry: 'f', ...compileOptions })
    : compile(fromSource(source) as never, compileOptions);
  const analysed = isModule
    ? analyse(source, { entry: 'f', ...compileOptions })
    : analyse(fromSource(source) as never, compileOptions);
  const { fn, activity, program } = analysed;
  const bound = program.bound;
  const lift = compiled.lift as unknown as (x: unknown, ...d: unknown[]) => unknown;
  const vector = (v: readonly unknown[]) => {
    const y = lift(v, ...data);
    return typeof y === 'number' ? [y] : y;
  };
  const dual = forward.jacobian(vector as never, x);
  const tape = reverse.jacobian(vector as never, x);
  const n = x.length;
  const m = dual.length;
  const make = (body: string) =>
    (
      new Function('$rules', '$errors', '$strongZero', '$badInput', ...bound.map((b) => b.name), body) as (
        ...a: unknown[]
      ) => Record<string, (...a: unknown[]) => unknown> & { lanes: Float64Array }
    )(RULES, ERRORS, strongZeroProduct, badInput, ...bound.map((b) => b.value));
  const attempt = (what: string, run: () => void) => {
    try {
      run();
    } catch (e) {
      problems.push(`${what} threw ${(e as Error).constructor.name}: ${(e as Error).message}`);
    }
  };
  for (const exact of [false, true]) {
    const runner = make(adjointSource(fn, activity, exact).body);
    attempt(`adjoint ${exact ? 'exact' : 'fast'}`, () => {
      const rows: Float64Array[] = [];
      for (let i = 0; i < m; i++) {
        const row = new Float64Array(n);
        const seed =
          fn.returns === 'array'
            ? (mm: number) => Float64Array.from({ length: mm }, (_, k) => (k === i ? 1 : 0))
            : 1;
        runner.run!(x, row, seed, ...data);
        if (!exact && (runner.inexact as () => boolean)()) return; // compile reruns exact
        rows.push(row);
      }
      compareRows(`adjoint ${exact ? 'exact' : 'fast'}`, rows, tape, problems, !exact);
    });
  }
  for (const exact of [false, true]) {
    for (const lanes of [1, 2, 3]) {
      if (lanes > n) continue;
      const runner = make(tangentSource(fn, activity, lanes, exact, false).body);
      attempt(`tangent ${exact ? 'exact' : 'fast'} ${lanes}`, () => {
        const rows = Array.from({ length: m }, () => new Float64Array(n));
        for (let first = 0; first < n; first += lanes) {
          const seed = new Float64Array(n * lanes);
          for (let j = 0; j < lanes && first + j < n; j++) seed[(first + j) * lanes + j] = 1;
          runner.run!(x, seed, ...data);
          const t =
            fn.returns === 'array' ? (runner.arrayTangent as () => ArrayLike<number> | null)() : runner.lanes;
          for (let i = 0; i < m; i++)
            for (let j = 0; j < lanes && first + j < n; j++)
              rows[i]![first + j] = t === null ? 0 : t[i * lanes + j]!;
        }
        compareRows(`tangent ${exact ? 'exact' : 'fast'} ${lanes} lanes`, rows, dual, problems, !exact);
      });
    }
  }
  if (inputAliases(fn, activity) !== undefined) {
    for (const lanes of [1, 2, 3]) {
      if (lanes > n) continue;
      const runner = make(tangentSource(fn, activity, lanes, false, true).body);
      attempt(`block ${lanes}`, () => {
        const rows = Array.from({ length: m }, () => new Float64Array(n));
        for (let first = 0; first < n; first += lanes) {
          runner.run!(x, first, ...data);
          const t =
            fn.returns === 'array' ? (runner.arrayTangent as () => ArrayLike<number> | null)() : runner.lanes;
          for (let i = 0; i < m; i++)
            for (let j = 0; j < lanes && first + j < n; j++)
              rows[i]![first + j] = t === null ? 0 : t[i * lanes + j]!;
        }
        compareRows(`block ${lanes} lanes`, rows, dual, problems, true);
      });
    }
  }
  return problems;
}
