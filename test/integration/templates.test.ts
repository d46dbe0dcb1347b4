import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { templatePath } from '../../src/cli/ci-commands.js';
import { chromiumMissing, launchChromium, openFile, screenshot } from '../unit/report/chromium.js';
import { templateCommand } from '../unit/templates/template-command.js';
import { fixture, readReport, ROOT, runCli, tempDir, type CliResult } from './helpers.js';

/** The paths the GitHub template uploads as its artifact. */
function uploadedPaths(): string[] {
  const doc = parse(readFileSync(templatePath('github'), 'utf8'));
  const upload = (doc.jobs['enid-test'].steps as Array<{ uses?: string; with?: { path: string } }>).find((s) => s.uses?.startsWith('actions/upload-artifact'));
  return upload!.with!.path.split('\n').filter(Boolean);
}

describe('the command the CI templates run', () => {
  // The bundled example service, run from the service directory as CI does: a whole default run, read by
  // the two tests below.
  const repo = path.join(tempDir('ci-template'), 'service');
  let result: CliResult;
  beforeAll(async () => {
    cpSync(fixture('notes-redis'), repo, { recursive: true });
    result = await runCli(templateCommand('github'), { cwd: repo, timeoutMs: 590_000 });
  }, 600_000);

  it('passes on the bundled example service, run from the service directory as CI does', async () => {
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Everything the template uploads was written, report.html with it.
    for (const file of uploadedPaths()) expect(existsSync(path.join(repo, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repo, 'enid-reports', 'report.json'), 'utf8')).status).toBe('passed');
    expect(readFileSync(path.join(repo, 'enid-reports', 'summary.md'), 'utf8')).toContain('[report.html](report.html)');
    await looksRight(path.join(repo, 'enid-reports', 'report.html'));
  });

  it('ran the Django tests in a sibling container beside the API phases, with nothing of the running service\'s, and left nothing', () => {
    // The service's own tests need only the image and a database: they run in a sibling container (its own
    // database on the run's PostgreSQL, its own Redis) while seeding and flows talk to the service.
    const report = readReport(path.join(repo, 'enid-reports'));
    const phase = report.phases.find((p) => p.name === 'coverage')!;
    expect(phase.detail).toContain('ran in a sibling container beside the API phases (postgres: database notes_enid_tests, redis: container redis-enid-tests)');
    expect(report.coverage?.tests.filter((t) => t.status === 'passed')).toHaveLength(12);
    expect(report.coverage?.lineRate).toBeGreaterThan(0.5);
    // The flows ran against the service meanwhile, unaffected.
    expect(report.flows.filter((f) => f.status !== 'passed')).toEqual([]);
    // Nothing of the run is left: the sibling and its Redis went with the stack.
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.enid-test.run=${report.runId}`], { encoding: 'utf8' }).trim();
    expect(left).toBe('');
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
