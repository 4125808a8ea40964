/**
 * Reverse mode's performance measurements (run by hand, not by the test suite; timings are reported,
 * never asserted):
 *
 *   npx tsx --conditions=@dualtape/source packages/reverse/scripts/measure.ts [--sizes 10000,100000,1000000]
 *
 * For Rosenbrock at each size: gradient time divided by a plain-number run of the same generic function
 * and by the zoo's hand-written Float64Array version, record and replay times, sweep alone, tape bytes
 * per operation; then a checkpointed loop against the plain loop (peak tape bytes, time ratio).
 * Times are the best of several runs, in CPU milliseconds of this process (less disturbed by other load
 * on the machine than wall time) and in wall milliseconds.
 */
import { add, cos, mul, type Scalar, sin, sub, tanh } from '@dualtape/core';
import { type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { checkpointedLoop, gradient, type LoopStep, record, tapeStats } from '../src/index.js';

interface Timing {
  readonly cpu: number;
  readonly wall: number;
}

/** Best of `rounds` measurements of `repeats` calls each, per call. */
function time(run: () => unknown, repeats: number, rounds = 5): Timing {
  let cpu = Number.POSITIVE_INFINITY;
  let wall = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const startCpu = process.cpuUsage();
    const startWall = performance.now();
    for (let r = 0; r < repeats; r++) run();
    const spent = process.cpuUsage(startCpu);
    wall = Math.min(wall, (performance.now() - startWall) / repeats);
    cpu = Math.min(cpu, (spent.user + spent.system) / 1000 / repeats);
  }
  return { cpu, wall };
}

const format = (t: Timing): string => `${t.cpu.toFixed(3)} ms cpu / ${t.wall.toFixed(3)} ms wall`;
const ratio = (a: Timing, b: Timing): string =>
  `${(a.cpu / b.cpu).toFixed(1)}× (wall ${(a.wall / b.wall).toFixed(1)}×)`;

function measureRosenbrock(size: number): void {
  const instance = zooEntry('rosenbrock').instantiate(size) as ZooScalarInstance;
  const x = Float64Array.from({ length: size }, (_, i) => Math.sin(i) * 1.5);
  const xs = Array.from(x);
  const repeats = Math.max(1, Math.round(1e5 / size));
  gradient(instance.f, x); // warm the pooled tape: later calls reuse its arrays
  const plain = time(() => instance.plain(x), repeats * 200);
  const generic = time(() => instance.f(xs), repeats * 20);
  const grad = time(() => gradient(instance.f, x), repeats);
  const stats = tapeStats();
  const recordTime = time(() => record(instance.f, x), repeats, 3);
  const recording = record(instance.f, x);
  const replay = time(() => recording.value(x), repeats);
  const sweep = time(() => recording.sweep(), repeats);
  const replayAndSweep = time(() => recording.gradient(x), repeats);
  console.log(
    `\nRosenbrock N = ${size} (${stats.operations} tape entries, ${stats.bytesPerOperation} B/entry)`,
  );
  console.log(`  plain (zoo, Float64Array)     ${format(plain)}`);
  console.log(`  generic on plain numbers      ${format(generic)}`);
  console.log(`  gradient (record + sweep)     ${format(grad)}`);
  console.log(`    ÷ zoo plain                 ${ratio(grad, plain)}`);
  console.log(`    ÷ generic on numbers        ${ratio(grad, generic)}`);
  console.log(`  record (kept recording)       ${format(recordTime)}`);
  console.log(`  replay (values + partials)    ${format(replay)}`);
  console.log(
    `  sweep alone                   ${format(sweep)}  (${((sweep.cpu * 1e6) / stats.operations).toFixed(1)} ns/entry cpu)`,
  );
  console.log(`  replay + sweep                ${format(replayAndSweep)}`);
  console.log(`    ÷ zoo plain                 ${ratio(replayAndSweep, plain)}`);
}

/** A small nonlinear map of a 3-state (the checkpointing test's). */
const step: LoopStep = <T extends Scalar>([p, q, r]: readonly T[]): T[] => [
  add(p!, mul(0.01, sin(q!))),
  sub(q!, mul(0.01, tanh(mul(p!, r!)))),
  add(mul(0.999, r!), mul(0.001, cos(p!))),
];

function measureCheckpointing(steps: number): void {
  const loss =
    (checkpointed: boolean) =>
    <T extends Scalar>(x: readonly T[]): T => {
      let state: readonly T[] = x;
      if (checkpointed) state = checkpointedLoop(step, x, steps);
      else for (let i = 0; i < steps; i++) state = step(state, i);
      return add(add(state[0]!, state[1]!), state[2]!);
    };
  const x = [0.3, -0.2, 0.5];
  const repeats = Math.max(1, Math.round(2e5 / steps / 12));
  gradient(loss(false), x);
  const plainStats = tapeStats();
  gradient(loss(true), x);
  const checkpointStats = tapeStats();
  const plainTime = time(() => gradient(loss(false), x), repeats);
  const checkpointTime = time(() => gradient(loss(true), x), repeats);
  console.log(`\nCheckpointed loop, T = ${steps} steps (every = ceil(√T) = ${Math.ceil(Math.sqrt(steps))})`);
  console.log(
    `  plain loop:        peak ${plainStats.peakBytes} B, ${plainStats.operations} entries, ${format(plainTime)}`,
  );
  console.log(
    `  checkpointed loop: peak ${checkpointStats.peakBytes} B, ${checkpointStats.operations} entries, ${format(checkpointTime)}`,
  );
  console.log(
    `  peak bytes ÷ ${(plainStats.peakBytes / checkpointStats.peakBytes).toFixed(1)}, time × ${ratio(checkpointTime, plainTime)}`,
  );
}

const sizesFlag = process.argv.indexOf('--sizes');
const sizes =
  sizesFlag >= 0 ? process.argv[sizesFlag + 1]!.split(',').map(Number) : [10_000, 100_000, 1_000_000];
for (const size of sizes) measureRosenbrock(size);
for (const steps of [1024, 16384]) measureCheckpointing(steps);
