/**
 * Finding where a NaN or ±Infinity came from, after the fact: the call is run again with
 * `detectAnomaly: true` in each mode asked for, and the first `AnomalyError` names the operation (with a
 * caret under it when f is an expression). What `check` does whenever something is not finite, and what
 * the CLI does whenever a result is.
 */
import {
  type Anomaly,
  AnomalyError,
  checkOptions,
  checkPoint,
  type ScalarFunction,
  type VectorFunction,
} from '@dualtape/core';
import { anomalyCaret, type ParsedExpression } from '@dualtape/expression';
import type { SourceStatement } from '@dualtape/transform';
import { gradient } from './gradient.js';
import { hessian } from './hessian.js';
import { anomalyStatement } from './internal/anomaly-source.js';
import { jacobian } from './jacobian.js';
import type { ConcreteMode } from './mode.js';

/** Where a NaN or ±Infinity first appeared, found by running the modes again with `detectAnomaly`. */
export interface CheckAnomaly {
  /** The mode's report: operation, arguments, tape entry or pass. */
  readonly anomaly: Anomaly;
  /** The call that found it, e.g. `'gradient (forward)'`. */
  readonly foundBy: string;
  /**
   * For an expression: the expression with a caret under that operation; for a function source
   * transformation reads (plain JavaScript): the source line of the statement it came from, with a caret
   * under the statement.
   */
  readonly caret: string | undefined;
  /** For a function source transformation reads: the statement the anomaly came from, when it can be told. */
  readonly statement: SourceStatement | undefined;
}

/** Options of `findAnomaly`. An unknown option is a `UsageError`. */
export interface FindAnomalyOptions {
  /** The modes to run again, in turn, until one finds an anomaly. @default ['forward', 'reverse'] */
  readonly modes?: readonly ConcreteMode[];
  /** The expression f was made from: the report then carries a caret under the operation. @default undefined */
  readonly expression?: ParsedExpression;
}

/**
 * Where the first NaN or ±Infinity of the `kind` of derivative of f at x came from: the derivative is
 * computed again with `detectAnomaly: true` in each of `modes` in turn (forward mode sees values and
 * tangents, reverse mode adjoints too; the overloading backends, which watch), and the first
 * `AnomalyError` is returned; undefined when no mode finds one (the NaN came in another way, e.g. f
 * returned it as a constant). An error other than an anomaly is not this function's to report: that mode
 * is passed over.
 *
 * @example findAnomaly('gradient', ([x]) => log1p(exp(x)), [1000])?.anomaly.operation // 'exp'
 */
export function findAnomaly(
  kind: 'gradient' | 'jacobian' | 'hessian',
  f: ScalarFunction | VectorFunction,
  x: ArrayLike<number>,
  options: FindAnomalyOptions = {},
): CheckAnomaly | undefined {
  checkOptions('findAnomaly', options, ['modes', 'expression']);
  const point = checkPoint('findAnomaly', x);
  const { modes = ['forward', 'reverse'], expression } = options;
  for (const mode of modes) {
    const call = { detectAnomaly: true, mode } as const;
    try {
      if (kind === 'hessian') hessian(f as ScalarFunction, point, call);
      else if (kind === 'jacobian') jacobian(f as VectorFunction, point, call);
      else gradient(f as ScalarFunction, point, call);
    } catch (error) {
      if (!(error instanceof AnomalyError)) continue;
      const statement = anomalyStatement(error);
      const caret =
        expression !== undefined
          ? anomalyCaret(expression, point, error.anomaly)
          : statement === undefined
            ? undefined
            : statement.excerpt;
      return { anomaly: error.anomaly, foundBy: `${kind} (${mode})`, caret, statement };
    }
  }
  return undefined;
}
