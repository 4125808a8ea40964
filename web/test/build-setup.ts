/**
 * Vitest global setup of the web project: builds the page with Vite into `web/dist` before the browser
 * test loads it, so the test never reads a stale bundle (a few seconds; the libraries are read from their
 * TypeScript sources, no `tsc -b` needed).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB = fileURLToPath(new URL('../', import.meta.url));

export async function setup(): Promise<void> {
  await build({ configFile: `${WEB}vite.config.ts`, logLevel: 'warn' });
  if (!existsSync(`${WEB}dist/index.html`)) throw new Error('vite build did not produce web/dist/index.html');
}
