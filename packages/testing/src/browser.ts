/**
 * Browser tests in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
 * browser). `ensureChromium` finds the binary and, on a machine without it, installs it with apt-get when
 * that is possible, or fails with one sentence naming the command to run; `launchChromium` starts it
 * headless; `artifactPath` is where a test writes its screenshots (`.test-artifacts/`, git-ignored).
 *
 * Node-only, so it is its own entry point (`@dualtape/testing/browser`), apart from the package's index.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** playwright-core's browser and page, for tests that import only this module. */
export type { Browser, Page } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Environment variable naming another Chromium binary (a machine without Debian's package). */
export const CHROMIUM_ENV = 'DUALTAPE_CHROMIUM';

/** The command that installs the browser on Debian and Ubuntu. */
export const CHROMIUM_INSTALL_COMMAND = 'sudo apt-get install -y chromium';

/** The monorepo root (this file is `packages/testing/src/browser.ts`, or its build in `dist/`). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The folder test artifacts (screenshots) go to, git-ignored. */
export const ARTIFACTS_FOLDER = join(ROOT, '.test-artifacts');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium binary: `$DUALTAPE_CHROMIUM` when set, else Debian's; undefined when it is not there. */
export function findChromium(): string | undefined {
  const override = process.env[CHROMIUM_ENV];
  if (override !== undefined && override !== '') {
    if (!isExecutable(override)) {
      throw new Error(`${CHROMIUM_ENV} is set to '${override}', which is not an executable file`);
    }
    return override;
  }
  return isExecutable(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/** True when this process may run apt-get itself: it exists and we are root. */
function canInstallWithApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && isExecutable('/usr/bin/apt-get');
}

function apt(args: readonly string[]): boolean {
  const run = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60_000,
  });
  return run.status === 0;
}

/**
 * The Chromium binary, installed first with `apt-get install -y chromium` when it is missing and this
 * process may run apt-get (root on Debian/Ubuntu; `apt-get update` is run once if the first try fails).
 *
 * @throws Error with one sentence naming the command to run, when Chromium is missing and cannot be
 *   installed from here.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found !== undefined) return found;
  if (canInstallWithApt()) {
    console.log(
      `browser tests: ${DEBIAN_CHROMIUM} is missing; installing it with apt-get install -y chromium`,
    );
    if (!apt(['install', '-y', 'chromium'])) {
      apt(['update']);
      apt(['install', '-y', 'chromium']);
    }
    const installed = findChromium();
    if (installed !== undefined) return installed;
  }
  throw new Error(
    `The browser tests need Chromium at ${DEBIAN_CHROMIUM} and it is not installed: run \`${CHROMIUM_INSTALL_COMMAND}\` (or set ${CHROMIUM_ENV} to a Chromium binary) and run the tests again.`,
  );
}

/** Launches Chromium headless (installing it first if needed, as `ensureChromium` does). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), headless: true });
}

/** The path of a test artifact named `name` (e.g. `'web.png'`) in `.test-artifacts/`, its folder created. */
export function artifactPath(name: string): string {
  const path = join(ARTIFACTS_FOLDER, name);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
