import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { templatePath } from '../../src/cli/ci-commands.js';
import { chromiumMissing, launchChromium, openFile, screenshot } from '../unit/report/chromium.js';
import { templateCommand } from '../unit/templates/template-command.js';
import { fixture, ROOT, runCli, tempDir } from './helpers.js';

/** The paths the GitHub template uploads as its artifact. */
function uploadedPaths(): string[] {
  const doc = parse(readFileSync(templatePath('github'), 'utf8'));
  const upload = (doc.jobs['enid-test'].steps as Array<{ uses?: string; with?: { path: string } }>).find((s) => s.uses?.startsWith('actions/upload-artifact'));
  return upload!.with!.path.split('\n').filter(Boolean);
}

describe('the command the CI templates run', () => {
  it('passes on the bundled example service, run from the service directory as CI does', async () => {
    const repo = path.join(tempDir('ci-template'), 'service');
    cpSync(fixture('notes-redis'), repo, { recursive: true });
    const args = templateCommand('github');
    const result = await runCli(args, { cwd: repo });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Everything the template uploads was written, report.html with it.
    for (const file of uploadedPaths()) expect(existsSync(path.join(repo, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repo, 'enid-reports', 'report.json'), 'utf8')).status).toBe('passed');
    expect(readFileSync(path.join(repo, 'enid-reports', 'summary.md'), 'utf8')).toContain('[report.html](report.html)');
    await looksRight(path.join(repo, 'enid-reports', 'report.html'));
  });

  it('init-ci writes a template once and never overwrites', async () => {
    const repo = tempDir('init-ci');
    const first = await runCli(['init-ci', 'gitlab', repo]);
    expect(first.code).toBe(0);
    expect(readFileSync(path.join(repo, '.gitlab-ci.yml'), 'utf8')).toContain('coverage_format: cobertura');
    const second = await runCli(['init-ci', 'gitlab', repo]);
    expect(second.code).toBe(2);
    expect(second.stdout + second.stderr).toContain('already exists; nothing was written');
  });
});

/**
 * The report.html of a real run, opened in headless Chromium: no console error, nothing fetched, the
 * timing plot drawn from the run's own latencies, and a screenshot for people to look at. Without
 * Chromium this part is skipped, except in CI, where it fails.
 */
async function looksRight(file: string): Promise<void> {
  const missing = chromiumMissing();
  if (missing && !process.env.CI) return;
  if (missing) throw new Error(missing);
  const browser = await launchChromium();
  try {
    const { page, consoleErrors, failedRequests, otherRequests } = await openFile(browser, file);
    expect(await page.locator('header.hero.pass').count()).toBe(1);
    // At least the sampler's first checkpoint: 5 kept cold and 5 kept warm requests.
    expect(await page.locator('#timing svg.plot circle.dot').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator('#api .pill.pass').count()).toBeGreaterThan(0);
    const shot = await screenshot(page, path.join(ROOT, 'enid-reports', 'screenshots', 'report-notes-redis.png'));
    console.log(`report.html of a real run: ${shot}`);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(otherRequests).toEqual([]);
  } finally {
    await browser.close();
  }
}
