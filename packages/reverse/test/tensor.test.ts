/**
 * The Tensor's PyTorch semantics: the textbook's autograd examples with the values PyTorch gives,
 * accumulation, retainGraph, retainGrad, detach, noGrad, requiresGrad rules, in-place checks, factories,
 * shapes and their errors, and a chain deep enough to break any recursive sweep.
 */
import { inspect } from 'node:util';
import { DomainError, ShapeError, UsageError } from '@dualtape/core';
import { expectAllClose, expectClose, TOLERANCES } from '@dualtape/testing';
import { describe, expect, it } from 'vitest';
import { arange, full, isGradEnabled, noGrad, ones, type Tensor, tensor, zeros } from '../src/tensor.js';

/** The elements of a tensor as a plain array, for exact comparisons. */
const values = (t: Tensor | null): number[] => {
  if (t === null) throw new Error('expected a tensor, got null');
  return Array.from(t.data);
};

describe('the textbook examples (values PyTorch gives)', () => {
  it('z = x² + y² with only x requiring grad: x.grad = 8, y.grad = null', () => {
    const x = tensor(4, { requiresGrad: true });
    const y = tensor(3);
    const z = x.mul(x).add(y.mul(y));
    z.backward();
    expect(z.item()).toBe(25);
    expect(x.grad?.item()).toBe(8);
    expect(x.grad?.shape).toEqual([]);
    expect(y.grad).toBeNull();
    expect(y.requiresGrad).toBe(false);
  });

  it('y = 2·dot(x, x) at x = arange(4): y = 28, x.grad = 4x', () => {
    const x = arange(4, { requiresGrad: true });
    const y = x.dot(x).mul(2);
    expect(y.item()).toBe(28);
    y.backward();
    expect(x.grad?.toArray()).toEqual([0, 4, 8, 12]);
  });

  it('after x.grad.zero_(), x.sum().backward() gives ones', () => {
    const x = arange(4, { requiresGrad: true });
    x.dot(x).mul(2).backward();
    x.grad!.zero_();
    x.sum().backward();
    expect(x.grad?.toArray()).toEqual([1, 1, 1, 1]);
  });

  it('without zeroing, gradients add up across backward calls', () => {
    const x = arange(4, { requiresGrad: true });
    x.dot(x).mul(2).backward();
    x.sum().backward();
    expect(x.grad?.toArray()).toEqual([1, 5, 9, 13]);
  });

  it('(x*x).sum() has gradient 2x', () => {
    const x = arange(4, { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([0, 2, 4, 6]);
  });

  it('u = (x*x).detach() is a constant sharing the values: (u*x).sum() has gradient u', () => {
    const x = arange(4, { requiresGrad: true });
    const y = x.mul(x);
    const u = y.detach();
    expect(u.data).toBe(y.data);
    expect(u.requiresGrad).toBe(false);
    expect(u.gradFn).toBeNull();
    u.mul(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([0, 1, 4, 9]);
    expect(u.grad).toBeNull();
  });

  it('(x*x).backward() refuses a non-scalar output without a gradient', () => {
    const x = arange(4, { requiresGrad: true });
    expect(() => x.mul(x).backward()).toThrow(UsageError);
    expect(() => x.mul(x).backward()).toThrow(/grad can be implicitly created only for scalar outputs/);
    expect(x.grad).toBeNull();
  });

  it('(x*x).backward(ones(4)) gives 2x', () => {
    const x = arange(4, { requiresGrad: true });
    x.mul(x).backward(ones(4));
    expect(x.grad?.toArray()).toEqual([0, 2, 4, 6]);
  });
});

describe('backward', () => {
  it('counts any one-element tensor as a scalar output', () => {
    const x = tensor([[3]], { requiresGrad: true });
    x.mul(x).backward();
    expect(x.grad?.toArray()).toEqual([[6]]);
    const y = tensor([2], { requiresGrad: true });
    y.mul(5).backward();
    expect(values(y.grad)).toEqual([5]);
  });

  it('scales by a number gradient for a one-element output', () => {
    const x = tensor(2, { requiresGrad: true });
    x.mul(x).backward(3);
    expect(x.grad?.item()).toBe(12);
  });

  it('refuses a gradient of the wrong shape with a ShapeError naming both shapes', () => {
    const x = arange(4, { requiresGrad: true });
    const y = x.mul(x);
    expect(() => y.backward(ones(3))).toThrow(ShapeError);
    expect(() => y.backward(ones(3))).toThrow(
      /backward: gradient has shape \[3\] but the output has shape \[4\]/,
    );
    expect(() => y.backward(ones([2, 2]))).toThrow(ShapeError);
    expect(() => y.backward(2)).toThrow(ShapeError);
  });

  it('refuses a tensor that does not require grad', () => {
    expect(() => tensor(1).mul(2).backward()).toThrow(UsageError);
    expect(() => tensor(1).backward()).toThrow(/does not require grad/);
  });

  it('on a leaf itself seeds its own gradient', () => {
    const x = tensor(5, { requiresGrad: true });
    x.backward();
    expect(x.grad?.item()).toBe(1);
  });

  it('a second backward through freed values throws and adds nothing', () => {
    const x = arange(4, { requiresGrad: true });
    const y = x.dot(x).mul(2);
    y.backward();
    expect(() => y.backward()).toThrow(UsageError);
    expect(() => y.backward()).toThrow(/backward through the graph a second time.*retainGraph: true/s);
    expect(x.grad?.toArray()).toEqual([0, 4, 8, 12]);
  });

  it('also throws when a new graph reuses a freed part of an old one', () => {
    const x = arange(3, { requiresGrad: true });
    const y = x.sin();
    y.sum().backward();
    expect(() => y.mul(2).sum().backward()).toThrow(/second time/);
  });

  it('with retainGraph, runs again and accumulates', () => {
    const x = arange(4, { requiresGrad: true });
    const y = x.dot(x).mul(2);
    y.backward({ retainGraph: true });
    y.backward(undefined, { retainGraph: true });
    expect(x.grad?.toArray()).toEqual([0, 8, 16, 24]);
    y.backward(1);
    expect(x.grad?.toArray()).toEqual([0, 12, 24, 36]);
    expect(() => y.backward()).toThrow(UsageError);
  });

  it('refuses createGraph (it used to be accepted and ignored: .grad had no graph) and unknown options', () => {
    const x = arange(3, { requiresGrad: true });
    const y = x.mul(x).sum();
    expect(() => y.backward({ createGraph: true })).toThrow(UsageError);
    expect(() => y.backward({ createGraph: true })).toThrow(
      /backward: createGraph is not supported.*hessian/,
    );
    expect(x.grad).toBeNull();
    expect(() => y.backward({ retain_graph: true } as never)).toThrow(
      /backward: unknown option 'retain_graph' \(did you mean 'retainGraph'\?\)/,
    );
    expect(() => tensor([1], { requiresgrad: true } as never)).toThrow(
      /tensor: unknown option 'requiresgrad'/,
    );
    expect(() => zeros(2, { shape: [2] } as never)).toThrow(/zeros: unknown option 'shape'/);
    expect(() => arange(3, { dtype: 'float32' } as never)).toThrow(/arange: unknown option 'dtype'/);
    y.backward({ createGraph: false });
    expect(x.grad?.toArray()).toEqual([0, 2, 4]);
  });

  it('keeps graphs that saved no values usable, as PyTorch does (sum saves only a size)', () => {
    const x = arange(4, { requiresGrad: true });
    const s = x.sum();
    s.backward();
    s.backward();
    expect(x.grad?.toArray()).toEqual([2, 2, 2, 2]);
  });

  it('sums the gradients of every path through a diamond', () => {
    const x = tensor([0.5, -1.25, 2], { requiresGrad: true });
    const y = x.mul(x);
    y.add(y.sin()).sum().backward();
    const expected = [0.5, -1.25, 2].map((v) => 2 * v + Math.cos(v * v) * 2 * v);
    expectAllClose(values(x.grad), expected, TOLERANCES.exact, 'x.grad');
  });

  it('leaves tensors outside the graph alone', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    x.sum().backward();
    expect(w.grad).toBeNull();
  });

  it('reports NaN from outside a domain instead of hiding it', () => {
    const x = tensor([-1, 4], { requiresGrad: true });
    const y = x.sqrt();
    expect(Number.isNaN(y.data[0]!)).toBe(true);
    y.sum().backward();
    expect(Number.isNaN(x.grad!.data[0]!)).toBe(true);
    expect(x.grad!.data[1]).toBe(0.25);
  });

  it('uses the strong-zero product: a zero adjoint times an infinite partial contributes 0', () => {
    const x = tensor(0, { requiresGrad: true });
    x.sqrt().mul(0).backward();
    expect(x.grad?.item()).toBe(0);
  });

  it('takes the derivative of |x| at 0 as 0 (PyTorch)', () => {
    const x = tensor([0, -2, 3], { requiresGrad: true });
    x.abs().sum().backward();
    expect(x.grad?.toArray()).toEqual([0, -1, 1]);
  });

  it('does not alias the given gradient into the result', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seed = tensor([1, 1]);
    x.mul(3).backward(seed);
    x.grad!.zero_();
    expect(seed.toArray()).toEqual([1, 1]);
    x.reshape([2]).backward(x.grad!.add(1));
    expect(x.grad?.toArray()).toEqual([1, 1]);
  });

  it('rejects arguments that are neither a gradient nor options', () => {
    const x = tensor(1, { requiresGrad: true });
    expect(() => x.backward('1' as unknown as number)).toThrow(UsageError);
    expect(() => x.backward({ retainGraph: 'yes' as unknown as boolean })).toThrow(
      /retainGraph must be a boolean/,
    );
  });
});

describe('leaves, non-leaves and retainGrad', () => {
  it('marks leaves and records the operation name as gradFn', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(x.isLeaf).toBe(true);
    expect(x.gradFn).toBeNull();
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn).toBe('mul');
    expect(y.sum().gradFn).toBe('sum');
    expect(tensor(1).mul(2).isLeaf).toBe(true);
  });

  it('gives a non-leaf no .grad unless it retains it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    const z = y.mul(3);
    z.retainGrad();
    z.sum().backward({ retainGraph: true });
    expect(y.grad).toBeNull();
    expect(z.grad?.toArray()).toEqual([1, 1]);
    z.sum().backward();
    expect(z.grad?.toArray()).toEqual([2, 2]);
    expect(x.grad?.toArray()).toEqual([12, 24]);
  });

  it('retains the gradient of the output itself', () => {
    const x = tensor(2, { requiresGrad: true });
    const y = x.mul(x);
    y.retainGrad();
    y.backward(5);
    expect(y.grad?.item()).toBe(5);
  });

  it('refuses retainGrad on a tensor that does not require grad', () => {
    expect(() => tensor(1).retainGrad()).toThrow(UsageError);
  });
});

describe('requiresGrad', () => {
  it('can only be switched off on leaves', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.requiresGrad_(false)).toThrow(UsageError);
    expect(() => y.requiresGrad_(false)).toThrow(/only change requiresGrad flags of leaf tensors/);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(UsageError);
    expect(y.requiresGrad_(true)).toBe(y);
    x.requiresGrad_(false);
    expect(x.requiresGrad).toBe(false);
  });

  it('turns a constant leaf into one that records', () => {
    const x = tensor([1, 2]);
    expect(x.mul(2).requiresGrad).toBe(false);
    x.requiresGrad = true;
    const y = x.mul(x).sum();
    expect(y.gradFn).toBe('sum');
    y.backward();
    expect(x.grad?.toArray()).toEqual([2, 4]);
  });

  it('leaves .grad null on a tensor that does not require grad', () => {
    const c = tensor([1, 2]);
    const x = tensor([3, 4], { requiresGrad: true });
    x.mul(c).sum().backward();
    expect(c.grad).toBeNull();
  });

  it('rejects a non-boolean option or flag', () => {
    expect(() => tensor(1, { requiresGrad: 1 as unknown as boolean })).toThrow(UsageError);
    expect(() => tensor(1).requiresGrad_('yes' as unknown as boolean)).toThrow(UsageError);
  });
});

describe('noGrad', () => {
  it('records nothing: results do not require grad and have no gradFn', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(x).sum());
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(y.isLeaf).toBe(true);
    expect(y.item()).toBe(5);
    expect(() => y.backward()).toThrow(UsageError);
  });

  it('nests and restores the previous mode, also after an exception', () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      noGrad(() => expect(isGradEnabled()).toBe(false));
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(isGradEnabled()).toBe(true);
    const x = tensor(1, { requiresGrad: true });
    expect(x.mul(2).requiresGrad).toBe(true);
  });

  it('still creates leaves that require grad, and lets backward run inside', () => {
    const x = noGrad(() => tensor(3, { requiresGrad: true }));
    expect(x.requiresGrad).toBe(true);
    const y = x.mul(x);
    noGrad(() => y.backward());
    expect(x.grad?.item()).toBe(6);
  });

  it('refuses something that is not a function', () => {
    expect(() => noGrad(3 as unknown as () => void)).toThrow(UsageError);
  });
});

describe('zeroGrad, zero_ and in-place checks', () => {
  it('zeroGrad restarts accumulation, and .grad stays the same object', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).sum().backward();
    const grad = x.grad;
    x.zeroGrad();
    expect(x.grad).toBe(grad);
    expect(x.grad?.toArray()).toEqual([0, 0]);
    x.mul(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([3, 3]);
    expect(tensor(1).zeroGrad()).toBeUndefined();
  });

  it('refuses zero_ on a leaf that requires grad outside noGrad, and allows it inside', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.zero_()).toThrow(/leaf tensor that requires grad/);
    noGrad(() => x.zero_());
    expect(x.toArray()).toEqual([0, 0]);
  });

  it('refuses zero_ on a tensor produced by a recorded operation', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).zero_()).toThrow(UsageError);
  });

  it('detects a saved value changed in place before backward', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = tensor([3, 4]);
    const y = x.mul(c).sum();
    c.zero_();
    expect(() => y.backward()).toThrow(/modified by an in-place operation/);
    const z = x.exp();
    z.detach().zero_();
    expect(() => z.sum().backward()).toThrow(/modified by an in-place operation/);
    expect(x.grad).toBeNull();
  });
});

describe('factories', () => {
  it('tensor() takes numbers, nested arrays and Float64Arrays with a shape', () => {
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor(2.5).size).toBe(1);
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(values(m)).toEqual([1, 2, 3, 4, 5, 6]);
    const source = Float64Array.of(1, 2, 3, 4);
    const f = tensor(source, { shape: [2, 2] });
    expect(f.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    source[0] = 9;
    expect(f.data[0]).toBe(1);
    expect(tensor(source).shape).toEqual([4]);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).shape).toEqual([2, 2]);
    expect(tensor(Int32Array.of(1, -2)).toArray()).toEqual([1, -2]);
  });

  it('tensor() names what is wrong with its data', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nesting: element \[1\]/);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(/element \[1\] is the string 'a'/);
    expect(() => tensor([[1], [null as unknown as number]])).toThrow(UsageError);
    expect(() => tensor(new DataView(new ArrayBuffer(8)) as unknown as number)).toThrow(
      /element \(top level\) is a DataView, expected a number/,
    );
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/option shape \[2, 2\] has 4 elements/);
    expect(() => tensor([1, 2], { shape: [-2, -1] })).toThrow(ShapeError);
  });

  it('arange follows PyTorch', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 4).toArray()).toEqual([1, 2, 3]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(0).shape).toEqual([0]);
    expect(arange(2, 4, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => arange(0, 1, 0)).toThrow(UsageError);
    expect(() => arange(-1)).toThrow(/points away from the end/);
    expect(() => arange(Number.POSITIVE_INFINITY)).toThrow(DomainError);
    expect(() => arange(1, 2, 3, 4 as unknown as object)).toThrow(UsageError);
  });

  it('zeros, ones and full make the shape asked for', () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones(3).toArray()).toEqual([1, 1, 1]);
    expect(full([], 7).toArray()).toBe(7);
    expect(ones([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => zeros([2.5])).toThrow(ShapeError);
    expect(() => full([2], '1' as unknown as number)).toThrow(UsageError);
  });
});

describe('shapes, broadcasting and indexing', () => {
  it('broadcasts a number, a scalar tensor or a one-element tensor, and sums their gradients', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const s = tensor(3, { requiresGrad: true });
    const one = tensor([2], { requiresGrad: true });
    const y = x.mul(s).add(one).sub(1);
    expect(y.shape).toEqual([2, 2]);
    expect(y.toArray()).toEqual([
      [4, 7],
      [10, 13],
    ]);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(s.grad?.item()).toBe(10);
    expect(values(one.grad)).toEqual([4]);
    expect(one.grad?.shape).toEqual([1]);
    expect(s.mul(x).shape).toEqual([2, 2]);
  });

  it('names the operation and both shapes when they do not fit', () => {
    const a = tensor([1, 2]);
    const b = tensor([1, 2, 3]);
    expect(() => a.add(b)).toThrow(ShapeError);
    expect(() => a.add(b)).toThrow(/^add: shapes \[2\] and \[3\] do not broadcast/);
    expect(() => a.matmul(b)).toThrow(/^matmul: .*\[2\] @ \[3\]/);
    expect(() => a.dot(b)).toThrow(/^dot: .*\[2\] and \[3\]/);
    expect(() => ones([2, 2]).dot(ones([2, 2]))).toThrow(ShapeError);
    expect(() => a.add('1' as unknown as number)).toThrow(/^add: expected a Tensor or a number, got string/);
    expect(() => a.matmul(2 as unknown as Tensor)).toThrow(UsageError);
  });

  it('keeps an empty tensor empty against a scalar', () => {
    const e = tensor([], { requiresGrad: true });
    const y = e.mul(2);
    expect(y.shape).toEqual([0]);
    expect(y.size).toBe(0);
    y.sum().backward();
    expect(e.grad?.shape).toEqual([0]);
  });

  it('reshape shares the values, infers -1 and passes gradients through', () => {
    const x = arange(6, { requiresGrad: true });
    const m = x.reshape([2, -1]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.data).toBe(x.data);
    expect(m.gradFn).toBe('reshape');
    m.mul(m).sum().backward();
    expect(x.grad?.toArray()).toEqual([0, 2, 4, 6, 8, 10]);
    expect(arange(1).reshape([]).shape).toEqual([]);
    expect(() => x.reshape([4])).toThrow(
      /reshape: shape \[4\] has 4 elements but the tensor \(shape \[6\]\) has 6/,
    );
    expect(() => x.reshape([-1, -1])).toThrow(ShapeError);
    expect(() => x.reshape([4, -1])).toThrow(ShapeError);
    expect(() => arange(0).reshape([0, -1])).toThrow(ShapeError);
  });

  it('get returns a differentiable element and accepts negative indices', () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const e = x.get(1, -1);
    expect(e.shape).toEqual([]);
    expect(e.item()).toBe(6);
    expect(e.gradFn).toBe('get');
    e.mul(x.get(0, 1)).backward();
    expect(x.grad?.toArray()).toEqual([
      [0, 6, 0],
      [0, 0, 2],
    ]);
    expect(() => x.get(1)).toThrow(/get: expected 2 indices for shape \[2, 3\], got 1/);
    expect(() => x.get(2, 0)).toThrow(/index 2 is out of range for dimension 0/);
    expect(() => x.get(0, 0.5)).toThrow(ShapeError);
    expect(tensor(4).get().item()).toBe(4);
  });

  it('item refuses more than one element', () => {
    expect(() => arange(2).item()).toThrow(/item: a tensor with 2 elements/);
  });

  it('prints values and history', () => {
    expect(String(arange(3, { requiresGrad: true }))).toBe('tensor([0, 1, 2], requiresGrad=true)');
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    expect(String(x.sum())).toBe('tensor(10, gradFn=sum)');
    expect(String(x.detach())).toBe('tensor([[1, 2], [3, 4]])');
    expect(String(zeros([2, 0]))).toBe('tensor([[], []], shape=[2, 0])');
    expect(String(zeros([100, 20]))).toBe('tensor(<2000 values>, shape=[100, 20])');
    expect(inspect(x.mul(2))).toBe('tensor([[2, 4], [6, 8]], gradFn=mul)');
  });
});

describe('deep graphs', () => {
  it('backpropagates through a chain of 10^5 operations without recursion', () => {
    const steps = 50_000; // two operations per step
    const x = tensor(0.3, { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < steps; i++) y = y.sin().add(x);
    y.backward();
    // The chain rule by hand, forward: y' ← cos(y)·y' + 1.
    let value = 0.3;
    let derivative = 1;
    for (let i = 0; i < steps; i++) {
      derivative = Math.cos(value) * derivative + 1;
      value = Math.sin(value) + 0.3;
    }
    expectClose(y.item(), value, TOLERANCES.exact, 'value');
    expectClose(x.grad!.item(), derivative, TOLERANCES.exact, 'x.grad');
  });
});
