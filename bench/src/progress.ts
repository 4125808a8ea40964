/**
 * Progress of a long run on stderr: a bar with an ETA on a terminal (cli-progress), short lines
 * elsewhere (CI logs), or nothing. Results never go to stderr, so `--json -` style piping stays clean.
 */
import { Presets, SingleBar } from 'cli-progress';
import { formatMs } from './internal/format.js';
import type { ProgressStyle } from './settings.js';

/** What experiments tell about their progress. */
export interface ProgressReporter {
  /** A stage of `total` units starts (e.g. the points of one sweep). */
  begin(stage: string, total: number): void;
  /** One unit of the current stage is done; `detail` says which (e.g. `reverse N=4096`). */
  advance(detail: string): void;
  /** The current stage is over. */
  end(): void;
  /** A message for the user, printed without breaking the bar. */
  log(line: string): void;
}

/** Lines mode prints at most one progress line this often (plus each stage's first and last). */
const LINE_INTERVAL_MS = 2000;

/** A reporter of the given style writing to `stream`. */
export function createProgress(style: ProgressStyle, stream: NodeJS.WritableStream): ProgressReporter {
  if (style === 'bar') return new BarProgress(stream);
  if (style === 'lines') return new LineProgress(stream);
  return { begin() {}, advance() {}, end() {}, log: (line) => stream.write(`${line}\n`) };
}

class BarProgress implements ProgressReporter {
  private bar: SingleBar | null = null;
  private done = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  begin(stage: string, total: number): void {
    this.end();
    this.done = 0;
    this.bar = new SingleBar(
      {
        stream: this.stream,
        format: `${stage.padEnd(16)} [{bar}] {value}/{total} | ETA {eta_formatted} | {detail}`,
        etaBuffer: 20,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { detail: '' });
  }

  advance(detail: string): void {
    this.done++;
    this.bar?.update(this.done, { detail });
  }

  end(): void {
    this.bar?.stop();
    this.bar = null;
  }

  log(line: string): void {
    // cli-progress redraws on the current line: put the message above it.
    if (this.bar !== null) this.stream.write('\r\u001b[2K');
    this.stream.write(`${line}\n`);
    this.bar?.render();
  }
}

class LineProgress implements ProgressReporter {
  private stage = '';
  private total = 0;
  private done = 0;
  private started = 0;
  private lastLine = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  begin(stage: string, total: number): void {
    this.stage = stage;
    this.total = total;
    this.done = 0;
    this.started = performance.now();
    this.lastLine = this.started;
    this.stream.write(`[${stage}] ${total} points\n`);
  }

  advance(detail: string): void {
    this.done++;
    const now = performance.now();
    if (now - this.lastLine < LINE_INTERVAL_MS && this.done < this.total) return;
    this.lastLine = now;
    const elapsed = now - this.started;
    const eta =
      this.done < this.total ? `, ETA ${formatMs((elapsed / this.done) * (this.total - this.done))}` : '';
    this.stream.write(`[${this.stage}] ${this.done}/${this.total} ${detail} (${formatMs(elapsed)}${eta})\n`);
  }

  end(): void {}

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }
}
