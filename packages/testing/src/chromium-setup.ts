/**
 * A vitest global setup for any project with browser tests (`globalSetup: ['packages/testing/src/chromium-setup.ts']`):
 * makes sure Chromium is there before the first test file runs, installing it with apt-get when it can, or
 * failing the run with one sentence naming the command to run. Never a silent skip.
 */
import { ensureChromium } from './browser.js';

export function setup(): void {
  ensureChromium();
}
