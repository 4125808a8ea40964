/**
 * Zoo functions of one variable: the R -> R set of ForwardDiff.jl's DiffTests (fixed at one input,
 * whatever the size) and the sin chain, whose size is its depth. Each has its derivative by hand.
 */
import {
  add,
  cos,
  div,
  mul,
  pow,
  type Scalar,
  type ScalarFunction,
  sigmoid,
  sin,
  sqrt,
  square,
  sub,
} from '@dualtape/core';
import { scalarEntry, uniformBox } from './define.js';
import type { ZooEntry } from './types.js';

const ONE_INPUT = (): number => 1;
const FIXED_SIZE_NOTE = '(R -> R; the size has no effect)';

/** sin²(x) / cos²(x), DiffTests' first R -> R function. */
export const TAN_SQUARED: ZooEntry = scalarEntry({
  name: 'tan-squared',
  description: `sin(x)^2 / cos(x)^2 ${FIXED_SIZE_NOTE}`,
  defaultSize: 1,
  minSize: 1,
  inputSize: ONE_INPUT,
  build: () => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      const t = x[0]!;
      return div(square(sin(t)), square(cos(t)));
    }) as ScalarFunction,
    plain: (x) => {
      const s = Math.sin(x[0]!);
      const c = Math.cos(x[0]!);
      return (s * s) / (c * c);
    },
    analyticGradient: (x, gradient) => {
      const s = Math.sin(x[0]!);
      const c = Math.cos(x[0]!);
      gradient[0] = (2 * s) / (c * c * c);
      return (s * s) / (c * c);
    },
    // Away from the poles at ±π/2.
    sample: uniformBox(1, -1.2, 1.2),
  }),
});

/** 2x + sqrt(x·x·x) on x > 0. */
export const SQRT_CUBIC: ZooEntry = scalarEntry({
  name: 'sqrt-cubic',
  description: `2x + sqrt(x*x*x) for x > 0 ${FIXED_SIZE_NOTE}`,
  defaultSize: 1,
  minSize: 1,
  inputSize: ONE_INPUT,
  build: () => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      const t = x[0]!;
      return add(mul(2, t), sqrt(mul(mul(t, t), t)));
    }) as ScalarFunction,
    plain: (x) => {
      const t = x[0]!;
      return 2 * t + Math.sqrt(t * t * t);
    },
    analyticGradient: (x, gradient) => {
      const t = x[0]!;
      gradient[0] = 2 + 1.5 * Math.sqrt(t);
      return 2 * t + Math.sqrt(t * t * t);
    },
    // Far enough from 0 that difference stencils stay inside the domain.
    sample: uniformBox(1, 0.1, 3),
  }),
});

const EXP_POWER_BASE = 10.31;

/** 10.31^(x+x) − x: a variable exponent on a constant base. */
export const EXP_POWER: ZooEntry = scalarEntry({
  name: 'exp-power',
  description: `10.31^(x+x) - x ${FIXED_SIZE_NOTE}`,
  defaultSize: 1,
  minSize: 1,
  inputSize: ONE_INPUT,
  build: () => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      const t = x[0]!;
      return sub(pow(EXP_POWER_BASE, add(t, t)), t);
    }) as ScalarFunction,
    plain: (x) => {
      const t = x[0]!;
      return EXP_POWER_BASE ** (t + t) - t;
    },
    analyticGradient: (x, gradient) => {
      const t = x[0]!;
      const power = EXP_POWER_BASE ** (t + t);
      gradient[0] = 2 * Math.log(EXP_POWER_BASE) * power - 1;
      return power - t;
    },
    scope: { EXP_POWER_BASE },
    sample: uniformBox(1, -1, 1),
  }),
});

/** The constant 1, returned as a plain number: its derivative is 0 in every mode. */
export const CONSTANT_ONE: ZooEntry = scalarEntry({
  name: 'constant-one',
  description: `the constant 1, returned as a plain number (derivative 0) ${FIXED_SIZE_NOTE}`,
  defaultSize: 1,
  minSize: 1,
  inputSize: ONE_INPUT,
  build: () => ({
    // A function whose output does not depend on its input may return a plain number.
    f: ((_x: readonly Scalar[]) => 1) as ScalarFunction,
    plain: () => 1,
    analyticGradient: (_x, gradient) => {
      gradient[0] = 0;
      return 1;
    },
    sample: uniformBox(1, -3, 3),
  }),
});

/** The logistic function 1 / (1 + e^(−x)). */
export const LOGISTIC: ZooEntry = scalarEntry({
  name: 'logistic',
  description: `1 / (1 + exp(-x)) ${FIXED_SIZE_NOTE}`,
  defaultSize: 1,
  minSize: 1,
  inputSize: ONE_INPUT,
  build: () => ({
    f: (<T extends Scalar>(x: readonly T[]): T => sigmoid(x[0]!)) as ScalarFunction,
    plain: (x) => 1 / (1 + Math.exp(-x[0]!)),
    analyticGradient: (x, gradient) => {
      const y = 1 / (1 + Math.exp(-x[0]!));
      gradient[0] = y * (1 - y);
      return y;
    },
    sample: uniformBox(1, -5, 5),
  }),
});

/** sin(sin(...sin(x))) with `size` sines: a chain whose length is the size. */
export const SIN_CHAIN: ZooEntry = scalarEntry({
  name: 'sin-chain',
  description: 'sin(sin(...sin(x))), R -> R, with depth = size',
  defaultSize: 10,
  minSize: 1,
  inputSize: ONE_INPUT,
  build: (depth) => ({
    f: (<T extends Scalar>(x: readonly T[]): T => {
      let y = x[0]!;
      for (let k = 0; k < depth; k++) y = sin(y);
      return y;
    }) as ScalarFunction,
    plain: (x) => {
      let y = x[0]!;
      for (let k = 0; k < depth; k++) y = Math.sin(y);
      return y;
    },
    analyticGradient: (x, gradient) => {
      let y = x[0]!;
      let derivative = 1;
      for (let k = 0; k < depth; k++) {
        derivative *= Math.cos(y);
        y = Math.sin(y);
      }
      gradient[0] = derivative;
      return y;
    },
    scope: { depth },
    sample: uniformBox(1, -3, 3),
  }),
});
