/**
 * Forward and reverse mode by source transformation (@dualtape/transform): f's own text is compiled into
 * tangent code (k lanes per pass; Jacobian passes skip the code far from their block of inputs) and adjoint
 * code (a forward sweep that saves what the reverse sweep needs on typed-array stacks), every partial from
 * core's rule table. The preferred implementation of both modes wherever the transform can read f; a
 * function it cannot read (a closure over variables, objects, classes) is refused with the transform's
 * reason and the overloading backends take it. No second derivatives: Hessians go to overloading.
 */
import {
  type Counters,
  checkDirection,
  checkNumber,
  checkPoint,
  formatBytes,
  plural,
  type ScalarFunction,
  singleOutputError,
  type UnivariateFunction,
  type VectorFunction,
} from '@dualtape/core';
import type { CompiledFunction } from '@dualtape/transform';
import { TRANSFORM_ADJOINT_COST, TRANSFORM_LANE_COST, TRANSFORM_PASS_COST } from '../defaults.js';
import { transformed } from '../internal/transformed.js';
import { pullbackThroughJacobian, tangentThroughPullbacks } from './fallbacks.js';
import { chunkedOptions } from './forward.js';
import type {
  AnyFunction,
  BackendOptions,
  CallShape,
  ChoiceContext,
  CostEstimate,
  ModeBackend,
  Operation,
  VjpResult,
} from './types.js';

function refuses(operation: Operation, f: AnyFunction): string | undefined {
  const reason = transformed(f, operation === 'derivative').reason;
  if (reason !== undefined) return `it cannot read f (${reason})`;
  if (operation === 'hessian' || operation === 'hvp') {
    return (
      'source transformation computes first derivatives only (second derivatives are the overloading ' +
      'modes’, which run its lifted form of plain JavaScript)'
    );
  }
  return undefined;
}

/** The compiled form of a function the backend accepted. */
function compiledOf(f: AnyFunction, univariate: boolean): CompiledFunction {
  const { compiled, reason } = transformed(f, univariate);
  if (compiled === undefined) throw new Error(`transform backend asked for a function it refused: ${reason}`);
  return compiled;
}

function scalar(operation: string, compiled: CompiledFunction): CompiledFunction {
  if (compiled.output !== 'scalar') {
    throw singleOutputError(operation, 'an array');
  }
  return compiled;
}

function count(counters: Counters | undefined, work: Partial<Counters>): void {
  if (counters === undefined) return;
  counters.passes += work.passes ?? 0;
  counters.lanes += work.lanes ?? 0;
  counters.sweeps += work.sweeps ?? 0;
  counters.evaluations += work.evaluations ?? 0;
  counters.peakTapeBytes = Math.max(counters.peakTapeBytes, work.peakTapeBytes ?? 0);
}

/** Lanes per pass as the tangent code chooses them (the caller's, else ForwardDiff's heuristic). */
function lanesFor(inputs: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.max(1, Math.min(inputs, requested));
  if (inputs <= 12) return inputs;
  return Math.ceil(inputs / Math.ceil(inputs / 12));
}

function forwardJacobian(
  f: AnyFunction,
  x: ArrayLike<number>,
  options: BackendOptions,
  operation = 'jacobian',
): Float64Array[] {
  const compiled = compiledOf(f, false);
  const point = checkPoint(operation, x);
  const lanes = lanesFor(point.length, options.chunkSize);
  const rows = compiled.jacobian(point, { chunkSize: lanes });
  count(options.counters, { passes: Math.ceil(point.length / lanes), lanes: point.length });
  return rows;
}

function forwardCost({ operation, inputs, chunkSize }: CallShape): CostEstimate {
  const oneDirection = operation === 'derivative' || operation === 'jvp';
  const lanes = oneDirection ? 1 : lanesFor(inputs, chunkSize);
  const passes = oneDirection ? 1 : Math.ceil(inputs / lanes);
  return {
    mode: 'forward',
    cost:
      operation === 'hessian' || operation === 'hvp'
        ? Number.POSITIVE_INFINITY
        : passes * (TRANSFORM_PASS_COST + TRANSFORM_LANE_COST * lanes),
    steps: passes,
    chunkSize: lanes,
    tapeBytes: 0,
    work:
      passes === 1
        ? 'one pass of generated tangent code'
        : `${plural(passes, 'pass')} of generated tangent code`,
    held: undefined,
  };
}

function forwardExplain({ shape, estimate, runnerUp }: ChoiceContext): string {
  const lanes = estimate.chunkSize === 1 ? '1 tangent' : `${estimate.chunkSize} tangents`;
  const instead =
    runnerUp === undefined
      ? ''
      : ` instead of ${runnerUp.work}${runnerUp.held === undefined ? '' : ` (${runnerUp.held})`}`;
  return `forward: ${shape} — ${estimate.work} carrying ${lanes} (no tape)${instead}`;
}

/** Forward mode by source transformation: generated tangent code. */
export const transformForwardBackend: ModeBackend<'transform', 'tangent-code'> = {
  mode: 'forward',
  implementation: 'transform',
  automatic: true,
  optionsFor: chunkedOptions,
  detectsAnomalies: false,
  refuses,
  derivative: (f, x, options) => {
    const t = checkNumber('derivative', x, 'x');
    const result = compiledOf(f, true).jvp([t], [1]).tangent[0]!;
    count(options.counters, { passes: 1, lanes: 1 });
    return result;
  },
  gradient: (f, x, options) => {
    scalar('gradient', compiledOf(f, false));
    return forwardJacobian(f, x, options, 'gradient')[0]!;
  },
  jacobian: (f, x, options) => forwardJacobian(f, x, options),
  hessian: () => {
    throw new Error('transform backend asked for a Hessian, which it refuses');
  },
  hvp: () => {
    throw new Error('transform backend asked for a Hessian-vector product, which it refuses');
  },
  jvp: (f, x, v, options) => {
    const result = compiledOf(f, false).jvp(x, v);
    count(options.counters, { passes: 1, lanes: 1 });
    return result;
  },
  vjp: (f, x, options) =>
    pullbackThroughJacobian(f as VectorFunction, x, options, (_g, point) =>
      forwardJacobian(f, point, options, 'vjp'),
    ),
  cost: forwardCost,
  explain: forwardExplain,
  compare: [
    {
      method: 'tangent-code',
      label: 'tangent code',
      role: 'candidate',
      run: (f, point, _isVector, counters, chunkSize) => ({
        jacobian: forwardJacobian(f, point, chunkSize === undefined ? { counters } : { chunkSize, counters }),
      }),
      relabel: (counters) =>
        counters.passes > 0
          ? `tangent code (${plural(Math.ceil(counters.lanes / counters.passes), 'lane')})`
          : 'tangent code',
    },
  ],
};

// ---------------------------------------------------------------------------------------------------

function adjointVjp(f: AnyFunction, x: ArrayLike<number>, options: BackendOptions): VjpResult {
  const compiled = compiledOf(f, false);
  const point = checkPoint('vjp', x);
  const y = compiled.value(point);
  const value = typeof y === 'number' ? Float64Array.of(y) : y;
  return {
    value,
    pullback: (u) => {
      const cotangent = compiled.vjp(
        point,
        checkDirection('vjp pullback', u, value.length, 'u', "f's output"),
      ).cotangent;
      count(options.counters, { sweeps: 1, peakTapeBytes: compiled.stats.bytesSaved });
      return cotangent;
    },
  };
}

function reverseCost({ operation, outputs, probe }: CallShape): CostEstimate {
  const runs = operation === 'gradient' || operation === 'vjp' || operation === 'derivative' ? 1 : outputs;
  const saved = probe.adjointBytes ?? 0;
  return {
    mode: 'reverse',
    cost:
      operation === 'hessian' || operation === 'hvp'
        ? Number.POSITIVE_INFINITY
        : runs * TRANSFORM_ADJOINT_COST,
    steps: runs,
    chunkSize: 1,
    tapeBytes: saved,
    work:
      runs === 1 ? 'one run of generated adjoint code' : `${plural(runs, 'run')} of generated adjoint code`,
    held: probe.adjointBytes === undefined ? undefined : `${formatBytes(saved)} saved for the reverse sweep`,
  };
}

function reverseExplain({ shape, estimate, runnerUp }: ChoiceContext): string {
  const instead = runnerUp === undefined ? '' : ` instead of ${runnerUp.work}`;
  const held = estimate.held === undefined ? '' : ` (${estimate.held})`;
  return `reverse: ${shape} — ${estimate.work}${held}${instead}`;
}

/** Reverse mode by source transformation: generated adjoint code. */
export const transformReverseBackend: ModeBackend<'transform', 'adjoint-code'> = {
  mode: 'reverse',
  implementation: 'transform',
  automatic: true,
  optionsFor: () => [],
  detectsAnomalies: false,
  refuses,
  derivative: (f, x, options) => {
    const t = checkNumber('derivative', x, 'x');
    const compiled = compiledOf(f as UnivariateFunction, true);
    const result = compiled.gradient([t])[0]!;
    count(options.counters, { sweeps: 1, peakTapeBytes: compiled.stats.bytesSaved });
    return result;
  },
  gradient: (f, x, options) => {
    const compiled = scalar('gradient', compiledOf(f as ScalarFunction, false));
    const result = compiled.gradient(x);
    count(options.counters, { sweeps: 1, peakTapeBytes: compiled.stats.bytesSaved });
    return result;
  },
  jacobian: (f, x, options) => {
    const compiled = compiledOf(f, false);
    const rows = compiled.jacobian(x, { mode: 'reverse' });
    count(options.counters, { sweeps: rows.length, peakTapeBytes: compiled.stats.bytesSaved });
    return rows;
  },
  hessian: () => {
    throw new Error('transform backend asked for a Hessian, which it refuses');
  },
  hvp: () => {
    throw new Error('transform backend asked for a Hessian-vector product, which it refuses');
  },
  jvp: (f, x, v, options) => tangentThroughPullbacks(x, v, (point) => adjointVjp(f, point, options)),
  vjp: adjointVjp,
  cost: reverseCost,
  explain: reverseExplain,
  measure: (operation, f, point) => {
    if (operation === 'hessian' || operation === 'hvp') return {};
    const { compiled } = transformed(f, operation === 'derivative');
    if (compiled === undefined) return {};
    if (compiled.output === 'scalar') compiled.gradient(operation === 'derivative' ? [point[0]!] : point);
    else
      compiled.vjp(
        point,
        new Float64Array(compiled.jvp(point, new Float64Array(point.length)).value.length).fill(1),
      );
    return { adjointBytes: compiled.stats.bytesSaved };
  },
  compare: [
    {
      method: 'adjoint-code',
      label: 'adjoint code',
      role: 'candidate',
      run: (f, point, isVector, counters) => {
        const compiled = compiledOf(f, false);
        if (isVector) {
          const rows = compiled.jacobian(point, { mode: 'reverse' });
          count(counters, { sweeps: rows.length, peakTapeBytes: compiled.stats.bytesSaved });
          return { jacobian: rows };
        }
        const result = compiled.valueAndGradient(point);
        count(counters, { sweeps: 1, peakTapeBytes: compiled.stats.bytesSaved });
        return { jacobian: [result.gradient], value: result.value };
      },
    },
  ],
};
