import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HtmlReporter } from '../../../src/report/html-reporter.js';
import { renderHtml } from '../../../src/report/html-render.js';
import { createReporters } from '../../../src/report/index.js';
import { JsonReporter } from '../../../src/report/json-reporter.js';
import { JunitReporter } from '../../../src/report/junit-reporter.js';
import { MarkdownReporter } from '../../../src/report/markdown-reporter.js';
import { renderMarkdown } from '../../../src/report/markdown-render.js';
import { recordedReport } from './recorded-report.js';
import { Sink } from './sink.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enid-report-'));
  for (const name of ['JSON', 'JUNIT', 'MARKDOWN', 'HTML']) vi.stubEnv(`ENID_${name}_OUTPUT_FILE`, '');
  // The summary links report.html to the CI run's artifacts when it runs in CI; these tests run anywhere.
  for (const name of ['GITHUB_STEP_SUMMARY', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'CI_JOB_URL']) vi.stubEnv(name, '');
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const read = (...parts: string[]) => readFileSync(join(dir, ...parts), 'utf8');

describe('file reporters', () => {
  it('write to the reports dir by default, creating it', async () => {
    const reportsDir = join(dir, 'nested', 'reports');
    await new JsonReporter({ reportsDir }).onEnd(recordedReport());
    await new JunitReporter({ reportsDir }).onEnd(recordedReport());
    await new MarkdownReporter({ reportsDir }).onEnd(recordedReport());
    await new HtmlReporter({ reportsDir }).onEnd(recordedReport());
    const json = JSON.parse(read('nested', 'reports', 'report.json')) as Record<string, unknown>;
    expect(Object.keys(json)[0]).toBe('version');
    expect(json).toEqual({ version: 1, ...recordedReport() });
    expect(read('nested', 'reports', 'report.json')).toMatch(/^\{\n {2}"version": 1,\n {2}"runId": "notes-3f9c2a1b",\n {2}"status": "failed",/);
    expect(read('nested', 'reports', 'junit.xml')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="enid-test"/);
    expect(read('nested', 'reports', 'summary.md')).toBe(renderMarkdown(recordedReport()));
    expect(read('nested', 'reports', 'report.html')).toBe(renderHtml(recordedReport()));
  });

  it('writes report.html where ENID_HTML_OUTPUT_FILE says, and the summary links it from there', async () => {
    const reportsDir = join(dir, 'reports');
    const html = { reportsDir };
    vi.stubEnv('ENID_HTML_OUTPUT_FILE', join(dir, 'pages', 'run report.html'));
    await new HtmlReporter(html).onEnd(recordedReport());
    await new MarkdownReporter({ reportsDir, htmlReport: html }).onEnd(recordedReport());
    expect(read('pages', 'run report.html')).toMatch(/^<!doctype html>/);
    expect(() => read('reports', 'report.html')).toThrow(/ENOENT/);
    expect(read('reports', 'summary.md')).toContain('[report.html](../pages/run%20report.html)');
  });

  it('links report.html to the CI run that holds it as an artifact', async () => {
    const reportsDir = join(dir, 'reports');
    vi.stubEnv('GITHUB_SERVER_URL', 'https://github.com');
    vi.stubEnv('GITHUB_REPOSITORY', 'team/notes');
    vi.stubEnv('GITHUB_RUN_ID', '4242');
    await new MarkdownReporter({ reportsDir, htmlReport: { reportsDir } }).onEnd(recordedReport());
    expect(read('reports', 'summary.md')).toContain(
      "Full report with plots and reproductions: [report.html](report.html) · [from the CI run's artifacts](https://github.com/team/notes/actions/runs/4242)",
    );
  });

  it('prefers ENID_JUNIT_OUTPUT_FILE over the option, and the option over the default', async () => {
    const reportsDir = join(dir, 'reports');
    vi.stubEnv('ENID_JUNIT_OUTPUT_FILE', join(dir, 'from-env', 'results.xml'));
    await new JunitReporter({ reportsDir, outputFile: join(dir, 'from-option.xml') }).onEnd(recordedReport());
    expect(read('from-env', 'results.xml')).toContain('<testsuites name="enid-test" tests="23"');
    expect(() => read('from-option.xml')).toThrow(/ENOENT/);
    expect(() => read('reports', 'junit.xml')).toThrow(/ENOENT/);

    vi.stubEnv('ENID_JUNIT_OUTPUT_FILE', '');
    await new JunitReporter({ reportsDir, outputFile: join(dir, 'from-option.xml') }).onEnd(recordedReport());
    expect(read('from-option.xml')).toContain('<testsuites name="enid-test"');
  });

  it('appends the summary to GITHUB_STEP_SUMMARY instead of replacing it', async () => {
    const stepSummary = join(dir, 'step_summary.md');
    writeFileSync(stepSummary, '# Earlier step\n\n', 'utf8');
    vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
    await new MarkdownReporter({ reportsDir: join(dir, 'reports') }).onEnd(recordedReport());
    const markdown = renderMarkdown(recordedReport());
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# Earlier step\n\n${markdown}`);
    expect(read('reports', 'summary.md')).toBe(markdown);
  });

  it('with --json prints only the JSON report on stdout and still writes every file', async () => {
    const stdout = new Sink(true);
    const reporters = createReporters({ reportsDir: dir, json: true, stdout, stderr: new Sink() });
    expect(reporters.reporters.map((r) => r.name)).toEqual(['json', 'junit', 'markdown', 'html']);
    reporters.onBegin({ service: recordedReport().service, phases: ['discover'] });
    reporters.onPhaseEnd({ name: 'discover', status: 'passed', durationMs: 5 });
    reporters.onLog('pulling postgres');
    await reporters.onEnd(recordedReport());
    expect(JSON.parse(stdout.text)).toEqual({ version: 1, ...recordedReport() });
    expect(stdout.text).toBe(read('report.json'));
    expect(read('junit.xml')).toContain('<testsuite name="flows"');
    expect(read('summary.md')).toContain('**FAILED** (exit code 1)');
    expect(read('summary.md')).toContain('[report.html](report.html)');
    expect(read('report.html')).toBe(renderHtml(recordedReport()));
  });

  it('without --json has a console reporter first and keeps JSON off stdout', async () => {
    const stdout = new Sink(false);
    const reporters = createReporters({ reportsDir: dir, json: false, stdout, stderr: new Sink() });
    expect(reporters.reporters.map((r) => r.name)).toEqual(['console', 'json', 'junit', 'markdown', 'html']);
    expect(reporters.printsToStdio()).toBe(true);
    await reporters.onEnd(recordedReport());
    expect(stdout.text).toMatch(/^FAILED \(exit 1\) in 48\.7s/m);
    expect(stdout.text).not.toContain('"version"');
  });

  it('masks the secrets given to createReporters in every file', async () => {
    const report = recordedReport();
    const secret = 'hunter2-db-pass';
    report.flows[2]!.exchange!.url = `http://admin:${secret}@notes:8000/api/tags/7/`;
    report.errors[0]!.logTail = [`django.db.utils.OperationalError: password "${secret}" rejected`];
    const reporters = createReporters({ reportsDir: dir, json: false, stdout: new Sink(), stderr: new Sink(), secrets: [secret, 'abc'] });
    await reporters.onEnd(report);
    for (const name of ['report.json', 'junit.xml', 'summary.md', 'report.html']) {
      expect(read(name)).not.toContain(secret);
      expect(read(name)).toContain('***');
    }
    expect(read('report.json')).toContain('http://admin:***@notes:8000/api/tags/7/');
  });

  it('a file that cannot be written becomes a warning, not a crash', async () => {
    const stderr = new Sink();
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const reporters = createReporters({ reportsDir: join(blocker, 'reports'), json: false, stdout: new Sink(), stderr });
    await expect(reporters.onEnd(recordedReport())).resolves.toBeUndefined();
    const warnings = stderr.text.split('\n').filter(Boolean).sort();
    expect(warnings).toHaveLength(4);
    expect(warnings.map((w) => w.replace(/: (EEXIST|ENOTDIR).*$/, ': <fs error>'))).toEqual([
      'warning: reporter "html" failed in onEnd: <fs error>',
      'warning: reporter "json" failed in onEnd: <fs error>',
      'warning: reporter "junit" failed in onEnd: <fs error>',
      'warning: reporter "markdown" failed in onEnd: <fs error>',
    ]);
  });
});
