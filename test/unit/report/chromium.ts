import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/engine.sh installs it): no browser download. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Why the browser tests cannot run here, or undefined when they can. Without Chromium they are skipped
 * on a developer's machine, but in CI (`CI` set) the missing browser must fail them, not hide them.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/engine.sh ensure_browser does it)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A page opened from a file, with everything it logged as an error and every request that failed. */
export interface OpenedReport {
  page: Page;
  consoleErrors: string[];
  failedRequests: string[];
  /** Requests to anything but the file itself: a self-contained page makes none. */
  otherRequests: string[];
}

/** Opens `file` by its file:// URL in a fresh context and waits until it has loaded. */
export async function openFile(browser: Browser, file: string, options: { permissions?: string[] } = {}): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  if (options.permissions) await context.grantPermissions(options.permissions);
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const opened: OpenedReport = { page, consoleErrors: [], failedRequests: [], otherRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') opened.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => opened.consoleErrors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => opened.failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('request', (r) => {
    if (r.url() !== url) opened.otherRequests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

/** Writes a full-page screenshot of `page` to `file` (parents created) and returns the path. */
export async function screenshot(page: Page, file: string): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
