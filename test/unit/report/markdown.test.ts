import { describe, expect, it } from 'vitest';
import { artifactsUrl } from '../../../src/report/ci-links.js';
import { cell, fenced, renderMarkdown } from '../../../src/report/markdown-render.js';
import { recordedReport } from './recorded-report.js';

describe('summary.md', () => {
  const md = renderMarkdown(recordedReport());

  it('starts with the verdict line', () => {
    expect(md.split('\n').slice(0, 3)).toEqual(['## enid-test: notes', '', '**FAILED** (exit code 1) in 48.7s · started 2025-03-14T09:26:53.000Z']);
  });

  it('has every table row with as many cells as its header', () => {
    const tables = md.split('\n\n').filter((b) => b.startsWith('| '));
    expect(tables).toHaveLength(7);
    for (const t of tables) {
      const rows = t.split('\n');
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]!));
    }
  });

  it('shows the speedup with its bound and the failing flow with its step', () => {
    expect(md).toContain('| /api/notes/ | 48 ms / 61 ms | 9.3 ms / 12 ms | 5.2× (≥ 3.9×) | 30 | cached (passed) |');
    expect(md).toContain('| tags: update | update | expected status 200, got 400 \\| field "name" &lt;invalid> & \'quoted\' red | 400 |');
    expect(md).toContain('<details><summary>2 passed flows</summary>');
  });

  it('lists the 10 files with the lowest rate, lowest first', () => {
    const rows = md.split('Lowest covered files:')[1]!.split('\n').filter((l) => l.startsWith('| notes'));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toBe('| notes/management/commands/create_test_data.py | 0.0% | 0/30 |');
    expect(md).not.toContain('notes/urls.py');
  });

  it('says ERROR with the exit code for an errored run and leaves out absent sections', () => {
    const report = { ...recordedReport(), status: 'error' as const, exitCode: 3, flows: [], timing: [], suites: [], assumptions: [] };
    delete report.seed;
    delete report.coverage;
    const out = renderMarkdown(report);
    expect(out).toContain('**ERROR** (exit code 3)');
    for (const h of ['### Seed', '### Flows', '### Timing', '### Coverage', '### Tests', '### Assumptions']) expect(out).not.toContain(h);
  });

  it('says how many rows went through the API and how many by COPY, and what bounds the API where it was the only way', () => {
    const report = recordedReport();
    report.seed = {
      seed: 1, rows: 2005, durationMs: 3_000, rowsPerSecond: 668.3, apiRows: 15, volumeRows: 1990,
      endpoints: [
        { path: '/api/notes/', created: 5, volume: 995, failed: 0, durationMs: 50, errors: [] },
        { path: '/api/private-notes/', created: 5, volume: 995, failed: 0, durationMs: 1_000, errors: [] },
        { path: '/api/imports/', created: 5, failed: 0, durationMs: 1_050, errors: [] },
      ],
      bounds: ['/api/imports/: through the API only (no table known for COPY); HTTP Basic: the service hashes a password per request, ~210 ms per row'],
    };
    const out = renderMarkdown(report);
    expect(out).toContain('Seed 1 · 2005 rows (15 through the API, 1990 by COPY in the container) in 3.0s');
    expect(out).toContain('| Endpoint | Through the API | By COPY | Failed | API rows/s |');
    expect(out).toContain('| /api/private-notes/ | 5 | 995 | 0 | 5.0 |');
    expect(out).toContain('- /api/imports/: through the API only (no table known for COPY); HTTP Basic: the service hashes a password per request, ~210 ms per row');
  });

  it('cell escapes pipes, newlines and HTML, and fenced cannot be closed by its content', () => {
    expect(cell('a|b\nc<d>\u0007')).toBe('a\\|b<br>c&lt;d>');
    expect(fenced('x\n````\ny')).toBe('`````text\nx\n````\ny\n`````');
  });
});

describe('the summary links report.html', () => {
  it('under the verdict, relative to summary.md, and to the CI run when there is one', () => {
    const md = renderMarkdown(recordedReport(), { htmlReport: { href: 'report.html', artifactsUrl: 'https://ci/job (1)' } });
    expect(md.split('\n')[4]).toBe("Full report with plots and reproductions: [report.html](report.html) · [from the CI run's artifacts](https://ci/job%20%281%29)");
    expect(renderMarkdown(recordedReport())).not.toContain('report.html');
  });

  it('finds the artifacts of a GitHub Actions run or a GitLab job', () => {
    expect(artifactsUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'team/notes', GITHUB_RUN_ID: '7' })).toBe('https://github.com/team/notes/actions/runs/7');
    expect(artifactsUrl({ CI_JOB_URL: 'https://gitlab.com/team/notes/-/jobs/9' })).toBe('https://gitlab.com/team/notes/-/jobs/9/artifacts/browse');
    expect(artifactsUrl({})).toBeUndefined();
  });
});
