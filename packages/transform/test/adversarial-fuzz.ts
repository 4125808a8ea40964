/** Random plain-JavaScript programs with control flow, arrays, swaps, pushes and helpers. */
import { seededRandom } from '@dualtape/testing';

export interface FuzzOptions {
  /** Allow side effects inside expressions (evaluation-order hazards). */
  readonly sideEffects?: boolean;
  /** Allow pushes and stores of passive values in straight-line runs. */
  readonly passiveWrites?: boolean;
  /** Allow reading x at an index variable reassigned later in the same run. */
  readonly movingIndex?: boolean;
  readonly vector?: boolean;
}

export const HELPERS = `
function h1(a, v) { a[0] = a[0] * 0.5 + v; a[1] = Math.sin(a[1] + a[0]); return a[1] * v; }
function h2(v, w) { if (v > w) return v * w; let r = w; for (let k = 0; k < 3; k++) { r = r * 0.5 + Math.cos(v * k); if (r > 1.2) return r; } return r - v; }
function h3(a) { let m = a[0]; for (let k = 1; k < a.length; k++) { if (a[k] > m) m = a[k]; else continue; m = m * 0.9; } return m; }
function h4(a, v) { a.push(v * 0.5); return a[a.length - 1] + a[0]; }
`;

export function generate(seed: number, options: FuzzOptions = {}): string {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const nums = ['v0', 'v1', 'v2', 'v3'];
  const counters: string[] = [];
  let loopDepth = 0;
  const loopLabels: string[] = [];
  let fresh = 0;
  const constant = () => String(pick([0.5, 0.25, 1, 2, -0.75, 0.1, 3]));
  const index = (): string => {
    if (counters.length > 0 && chance(0.6)) {
      const c = pick(counters);
      return chance(0.5) ? `${c} % 4` : `(${c} + ${pick([1, 2, 3])}) % 4`;
    }
    return String(pick([0, 1, 2, 3]));
  };
  const atom = (): string => {
    const r = random();
    if (r < 0.3) return pick(nums);
    if (r < 0.5) return `x[${pick([0, 1, 2, 3, 4])}]`;
    if (r < 0.62) return `A[${index()}]`;
    if (r < 0.7) return `B[${index()}]`;
    if (r < 0.76) return `P[P.length - 1]`;
    if (r < 0.82 && counters.length > 0) return `${pick(counters)}`;
    return constant();
  };
  const expr = (depth: number): string => {
    if (depth <= 0 || chance(0.25)) return atom();
    const r = random();
    const a = expr(depth - 1);
    const b = expr(depth - 1);
    if (r < 0.2) return `(${a} + ${b})`;
    if (r < 0.35) return `(${a} - ${b})`;
    if (r < 0.55) return `(${a} * ${b})`;
    if (r < 0.62) return `(${a} / (1 + ${b} * ${b}))`;
    if (r < 0.7) return `Math.sin(${a})`;
    if (r < 0.76) return `Math.tanh(${a})`;
    if (r < 0.8) return `Math.exp(-(${a}) * (${a}))`;
    if (r < 0.84) return `Math.max(${a}, ${b})`;
    if (r < 0.87) return `Math.sqrt(1 + ${a} * ${a})`;
    if (r < 0.9) return `h2(${a}, ${b})`;
    if (r < 0.92) return `h1(A, ${a})`;
    if (r < 0.94) return `h3(B)`;
    if (r < 0.95) return `h4(P, ${a})`;
    if (r < 0.97) return `(${a} > ${b} ? ${a} : ${b} * 0.5)`;
    if (options.sideEffects && r < 0.99) return `(${a} + (${pick(nums)} = ${b}))`;
    return `(${a} * 0.5)`;
  };
  const squash = (e: string) => `Math.tanh(${e})`;
  const statement = (depth: number): string => {
    const r = random();
    if (r < 0.3 || depth <= 0) {
      const target = pick(nums);
      const op = pick(['=', '=', '+=', '*=', '-=']);
      let value = op === '*=' ? squash(expr(2)) : expr(2);
      while (value === target) value = expr(2);
      return `${target} ${op} ${value};`;
    }
    if (r < 0.42) return `A[${index()}] = ${squash(expr(2))};`;
    if (r < 0.47) return `B[${index()}] ${pick(['=', '+='])} ${squash(expr(2))};`;
    if (r < 0.5) return `P.push(${squash(expr(1))});`;
    if (r < 0.53) {
      const k = ++fresh;
      return pick([
        `{ const t${k} = A; A = B; B = t${k}; }`,
        `A = [${expr(1)}, ${expr(1)}, A[1], A[0] * 0.5];`,
        `{ const t${k} = ${expr(1)} > 0.3 ? A : B; t${k}[${index()}] = ${squash(expr(1))}; }`,
        `for (const e${k} of B) { v${Math.floor(random() * 4)} += Math.tanh(e${k} * ${expr(1)}); }`,
        `v${Math.floor(random() * 4)} += D[${index()}] * ${expr(1)};`,
        `v${Math.floor(random() * 4)} = Math.sqrt(${expr(1)} * 0 + (x[0] - x[0]) * (x[0] - x[0])) + ${expr(1)};`,
      ]);
    }
    if (r < 0.63) {
      const body = block(depth - 1);
      const other = chance(0.5) ? ` else { ${block(depth - 1)} }` : '';
      return `if (${expr(1)} > ${constant()}) { ${body} }${other}`;
    }
    if (r < 0.78) {
      const c = `i${++fresh}`;
      const [start, cmp, step] = pick([
        ['0', `${c} < ${pick([2, 3, 4])}`, `${c}++`],
        ['3', `${c} >= 0`, `${c}--`],
        ['0', `${c} < 6`, `${c} += 2`],
        ['5', `${c} > 0`, `${c} -= 2`],
      ] as const);
      const label = `L${fresh}`;
      counters.push(c);
      loopDepth++;
      loopLabels.push(label);
      const body = block(depth - 1);
      loopLabels.pop();
      loopDepth--;
      counters.pop();
      return `${label}: for (let ${c} = ${start}; ${cmp}; ${step}) { ${body} }`;
    }
    if (r < 0.86) {
      const c = `w${++fresh}`;
      const label = `W${fresh}`;
      counters.push(c);
      loopDepth++;
      loopLabels.push(label);
      const before = block(depth - 1);
      const after = chance(0.5) ? block(depth - 1) : '';
      loopLabels.pop();
      loopDepth--;
      counters.pop();
      const bump = pick(['1', '2', `(${c} % 2 === 0 ? 1 : 3)`]);
      return chance(0.5)
        ? `let ${c} = 0; ${label}: while (${c} < 5) { ${c} += ${bump}; ${before} ${after} }`
        : `let ${c} = 0; ${label}: do { ${c} += ${bump}; ${before} ${after} } while (${c} < 4);`;
    }
    if (r < 0.93 && loopDepth > 0) {
      const word = pick(['break', 'continue']);
      const label = chance(0.3) ? ` ${pick(loopLabels)}` : '';
      return `if (${expr(1)} > ${constant()}) ${word}${label};`;
    }
    if (r < 0.96 && loopDepth > 0 && !options.vector) return `if (${expr(1)} > 2.5) return ${expr(2)};`;
    if (options.passiveWrites && r < 0.98)
      return pick([`Q.push(${counters.length ? pick(counters) : '1'});`, `Q[${index()}] += 1;`]);
    if (options.movingIndex && r < 0.99) return `${pick(nums)} += x[J % 3] * 0.5; J = J + 1;`;
    const target = pick(nums);
    let value = expr(2);
    while (value === target) value = expr(2);
    return `${target} = ${value};`;
  };
  const block = (depth: number): string =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => statement(depth)).join(' ');
  const body = block(3);
  const ret = options.vector
    ? `return [v0, A[1] + v2, B[0] * v1, P[P.length - 1]];`
    : `return v0 + 0.5 * v1 - v2 * v3 + A[0] * B[1] + P[P.length - 1] * (1 + 0.01 * (Q.length + Q[0] + J));`;
  return `${HELPERS}
function f(x, D) {
  let v0 = x[0], v1 = x[1] * 0.5, v2 = x[2], v3 = 0.25;
  let A = new Float64Array(4); let B = [x[1], x[2], 0.5, x[0]];
  const P = [x[0]];
  const Q = [0, 0, 0, 0]; let J = 0;
  A[0] = x[2]; A[3] = x[0] * x[1];
  ${body}
  ${ret}
}`;
}
