/**
 * The child process of an isolated job: `node [flags] worker.js '<job as JSON>'` runs one job (jobs.ts)
 * in a fresh process, printing one JSON line per progress step and a last line with the result or the
 * error. Started by isolation.ts; not meant to be run by hand.
 */
import { encodeLine, parseLine } from './isolation.js';
import { type Job, runJobHere } from './jobs.js';
import { describeError } from './sweep.js';

const print = (line: unknown) => process.stdout.write(`${encodeLine(line)}\n`);

try {
  const job = parseLine(process.argv[2] ?? '') as unknown as Job | undefined;
  if (typeof job !== 'object' || job === null || typeof (job as { kind?: unknown }).kind !== 'string') {
    throw new Error(`worker: expected a job as JSON, got ${JSON.stringify(process.argv[2])}`);
  }
  const result = await runJobHere(job, (detail) => print({ type: 'progress', detail }));
  print({ type: 'result', ok: true, result });
} catch (error) {
  print({ type: 'result', ok: false, error: describeError(error) });
}
