import {
  type BinaryName,
  type BinaryRule,
  type Real,
  RULES,
  type Rule,
  type Scalar,
  type UnaryName,
  UsageError,
} from '@dualtape/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Complex } from '../src/complex.js';
import { COMPLEX_VALUE_RTOL, REAL_PART, RULE_AGREEMENT } from './helpers.js';

const STEP = 1e-20;
const ALL_RULES = Object.values(RULES) as Rule[];

function expectNear(actual: number, expected: number, what: string): void {
  const allowed = RULE_AGREEMENT.atol + RULE_AGREEMENT.rtol * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= allowed)) {
    expect.fail(
      `${what}: complex step ${actual}, rule ${expected} (difference ${Math.abs(actual - expected)})`,
    );
  }
}

function apply2(rule: BinaryRule, a: Scalar, b: Scalar): Complex {
  if (a instanceof Complex) return a.apply2(rule, b, false);
  return (b as Complex).apply2(rule, a, true);
}

describe('Complex: the complex step reproduces every rule of the table', () => {
  for (const rule of ALL_RULES) {
    if (rule.arity === 1) {
      it(`${rule.name}: Im ${rule.name}(x + ih)/h equals the rule's d on [${rule.sample.min}, ${rule.sample.max}]`, () => {
        fc.assert(
          fc.property(fc.double({ min: rule.sample.min, max: rule.sample.max, noNaN: true }), (x) => {
            const z = new Complex(x, STEP).apply1(rule);
            expectNear(z.im / STEP, rule.d(x, rule.value(x)) as number, `${rule.name}'(${x})`);
            // The real part is the real function, to rounding.
            const value = rule.value(x);
            expect(Math.abs(z.re - value)).toBeLessThanOrEqual(
              REAL_PART.ulps * Number.EPSILON * Math.abs(value) + REAL_PART.atol,
            );
          }),
          { numRuns: 100 },
        );
      });
    } else {
      it(`${rule.name}: both partials (da, db) from the complex step equal the rule's`, () => {
        const [first, second] = rule.sample;
        fc.assert(
          fc.property(
            fc.double({ min: first.min, max: first.max, noNaN: true }),
            fc.double({ min: second.min, max: second.max, noNaN: true }),
            (a, b) => {
              // The complex step needs f analytic within h of the point: hypot's cone at the origin
              // is only h away from points like (0, 5e-324), where the two honestly differ.
              fc.pre(rule.name !== 'hypot' || Math.hypot(a, b) > 1e-10);
              const y = rule.value(a, b);
              const alongA = apply2(rule, new Complex(a, STEP), b);
              const alongB = apply2(rule, a, new Complex(b, STEP));
              expectNear(alongA.im / STEP, rule.da(a, b, y) as number, `∂${rule.name}/∂a(${a}, ${b})`);
              expectNear(alongB.im / STEP, rule.db(a, b, y) as number, `∂${rule.name}/∂b(${a}, ${b})`);
            },
          ),
          { numRuns: 100 },
        );
      });
    }
  }
});

// Reference values from Python's cmath (principal branches; cbrt continues the real cube root).
const UNARY_VALUES: Record<UnaryName, [[number, number], [number, number]][]> = {
  // A rule by convention: the real part with derivative 0 (what `primal` does too).
  stopGradient: [
    [
      [0.3, 0.4],
      [0.3, 0],
    ],
  ],
  neg: [
    [
      [0.3, 0.4],
      [-0.3, -0.4],
    ],
  ],
  square: [
    [
      [0.3, 0.4],
      [-0.07000000000000003, 0.24],
    ],
    [
      [0.6, -0.25],
      [0.2975, -0.3],
    ],
  ],
  sqrt: [
    [
      [0.3, 0.4],
      [0.6324555320336759, 0.31622776601683794],
    ],
    [
      [0.6, -0.25],
      [0.7905694150420949, -0.15811388300841897],
    ],
  ],
  cbrt: [
    [
      [0.3, 0.4],
      [0.7560856467169442, 0.24144361614268647],
    ],
    [
      [-0.6, 0.25],
      [-0.8587492541523659, 0.11366576491874307],
    ],
  ],
  exp: [
    [
      [0.3, 0.4],
      [1.2433022950695027, 0.5256597791969788],
    ],
    [
      [0.6, -0.25],
      [1.765473539530863, -0.45079940544871366],
    ],
  ],
  expm1: [
    [
      [0.3, 0.4],
      [0.24330229506950274, 0.5256597791969788],
    ],
    [
      [0.6, -0.25],
      [0.765473539530863, -0.45079940544871366],
    ],
  ],
  log: [
    [
      [0.3, 0.4],
      [-Math.LN2, 0.9272952180016123],
    ],
    [
      [0.6, -0.25],
      [-0.4307829160924542, -0.39479111969976155],
    ],
  ],
  log1p: [
    [
      [0.3, 0.4],
      [0.30759281954511675, 0.2984989315861793],
    ],
    [
      [0.6, -0.25],
      [0.48206403064415765, -0.15499674192394097],
    ],
  ],
  log2: [
    [
      [0.3, 0.4],
      [-1.0, 1.3378042124509764],
    ],
    [
      [0.6, -0.25],
      [-0.6214883767462701, -0.5695631905778471],
    ],
  ],
  log10: [
    [
      [0.3, 0.4],
      [-0.30102999566398114, 0.40271919627337316],
    ],
    [
      [0.6, -0.25],
      [-0.1870866433571444, -0.1714556047900126],
    ],
  ],
  sin: [
    [
      [0.3, 0.4],
      [0.31947873074156474, 0.3924066848326388],
    ],
    [
      [0.6, -0.25],
      [0.5823796438080429, -0.20848994182662806],
    ],
  ],
  cos: [
    [
      [0.3, 0.4],
      [1.0327878842028413, -0.12138561220787392],
    ],
    [
      [0.6, -0.25],
      [0.8512619650150051, 0.14263564337261442],
    ],
  ],
  tan: [
    [
      [0.3, 0.4],
      [0.261073681841663, 0.41063347084255636],
    ],
    [
      [0.6, -0.25],
      [0.6255364227506374, -0.34973221425841716],
    ],
  ],
  asin: [
    [
      [0.3, 0.4],
      [0.28062956229180586, 0.4051123371780309],
    ],
    [
      [0.6, -0.25],
      [0.6112080391362221, -0.30071418752424506],
    ],
  ],
  acos: [
    [
      [0.3, 0.4],
      [1.2901667645030908, -0.4051123371780309],
    ],
    [
      [0.6, -0.25],
      [0.9595882876586745, 0.30071418752424506],
    ],
  ],
  atan: [
    [
      [0.3, 0.4],
      [0.3373704711117763, 0.37908687234202215],
    ],
    [
      [0.6, -0.25],
      [0.5611304586903613, -0.18357358136627921],
    ],
  ],
  sinh: [
    [
      [0.3, 0.4],
      [0.2804817641764754, 0.4070739913234487],
    ],
    [
      [0.6, -0.25],
      [0.6168615640700092, -0.2932887885516641],
    ],
  ],
  cosh: [
    [
      [0.3, 0.4],
      [0.9628205308930272, 0.11858578787353008],
    ],
    [
      [0.6, -0.25],
      [1.1486119754608535, -0.15751061689704954],
    ],
  ],
  tanh: [
    [
      [0.3, 0.4],
      [0.3382547432654715, 0.38113207427244283],
    ],
    [
      [0.6, -0.25],
      [0.5615058201161282, -0.17834191599099392],
    ],
  ],
  asinh: [
    [
      [0.3, 0.4],
      [0.3189624333048183, 0.3903162045220237],
    ],
    [
      [0.6, -0.25],
      [0.5808754314780229, -0.21468217845687626],
    ],
  ],
  acosh: [
    [
      [1.5, 0.4],
      [1.0357222955512628, 0.3309235251494868],
    ],
    [
      [2.5, -0.3],
      [1.5760354392879414, -0.12998467697096808],
    ],
  ],
  atanh: [
    [
      [0.3, 0.4],
      [0.2614921387956719, 0.4088225229163512],
    ],
    [
      [0.6, -0.25],
      [0.6167390596660393, -0.35679802863375165],
    ],
  ],
  abs: [
    [
      [0.3, 0.4],
      [0.3, 0.4],
    ],
    [
      [-0.6, -0.25],
      [0.6, 0.25],
    ],
  ],
};

const A = new Complex(1.2, 0.3);
const B = new Complex(0.7, -0.2);
const BINARY_VALUES: Record<
  Exclude<BinaryName, 'add' | 'sub' | 'min' | 'max'>,
  [Complex, Scalar, [number, number]][]
> = {
  mul: [[A, B, [0.8999999999999999, -0.03]]],
  div: [[A, B, [1.4716981132075473, 0.849056603773585]]],
  pow: [
    [A, B, [1.2086465379255702, 0.1567348021615924]],
    [A, 2.5, [1.3923457522653115, 0.9782160772811171]],
    [new Complex(-2, 0.3), 3, [-7.46, 3.573]],
  ],
  // atan2(y, x) continued from the real branch: atan(y/x), plus π where the real x is negative.
  atan2: [
    [A, B, [1.0704183952473034, 0.23419231580442393]],
    [new Complex(0.5, 0.1), new Complex(-1.5, 0.2), [2.8298407661797262, -0.09932544936725088]],
  ],
  hypot: [[A, B, [1.3514802202592673, 0.16278447638530388]]],
};

function expectComplex(actual: Complex, [re, im]: [number, number], what: string): void {
  const size = Math.hypot(re, im);
  const distance = Math.hypot(actual.re - re, actual.im - im);
  if (!(distance <= COMPLEX_VALUE_RTOL * size)) {
    expect.fail(`${what}: got ${actual.toString()}, expected ${re}${im < 0 ? '' : '+'}${im}i`);
  }
}

describe('Complex: true complex values away from the real axis', () => {
  for (const [name, cases] of Object.entries(UNARY_VALUES) as [
    UnaryName,
    [[number, number], [number, number]][],
  ][]) {
    it(`${name} matches the principal complex ${name}`, () => {
      for (const [[re, im], expected] of cases) {
        expectComplex(new Complex(re, im).apply1(RULES[name]), expected, `${name}(${re}+${im}i)`);
      }
    });
  }
  for (const [name, cases] of Object.entries(BINARY_VALUES) as [
    BinaryName,
    [Complex, Scalar, [number, number]][],
  ][]) {
    it(`${name} matches its complex continuation`, () => {
      for (const [a, b, expected] of cases)
        expectComplex(apply2(RULES[name], a, b), expected, `${name}(${a}, ${b})`);
    });
  }
  it('add and sub act on both parts', () => {
    expectComplex(apply2(RULES.add, A, B), [1.9, 0.1], 'add');
    expectComplex(apply2(RULES.sub, A, B), [0.5, 0.5], 'sub');
    expectComplex(apply2(RULES.sub, 2, A), [0.8, -0.3], 'sub(2, A)');
  });
});

describe('Complex: conventions at non-analytic points (Martins, Sturdza & Alonso)', () => {
  it("abs(z) = z·sign(Re z), with derivative 0 at Re z = 0 (core: abs'(0) = 0)", () => {
    expect(new Complex(-2, STEP).apply1(RULES.abs).im / STEP).toBe(-1);
    expect(new Complex(2, STEP).apply1(RULES.abs).im / STEP).toBe(1);
    const atZero = new Complex(0, STEP).apply1(RULES.abs);
    expect([atZero.re, atZero.im]).toEqual([0, 0]);
  });
  it('min and max compare real parts; ties take the first argument', () => {
    const first = new Complex(1, 5);
    const second = new Complex(1, 7);
    expect(apply2(RULES.min, first, second)).toBe(first);
    expect(apply2(RULES.max, first, second)).toBe(first);
    expect(apply2(RULES.min, new Complex(2, 5), new Complex(1, 7)).im).toBe(7);
    expect(apply2(RULES.max, new Complex(2, 5), new Complex(1, 7)).im).toBe(5);
    // A constant on the other side: max(x + ih, 0) at x < 0 is the constant, derivative 0.
    expect(apply2(RULES.max, new Complex(-1, STEP), 0).im).toBe(0);
  });
  it('hypot at the real origin is 0 with zero derivative (core: partials 0 there)', () => {
    const z = apply2(RULES.hypot, new Complex(0, STEP), 0);
    expect([z.re, z.im]).toEqual([0, 0]);
  });
  it('outside the real domain the result is NaN, not another branch', () => {
    for (const [rule, x] of [
      [RULES.log, -1],
      [RULES.sqrt, -1],
      [RULES.asin, 2],
      [RULES.acosh, 0.5],
      [RULES.atanh, 2],
      [RULES.log1p, -2],
    ] as const) {
      const z = new Complex(x, STEP).apply1(rule);
      expect(Number.isNaN(z.re) && Number.isNaN(z.im), `${rule.name}(${x})`).toBe(true);
    }
    expect(Number.isNaN(apply2(RULES.pow, new Complex(-2, STEP), 0.5).im)).toBe(true);
    // A variable exponent on a negative base: the real power is not differentiable in it (core: NaN).
    expect(Number.isNaN(apply2(RULES.pow, -2, new Complex(3, STEP)).im)).toBe(true);
    expect(apply2(RULES.pow, -2, new Complex(3, STEP)).re).toBe(-8);
  });
  it('negative bases with integer exponents keep full accuracy (d/dx x^3 at -2 is 12)', () => {
    expect(apply2(RULES.pow, new Complex(-2, STEP), 3).im / STEP).toBe(12);
    expect(apply2(RULES.pow, new Complex(-2, STEP), -2).im / STEP).toBeCloseTo(0.25, 15);
  });
  it('an unperturbed operand contributes exactly 0, even against an infinite value (strong zero)', () => {
    const product = apply2(RULES.mul, new Complex(Number.POSITIVE_INFINITY, 0), new Complex(2, STEP));
    expect(product.im).toBe(Number.POSITIVE_INFINITY);
    const constantTimesInfinity = apply2(
      RULES.mul,
      new Complex(3, STEP),
      new Complex(Number.POSITIVE_INFINITY, 0),
    );
    expect(constantTimesInfinity.im).toBe(Number.POSITIVE_INFINITY);
    const zeroImaginary = apply2(RULES.mul, new Complex(Number.POSITIVE_INFINITY, 0), new Complex(2, 0));
    expect(zeroImaginary.im).toBe(0);
  });
  it('keeps tiny imaginary parts accurate where naive formulas cancel (log1p, expm1, sqrt, asin near 0)', () => {
    const tiny = 1e-200;
    expect(new Complex(1e-10, tiny).apply1(RULES.log1p).im / tiny).toBeCloseTo(1 / (1 + 1e-10), 15);
    expect(new Complex(1e-10, tiny).apply1(RULES.expm1).im / tiny).toBeCloseTo(Math.exp(1e-10), 15);
    expect(new Complex(1e-30, tiny).apply1(RULES.asin).im / tiny).toBe(1);
    expect(new Complex(4, tiny).apply1(RULES.sqrt).im / tiny).toBe(0.25);
  });
});

describe('Complex: as a Real', () => {
  it('compares real parts, in either argument order', () => {
    const z = new Complex(1, 100);
    expect(z.compare('lt', 2, false)).toBe(true);
    expect(z.compare('lt', 2, true)).toBe(false);
    expect(z.compare('eq', new Complex(1, -5), false)).toBe(true);
    expect(z.primal).toBe(1);
  });
  it('refuses to mix with another number type, naming the operation', () => {
    const other = {
      primal: 1,
      apply1: () => other,
      apply2: () => other,
      compare: () => false,
    } as unknown as Real;
    expect(() => new Complex(1, 0).apply2(RULES.mul, other, false)).toThrow(UsageError);
    expect(() => new Complex(1, 0).apply2(RULES.mul, other, false)).toThrow(/mul mixes a Complex/);
  });
  it('refuses JavaScript operators, Math functions and conversion to a number (they would drop the step)', () => {
    const z = new Complex(1, STEP) as unknown as number;
    expect(() => z * 2).toThrow(UsageError);
    expect(() => z < 2).toThrow(/JavaScript operator or Math function/);
    expect(() => Math.sin(z)).toThrow(/drop its imaginary part/);
    expect(() => Number(z)).toThrow(UsageError);
    // Printing is not arithmetic: templates and String() use toString.
    expect(`${new Complex(1, 2)}`).toBe('1+2i');
  });
  it('prints both parts', () => {
    expect(new Complex(1, 1e-20).toString()).toBe('1+1e-20i');
    expect(new Complex(1, -2).toString()).toBe('1-2i');
  });
});
