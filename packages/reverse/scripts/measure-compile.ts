/**
 * Measurements of the compiled gradient (run by hand, not by the test suite; timings are reported, never
 * asserted):
 *
 *   npx tsx --conditions=@dualtape/source packages/reverse/scripts/measure-compile.ts \
 *     [--sizes 1000,10000] [--chunks 16,64] [--functions rosenbrock,ackley] [--straight]
 *
 * For each zoo function and size: the compiled gradient (after warm-up) divided by the zoo's hand-written
 * plain evaluation and by its hand-written analytic gradient where it has one, the compiled value-only
 * call, replay + sweep of a `Recording` for comparison, and the compile time (recording, generating and
 * the first call, which parses the generated code) and how long calls take to reach their steady speed
 * (V8 optimizing the generated functions). With several `--chunks` values it compares chunk sizes of
 * straight-line code (`--straight`: no loops, everything generated). Times are medians of rounds, in CPU
 * milliseconds of this process, per call; the load average is printed first (the machine is shared).
 */
import { cpus, loadavg } from 'node:os';
import { type ZooScalarInstance, zooEntry } from '@dualtape/zoo';
import { compileGradient, DEFAULT_COMPILE_CHUNK_SIZE, record } from '../src/index.js';

/** Median over `rounds` of the CPU time per call of `repeats` calls. */
function cpuTime(run: () => unknown, repeats: number, rounds = 9): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let r = 0; r < repeats; r++) run();
    const spent = process.cpuUsage(start);
    samples.push((spent.user + spent.system) / 1000 / repeats);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

function flag(name: string, fallback: string): string[] {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 ? process.argv[at + 1]! : fallback).split(',');
}

const sizes = flag('sizes', '1000,10000').map(Number);
const chunkSizes = flag('chunks', String(DEFAULT_COMPILE_CHUNK_SIZE)).map(Number);
const functions = flag('functions', 'rosenbrock');
/** With --straight, no loops, and every entry becomes generated straight-line code however many there are. */
const straight = process.argv.includes('--straight');
const layout = straight ? { maxLoopPeriod: 0, maxStraightLine: Number.POSITIVE_INFINITY } : {};

const ms = (t: number) => `${t.toFixed(4)} ms`;

console.log(
  `load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} on ${cpus().length} cores`,
);

for (const name of functions) {
  for (const size of sizes) {
    const instance = zooEntry(name).instantiate(size) as ZooScalarInstance;
    const random = (() => {
      let state = 12345;
      return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    })();
    const x = instance.sample(random);
    const gradient = new Float64Array(x.length);
    // Enough calls per round for about 1e6 entries of work.
    const recording = record(instance.f, x);
    const entries = recording.stats.operations;
    const repeats = Math.max(1, Math.round(1e6 / entries));
    const plain = cpuTime(() => instance.plain(x), repeats * 20);
    const analytic =
      instance.analyticGradient === undefined
        ? undefined
        : cpuTime(() => instance.analyticGradient!(x, gradient), repeats * 10);
    const replay = cpuTime(() => recording.gradient(x), repeats, 5);
    console.log(`\n${name} size ${size}: ${entries} tape entries`);
    console.log(`  plain (zoo, hand-written)     ${ms(plain)}`);
    if (analytic !== undefined)
      console.log(`  analytic gradient (zoo)       ${ms(analytic)}  ${(analytic / plain).toFixed(1)}× plain`);
    console.log(`  replay + sweep (Recording)    ${ms(replay)}  ${(replay / plain).toFixed(1)}× plain`);
    for (const chunkSize of chunkSizes) {
      const startCompile = performance.now();
      const compiled = compileGradient(instance.f, x, { chunkSize, ...layout });
      const generated = performance.now() - startCompile;
      compiled(x, gradient);
      const firstCall = performance.now() - startCompile;
      // Warm-up: call until V8 has optimized every generated function, i.e. until rounds of calls stop
      // getting faster (optimizing happens in the background, about 0.3 ms per straight-line entry).
      const warmStart = performance.now();
      let previous = Number.POSITIVE_INFINITY;
      let calm = 0;
      while (calm < 3 && performance.now() - warmStart < 60_000) {
        const round = cpuTime(() => compiled(x, gradient), repeats, 1);
        calm = round > previous * 0.95 ? calm + 1 : 0;
        previous = Math.min(previous, round);
      }
      const warm = performance.now() - warmStart;
      const full = cpuTime(() => compiled(x, gradient), repeats);
      const valueOnly = cpuTime(() => compiled(x), repeats);
      console.log(
        `  compiled, chunk ${chunkSize}: ${compiled.loops} loops covering ${compiled.entriesInLoops} entries, ` +
          `${compiled.entriesReplayed} entries replayed, ${compiled.functions} functions, ` +
          `${(compiled.sourceLength / 1000).toFixed(0)} kB of source`,
      );
      console.log(
        `    compile ${generated.toFixed(0)} ms (+ first call ${(firstCall - generated).toFixed(0)} ms, then ${warm.toFixed(0)} ms of calls until steady)`,
      );
      console.log(
        `    gradient  ${ms(full)}  ${(full / plain).toFixed(1)}× plain` +
          (analytic === undefined ? '' : `, ${(full / analytic).toFixed(1)}× analytic`) +
          `  (${((full * 1e6) / entries).toFixed(2)} ns/entry)`,
      );
      console.log(`    value     ${ms(valueOnly)}  ${(valueOnly / plain).toFixed(1)}× plain`);
    }
  }
}
