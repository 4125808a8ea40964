/**
 * The page in a real browser (Debian's Chromium through playwright-core), served from the built files
 * with every request answered from `web/dist` — any request elsewhere fails the test, so the page works
 * offline. It types an expression (a broken one first: the caret error), steps forward accumulation
 * through every input direction and reverse accumulation through the whole graph, and checks the gradient
 * both sweeps display against the library's `gradient`; it draws a 200-node zoo graph and times its first
 * render, checks the zoo's pass counts against the textbook's, and draws a benchmark run's charts.
 * Screenshots go to `.test-artifacts/web*.png`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectClose, TOLERANCES } from '@dualtape/testing';
import { artifactPath, type Browser, launchChromium, type Page } from '@dualtape/testing/browser';
import { gradient, ParseError, parse } from 'dualtape';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const ORIGIN = 'http://dualtape.test';
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

let browser: Browser;
let page: Page;
const outsideRequests: string[] = [];
const pageErrors: string[] = [];

async function openPage(): Promise<Page> {
  const opened = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  opened.on('pageerror', (error) => pageErrors.push(String(error)));
  await opened.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      outsideRequests.push(url.href);
      return route.abort();
    }
    const path = join(DIST, url.pathname === '/' ? 'index.html' : url.pathname);
    try {
      const body = readFileSync(path);
      return route.fulfill({
        status: 200,
        body,
        contentType: TYPES[extname(path)] ?? 'application/octet-stream',
      });
    } catch {
      return route.fulfill({ status: 404, body: `not in web/dist: ${url.pathname}` });
    }
  });
  await opened.goto(`${ORIGIN}/index.html`);
  await opened.locator('#graph svg').waitFor();
  return opened;
}

async function typeExpression(text: string): Promise<void> {
  await page.locator('#expression').fill(text);
  await page.locator('#expression').press('Enter');
}

async function nodeCount(): Promise<number> {
  return Number(await page.locator('#render-time').getAttribute('data-nodes'));
}

async function gradientColumn(column: 'forward' | 'reverse' | 'library', variables: readonly string[]) {
  const values: number[] = [];
  for (const name of variables) {
    const cell = page.locator(`#gradient-body tr[data-variable="${name}"] td.${column}`);
    const text = await cell.getAttribute('data-value');
    expect(text, `${column} gradient of ${name} is displayed`).not.toBeNull();
    values.push(Number(text));
  }
  return values;
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await openPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('the page in Chromium', () => {
  it('shows the parser’s caret error inline for a broken expression', async () => {
    const broken = 'x * (y + ';
    let expected: ParseError | undefined;
    try {
      parse(broken);
    } catch (error) {
      expected = error as ParseError;
    }
    expect(expected).toBeInstanceOf(ParseError);
    await typeExpression(broken);
    const error = page.locator('#expression-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.locator('.reason').textContent()).toBe(
      `${expected!.reason} at position ${expected!.position}`,
    );
    const caret = (await error.locator('.caret').textContent())!.split('\n');
    // The line is the source (a marked blank stands for the end when the error is there).
    expect(caret[0]!.slice(0, broken.length)).toBe(broken);
    expect(caret[1]).toBe(`${' '.repeat(expected!.position)}^`);
    expect(await page.locator('#expression').getAttribute('aria-invalid')).toBe('true');
  });

  it('steps both sweeps through a typed expression and shows the library’s gradient', async () => {
    const text = 'x * sin(y) + exp(x * y) / y';
    const point: Readonly<Record<string, number>> = { x: 0.7, y: 1.3 };
    await typeExpression(text);
    await expect.poll(() => page.locator('#expression-error').isVisible()).toBe(false);
    for (const [name, value] of Object.entries(point)) {
      await page.locator(`#point input[data-variable="${name}"]`).fill(String(value));
    }
    const parsed = parse(text);
    const x = parsed.variables.map((name) => point[name]!);
    const expected = gradient(parsed.scalar, x);
    const nodes = await nodeCount();
    expect(nodes).toBe(8); // x, y, sin(y), x·sin(y), x·y, exp(x·y), exp(x·y)/y, the sum: y drawn once
    await page.locator('#mode-forward').click();
    for (let direction = 0; direction < parsed.variables.length; direction++) {
      await page.locator('#direction').selectOption(String(direction));
      for (let step = 1; step <= nodes; step++) {
        await page.locator('#step').click();
        await expect
          .poll(() => page.locator('#step-status').textContent())
          .toContain(`step ${step} of ${nodes}`);
      }
      expect(await page.locator('#step-status').textContent()).toContain('Pass complete');
    }
    expect(await page.locator('#trace').textContent()).not.toContain('≠ library');
    await page.locator('#mode-reverse').click();
    for (let step = 1; step <= nodes; step++) {
      await page.locator('#step').click();
      await expect
        .poll(() => page.locator('#step-status').textContent())
        .toContain(`step ${step} of ${nodes}`);
    }
    expect(await page.locator('#step-status').textContent()).toContain('Sweep complete');
    const trace = await page.locator('#trace').textContent();
    expect(trace).not.toContain('≠ library');
    expect(trace).toContain('v̄₀ += ');
    const forward = await gradientColumn('forward', parsed.variables);
    const reverse = await gradientColumn('reverse', parsed.variables);
    parsed.variables.forEach((name, i) => {
      expectClose(forward[i]!, expected[i]!, TOLERANCES.exact, `forward ∂f/∂${name}`);
      expectClose(reverse[i]!, expected[i]!, TOLERANCES.exact, `reverse ∂f/∂${name}`);
    });
    // The analytic gradient, so the comparison is not only library against library.
    const [px, py] = [point.x!, point.y!];
    expectClose(reverse[0]!, Math.sin(py) + Math.exp(px * py), TOLERANCES.exact, '∂f/∂x by hand');
    expectClose(
      reverse[1]!,
      px * Math.cos(py) + (px * Math.exp(px * py)) / py - Math.exp(px * py) / (py * py),
      TOLERANCES.exact,
      '∂f/∂y by hand',
    );
    await page.evaluate('window.scrollTo(0, 0)');
    const sweepPanel = (await page.locator('#sweep-panel').boundingBox())!;
    await page.screenshot({
      path: artifactPath('web.png'),
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(sweepPanel.y + sweepPanel.height + 8) },
      fullPage: true,
    });
  });

  it('counts the zoo’s passes as the textbook does and draws a 200-node graph', async () => {
    await page.locator('#zoo-name').selectOption('rosenbrock');
    await page.locator('#zoo-size').fill('24');
    const row = (id: string) => page.locator(`#zoo-passes [data-row="${id}"]`).getAttribute('data-count');
    await expect.poll(() => row('forward-one')).toBe('24');
    expect(await row('forward-chunked')).toBe(String(Math.ceil(24 / 12)));
    expect(await row('reverse')).toBe('1');
    expect(Number(await page.locator('#zoo-passes').getAttribute('data-tape-bytes'))).toBeGreaterThan(0);

    await page.locator('#zoo-draw').click();
    await expect.poll(nodeCount).toBeGreaterThanOrEqual(200);
    const nodes = await nodeCount();
    expect(await page.locator('#graph svg g.node').count()).toBe(nodes);
    const renderMs = Number(await page.locator('#render-time').getAttribute('data-ms'));
    expect(renderMs).toBeGreaterThan(0);
    writeFileSync(
      artifactPath('web-render.json'),
      `${JSON.stringify({ graph: 'rosenbrock 24', nodes, renderMs })}\n`,
    );
    console.log(`first render of a ${nodes}-node graph (rosenbrock, N = 24): ${renderMs.toFixed(1)} ms`);
    await page.locator('#mode-reverse').click();
    await page.locator('#finish').click();
    expect(await page.locator('#trace').textContent()).not.toContain('≠ library');
    await page.screenshot({ path: artifactPath('web-200-nodes.png'), fullPage: false });
  });

  it('draws a benchmark run’s charts and names what is wrong with a file that is not one', async () => {
    const charts = page.locator('#bench-charts');
    await expect.poll(() => charts.getAttribute('data-state')).toBe('drawn');
    expect(await charts.locator('figure.bench-chart svg').count()).toBeGreaterThan(0);
    await page.locator('#bench-file').setInputFiles({
      name: 'not-a-report.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"schema": "something-else"}'),
    });
    await expect
      .poll(() => page.locator('#bench-error').textContent())
      .toContain('not-a-report.json is not a dualtape bench report');
    await page.screenshot({ path: artifactPath('web-full.png'), fullPage: true });
  });

  it('made no request outside the built files and threw no error', () => {
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
