/**
 * `dualtape bench ...`: forwards every argument to @dualtape/bench's `runBenchCommand`, imported only
 * here so that no other command loads the benchmark package and its plotting libraries. The specifier is
 * a variable on purpose: the CLI does not need the benchmark's types to build, so a broken or unbuilt
 * bench package cannot break the rest of the CLI (its build is `pnpm build`'s business). The benchmark is
 * private to the repository (a development dependency, never installed with the published CLI): where
 * it is absent, `dualtape bench` says so and how to get it (a UsageError, exit 2).
 */
import { UsageError } from '@dualtape/core';
import type { CliIo } from '../io.js';

/** The entry point @dualtape/bench exports. */
interface BenchModule {
  runBenchCommand(
    argv: string[],
    io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  ): Promise<number>;
}

const BENCH_PACKAGE = '@dualtape/bench';

/** Runs `dualtape bench ARGS...` and returns the benchmark's exit status. */
export async function runBench(argv: readonly string[], io: CliIo): Promise<number> {
  let bench: Partial<BenchModule>;
  try {
    bench = (await import(BENCH_PACKAGE)) as Partial<BenchModule>;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(`'${BENCH_PACKAGE}'`)) {
      throw new UsageError(
        `'dualtape bench' needs ${BENCH_PACKAGE}, which is not installed: the benchmarks ship with the ` +
          "dualtape repository, not with the published CLI (clone it, run 'pnpm install', then 'pnpm exec dualtape bench')",
      );
    }
    throw new Error(
      `could not load ${BENCH_PACKAGE} (is it built? run 'pnpm build'): ${(error as Error).message}`,
    );
  }
  if (typeof bench.runBenchCommand !== 'function') {
    throw new Error(`${BENCH_PACKAGE} does not export runBenchCommand`);
  }
  return bench.runBenchCommand([...argv], { stdout: io.stdout, stderr: io.stderr });
}
