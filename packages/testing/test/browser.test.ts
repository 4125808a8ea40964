/**
 * The browser helper: Chromium launches headless, renders a page, answers script, and writes a
 * screenshot artifact; a bad `DUALTAPE_CHROMIUM` is an error naming the variable.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, CHROMIUM_ENV, findChromium, launchChromium } from '../src/browser.js';

describe('the browser helper', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders a page in headless Chromium and writes its screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 200, height: 120 } });
    await page.setContent(
      '<svg width="160" height="80"><rect id="box" x="10" y="10" width="140" height="60" fill="teal"/></svg>',
    );
    const width = await page.locator('#box').evaluate((element) => element.getBoundingClientRect().width);
    expect(width).toBe(140);
    expect(await page.evaluate('navigator.userAgent')).toMatch(/HeadlessChrome|Chromium|Chrome/);
    const path = artifactPath('testing-browser.png');
    await page.screenshot({ path });
    const png = readFileSync(path);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await page.close();
  });

  it('names the variable when DUALTAPE_CHROMIUM is not an executable', () => {
    const before = process.env[CHROMIUM_ENV];
    process.env[CHROMIUM_ENV] = '/nonexistent/chromium';
    try {
      expect(() => findChromium()).toThrow(`${CHROMIUM_ENV} is set to '/nonexistent/chromium'`);
    } finally {
      if (before === undefined) delete process.env[CHROMIUM_ENV];
      else process.env[CHROMIUM_ENV] = before;
    }
  });
});
