/**
 * What the Jacobian experiment times: tanh(A·x) (dense-tanh.ts) with N·M fixed, a full Jacobian per mode
 * or one piece of the cost model (one forward pass, one recording, one reverse sweep).
 */
import { seededRandom, UsageError } from '@dualtape/core';
import * as forward from '@dualtape/forward';
import * as numeric from '@dualtape/numeric';
import * as reverse from '@dualtape/reverse';
import { compile } from '@dualtape/transform';
import { type BuiltCall, type CallKind, SMALL_SIZE } from '../../calls/types.js';
import { denseDirection } from '../../modes.js';
import { denseTanh } from './dense-tanh.js';

/** What the Jacobian family can be asked for: a full Jacobian per mode, or the cost model's pieces. */
export type JacobianMode =
  | 'forward'
  | 'forward-chunked'
  | 'reverse'
  | 'numeric-central'
  | 'forward-pass'
  | 'reverse-record'
  | 'reverse-sweep'
  | 'transform-forward'
  | 'transform-reverse';

/** tanh(A·x) with N = `inputs`, M = `product / inputs`. */
export interface JacobianCall {
  readonly kind: 'jacobian';
  readonly product: number;
  readonly inputs: number;
  readonly mode: JacobianMode;
  readonly seed: number;
}

function prepareJacobianCall(spec: JacobianCall): BuiltCall {
  if (spec.product % spec.inputs !== 0) {
    throw new UsageError(`jacobian call: N = ${spec.inputs} does not divide N·M = ${spec.product}`);
  }
  const family = denseTanh(spec.inputs, spec.product / spec.inputs, spec.seed);
  const x = family.sample(seededRandom(spec.seed));
  const f = family.f;
  switch (spec.mode) {
    case 'transform-forward': {
      const compiled = compile(f, { scope: family.scope });
      return { call: () => compiled.jacobian(x) };
    }
    case 'transform-reverse': {
      const compiled = compile(f, { scope: family.scope });
      return { call: () => compiled.jacobian(x, { mode: 'reverse' }) };
    }
    case 'forward':
      return { call: () => forward.jacobian(f, x, { chunkSize: 1 }) };
    case 'forward-chunked':
      return { call: () => forward.jacobian(f, x) };
    case 'reverse':
      return { call: () => reverse.jacobian(f, x) };
    case 'numeric-central':
      return { call: () => numeric.jacobian(f, x, { scheme: 'central' }) };
    case 'forward-pass': {
      const direction = denseDirection(family.inputs);
      return { call: () => forward.jvp(f, x, direction) };
    }
    case 'reverse-record':
      return { call: () => reverse.vjp(f, x) };
    case 'reverse-sweep': {
      const recorded = reverse.vjp(f, x);
      const cotangent = denseDirection(family.outputs);
      return { call: () => recorded.pullback(cotangent) };
    }
  }
}

/** The Jacobian family's call kind. */
export const JACOBIAN_CALLS: CallKind<JacobianCall, 'inputs'> = {
  kind: 'jacobian',
  sizeKey: 'inputs',
  prepare: prepareJacobianCall,
  small: (spec) => {
    const product = Math.min(spec.product, SMALL_SIZE * 2);
    return { ...spec, product, inputs: Math.min(spec.inputs, product) };
  },
  warmupKey: (spec) => `jacobian/${spec.mode}`,
  describe: (spec) => `jacobian ${spec.mode} at N=${spec.inputs}`,
};
