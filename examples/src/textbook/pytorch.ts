/**
 * The PyTorch examples of the textbook with reverse mode's `Tensor`: `.grad` of a leaf that requires a
 * gradient (and `null` for one that does not), gradients of a dot product, accumulation until
 * `grad.zero_()`, a non-scalar output that needs `backward(gradient)` or `.sum()` (and the error without
 * either), and `detach()` cutting a value out of the graph.
 */
import { arange, ones, type Tensor, tensor } from '@dualtape/reverse';
import { formatNumber, formatVector, type Write } from './format.js';

function show(t: Tensor | null): string {
  if (t === null) return 'null';
  return t.shape.length === 0 ? formatNumber(t.item()) : formatVector(t.data);
}

/** What the section computed, for the test. */
export interface PytorchResults {
  readonly squares: { readonly z: number; readonly xGrad: string; readonly yGrad: string };
  readonly dotGrad: string;
  readonly dotValue: number;
  readonly sumAfterZero: string;
  readonly sumWithoutZero: string;
  readonly nonScalarError: string;
  readonly withGradient: string;
  readonly withSum: string;
  readonly detached: { readonly grad: string; readonly u: string };
}

/** Runs and prints the examples; returns what they computed. */
export function pytorchSection(write: Write): PytorchResults {
  write('4. The PyTorch examples with reverse mode’s Tensor');

  write('   x = tensor(4, requiresGrad), y = tensor(3); z = x² + y²; z.backward()');
  const x = tensor(4, { requiresGrad: true });
  const y = tensor(3);
  const z = x.pow(2).add(y.pow(2));
  z.backward();
  const squares = { z: z.item(), xGrad: show(x.grad), yGrad: show(y.grad) };
  write(
    `     z = ${formatNumber(squares.z)}, x.grad = ${squares.xGrad} (= 2x), y.grad = ${squares.yGrad} (y needs no gradient)`,
  );

  write('   x = arange(4, requiresGrad); y = 2·dot(x, x); y.backward()');
  const v = arange(4, { requiresGrad: true });
  const doubled = v.dot(v).mul(2);
  doubled.backward();
  const dotGrad = show(v.grad);
  write(`     y = ${formatNumber(doubled.item())}, x.grad = ${dotGrad} (= 4x)`);

  write('   x.grad.zero_(); x.sum().backward()');
  v.grad!.zero_();
  v.sum().backward();
  const sumAfterZero = show(v.grad);
  write(`     x.grad = ${sumAfterZero}`);
  write('   without zeroing, gradients accumulate: y = 2·dot(x, x) again, then x.sum().backward()');
  v.zeroGrad();
  v.dot(v).mul(2).backward();
  v.sum().backward();
  const sumWithoutZero = show(v.grad);
  write(`     x.grad = ${sumWithoutZero} (= 4x + 1)`);

  write('   a non-scalar output: (x·x).backward() refuses');
  v.zeroGrad();
  const squaresOfV = v.mul(v);
  let nonScalarError = '';
  try {
    squaresOfV.backward();
  } catch (error) {
    nonScalarError = `${(error as Error).name}: ${(error as Error).message}`;
  }
  write(`     ${nonScalarError}`);
  // retainGraph keeps the graph of x·x for the .sum() below, as in PyTorch.
  squaresOfV.backward(ones(4), { retainGraph: true });
  const withGradient = show(v.grad);
  write(`     (x·x).backward(ones(4)): x.grad = ${withGradient} (= 2x)`);
  v.zeroGrad();
  squaresOfV.sum().backward();
  const withSum = show(v.grad);
  write(`     (x·x).sum().backward():  x.grad = ${withSum}`);

  write('   detach: u = (x·x).detach(); (u·x).sum().backward()');
  v.zeroGrad();
  const u = v.mul(v).detach();
  u.mul(v).sum().backward();
  const detached = { grad: show(v.grad), u: show(u) };
  write(`     x.grad = ${detached.grad} (= u = ${detached.u}: u is a constant, not 3x²)`);

  return {
    squares,
    dotGrad,
    dotValue: doubled.item(),
    sumAfterZero,
    sumWithoutZero,
    nonScalarError,
    withGradient,
    withSum,
    detached,
  };
}
