import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html-render.js';
import type { RunReport } from '../../../src/types.js';
import { chromiumMissing, launchChromium, openFile, screenshot } from './chromium.js';
import { fullReport, HOSTILE, hostileReport } from './html-fixture.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
/** Where the screenshot of the fixture's report goes (git-ignored, like every enid-reports/ file). */
const SCREENSHOT = path.join(REPO_ROOT, 'enid-reports', 'screenshots', 'report.png');

const missing = chromiumMissing();

// Skipped only on a machine without Chromium outside CI; in CI the missing browser fails beforeAll.
describe.skipIf(missing !== undefined && !process.env.CI)('report.html in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let dir: string;
  const write = (name: string, report: RunReport): string => {
    const file = path.join(dir, name);
    writeFileSync(file, renderHtml(report), 'utf8');
    return file;
  };

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    dir = mkdtempSync(path.join(tmpdir(), 'enid-html-'));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders every section with no console error and no request beyond the file itself', async () => {
    const { page, consoleErrors, failedRequests, otherRequests } = await openFile(browser, write('report.html', fullReport()));
    const headings = await page.locator('section > h2').evaluateAll((hs) => hs.map((h) => h.firstChild?.textContent?.trim()));
    expect(headings).toEqual(['Verdict', 'Pull request: head against base', 'API map', 'Flows', 'Checks', 'Timing', 'Database', 'Seed', 'Tests', 'Coverage', 'Assumptions and notes']);
    // The two timing strip plots, the PR's base/head/base-again plot and the two N+1 bar charts are drawn.
    expect(await page.locator('#timing svg.plot circle.dot').count()).toBe(4 * 13);
    expect(await page.locator('#pr svg.plot circle.dot').count()).toBe(3 * 10);
    expect(await page.locator('#pr svg.ratio').count()).toBe(2);
    expect(await page.locator('svg.bars rect.bar').count()).toBe(4);
    const shot = await screenshot(page, SCREENSHOT);
    console.log(`report.html screenshot: ${shot}`);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(otherRequests).toEqual([]);
    await page.context().close();
  });

  it('copies a curl line with its button', async () => {
    const { page, consoleErrors } = await openFile(browser, write('copy.html', fullReport()), { permissions: ['clipboard-read', 'clipboard-write'] });
    const button = page.locator('button[data-copy]').first();
    const target = await button.getAttribute('data-copy');
    const curl = await page.locator(`#${target}`).textContent();
    expect(curl).toMatch(/^curl -sS -i -X PUT -H 'Host: notes\.internal' /);
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(curl);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('without clipboard access, selects the line instead and says so, still without an error', async () => {
    const { page, consoleErrors } = await openFile(browser, write('no-clipboard.html', fullReport()));
    const button = page.locator('button[data-copy]').nth(1);
    const curl = await page.locator(`#${await button.getAttribute('data-copy')}`).textContent();
    await button.click();
    await expect.poll(() => button.textContent()).toMatch(/^(Copied|Selected: press Ctrl\+C)$/);
    if ((await button.textContent()) !== 'Copied') expect(await page.evaluate('window.getSelection().toString()')).toBe(curl);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('collapses and expands every card, and a failed flow starts open', async () => {
    const { page } = await openFile(browser, write('cards.html', fullReport()));
    const failedFlow = page.locator('#flows details.card.fail').first();
    expect(await failedFlow.getAttribute('open')).toBe('');
    await page.getByRole('button', { name: 'Collapse all' }).click();
    expect(await page.locator('details[open]').count()).toBe(0);
    await failedFlow.locator('summary').click();
    expect(await failedFlow.getAttribute('open')).toBe('');
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await page.locator('details:not([open])').count()).toBe(0);
    await page.context().close();
  });

  it('shows hostile service text as text: nothing it holds runs or loads', async () => {
    const { page, consoleErrors, otherRequests } = await openFile(browser, write('hostile.html', hostileReport()));
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.title()).toBe(`enid-test: notes${HOSTILE} — FAILED`);
    expect(await page.locator('img, main script, [onerror], [onload]').count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text.split(HOSTILE).length - 1).toBeGreaterThanOrEqual(10);
    expect(consoleErrors).toEqual([]);
    expect(otherRequests).toEqual([]);
    await page.context().close();
  });
});
