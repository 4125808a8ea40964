/**
 * Measures forward mode's costs; not a test, since the numbers depend on the machine and its load.
 * Run from the repository root:
 *   npx tsx --conditions=@dualtape/source packages/forward/scripts/measure.ts [jvp|gradient]
 * Profile with:
 *   node --conditions=@dualtape/source --import tsx --cpu-prof packages/forward/scripts/measure.ts jvp
 *
 * Reports one JVP of Rosenbrock at N = 10^6 against plain evaluations of the same function (the generic
 * one on numbers, before and after the process has run duals through it, and the zoo's hand-written
 * Float64Array version), then the time per Rosenbrock gradient at N = 1000 for several chunk sizes.
 * Times are CPU time, the minimum over repeated batches (the machine this was written on is shared).
 */
import { add, mul } from '@dualtape/core';
import { defaultChunkSize, derivative, gradient, jvp } from '@dualtape/forward';
import { type ZooScalarInstance, zooEntry } from '@dualtape/zoo';

function rosenbrockAt(n: number): ZooScalarInstance {
  const instance = zooEntry('rosenbrock').instantiate(n);
  if (instance.kind !== 'scalar') throw new Error('rosenbrock is a scalar zoo function');
  return instance;
}

/**
 * Milliseconds of CPU time (user + system) per call of `run`: the minimum over `samples` batches of
 * `batch` calls, after warm-up. CPU time rather than wall time because this machine is shared: waiting
 * for a core is not counted (cache contention still is), and the minimum discards the worst interference.
 */
function timeIt(run: () => unknown, { batch = 1, samples = 15, warmup = 2 } = {}): number {
  for (let i = 0; i < warmup * batch; i++) run();
  let best = Number.POSITIVE_INFINITY;
  for (let s = 0; s < samples; s++) {
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / batch);
  }
  return best;
}

function point(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.5 + 0.25 * Math.sin(i);
  return x;
}

const fmt = (ms: number): string => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`);

function measureJvp(n: number): void {
  const x = point(n);
  const v = new Float64Array(n).fill(1);
  const { f, plain } = rosenbrockAt(n);
  const generic = Array.from(x);
  console.log(`One JVP of Rosenbrock, N = ${n}`);
  const handWritten = timeIt(() => plain(x), { batch: 10 });
  const genericBefore = timeIt(() => f(generic), { batch: 5 });
  const forward = timeIt(() => jvp(f, x, v), { samples: 7 });
  const genericAfter = timeIt(() => f(generic), { batch: 5 });
  console.log(`  hand-written Float64Array:                   ${fmt(handWritten)}`);
  console.log(`  generic on numbers, before any dual ran:     ${fmt(genericBefore)}`);
  console.log(`  generic on numbers, after duals ran through: ${fmt(genericAfter)}`);
  console.log(`  jvp:                                         ${fmt(forward)}`);
  console.log(
    `  jvp ÷ generic: ${(forward / genericBefore).toFixed(1)}× (before), ${(forward / genericAfter).toFixed(1)}× (after);` +
      ` jvp ÷ hand-written: ${(forward / handWritten).toFixed(0)}×`,
  );
}

function measureGradient(n: number): void {
  const x = point(n);
  const { f, plain } = rosenbrockAt(n);
  const generic = Array.from(x);
  console.log(`\nRosenbrock gradient, N = ${n} (default chunk ${defaultChunkSize(n)})`);
  const genericPlain = timeIt(() => f(generic), { batch: 200 });
  console.log(
    `  one evaluation: hand-written ${fmt(timeIt(() => plain(x), { batch: 2000 }))}, generic ${fmt(genericPlain)}`,
  );
  const chunkSizes = [1, 2, 4, 8, defaultChunkSize(n), 16, 32, 64, 128];
  const times = new Map<number, number>();
  for (const chunkSize of chunkSizes) {
    if (!times.has(chunkSize))
      times.set(
        chunkSize,
        timeIt(() => gradient(f, x, { chunkSize }), { samples: 11 }),
      );
  }
  const oneTangent = times.get(1)!;
  for (const [chunkSize, ms] of times) {
    const passes = Math.ceil(n / chunkSize);
    console.log(
      `  chunk ${String(chunkSize).padStart(3)} (${String(passes).padStart(4)} passes): ${fmt(ms).padStart(9)}` +
        `   ${(oneTangent / ms).toFixed(2).padStart(6)}× faster than chunk 1` +
        `   ${fmt(ms / passes).padStart(8)} per pass`,
    );
  }
  const genericAfter = timeIt(() => f(generic), { batch: 200 });
  console.log(`  one generic evaluation after duals ran through it: ${fmt(genericAfter)}`);
  // ForwardDiff-style one-tangent passes seed every input as a dual (zero tangent off the direction).
  // Forward mode here keeps those inputs plain numbers; this line shows what that saves.
  const allDualPass = (j: number) =>
    derivative((t) => f(generic.map((xi, i) => (i === j ? add(xi, t) : add(xi, mul(0, t))))), 0);
  const perPass = timeIt(() => allDualPass(n >> 1), { batch: 5, samples: 7 });
  console.log(
    `  reference: N one-tangent passes with every input a dual ≈ ${fmt(perPass * n)} ` +
      `(${((perPass * n) / times.get(defaultChunkSize(n))!).toFixed(1)}× the default chunked gradient)`,
  );
}

const only = process.argv[2];
if (only !== 'gradient') measureJvp(1_000_000);
if (only !== 'jvp') measureGradient(1000);
