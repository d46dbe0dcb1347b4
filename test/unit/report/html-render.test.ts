import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html-render.js';
import type { RunReport } from '../../../src/types.js';
import { fullReport, HOSTILE, hostileReport } from './html-fixture.js';
import { recordedReport } from './recorded-report.js';

const sectionIds = (page: string): string[] => [...page.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]!);

/** A run that never got past discovery: no API, no flows, nothing measured. */
function bareReport(): RunReport {
  return {
    status: 'error',
    exitCode: 2,
    startedAt: '2025-03-14T09:26:53.000Z',
    durationMs: 312,
    service: { name: 'no-dockerfile', dir: '/srv/no-dockerfile' },
    phases: [{ name: 'discover', status: 'error', durationMs: 12, detail: 'no Dockerfile' }],
    assumptions: [],
    flows: [],
    suites: [],
    timing: [],
    errors: [{ exitCode: 2, code: 'ENID_BAD_INPUT', phase: 'discover', message: 'no Dockerfile in /srv/no-dockerfile', hint: 'add one, or set service.image' }],
  };
}

describe('renderHtml', () => {
  it('renders every part of a full report, in reading order, each linked from the navigation', () => {
    const page = renderHtml(fullReport());
    const ids = ['verdict', 'pr', 'api', 'flows', 'checks', 'timing', 'database', 'seed', 'tests', 'coverage', 'notes'];
    expect(sectionIds(page)).toEqual(ids);
    for (const id of ids) expect(page).toContain(`<a href="#${id}">`);
  });

  it('renders the recorded run without the parts it does not have', () => {
    expect(sectionIds(renderHtml(recordedReport()))).toEqual(['verdict', 'api', 'flows', 'timing', 'seed', 'tests', 'coverage', 'notes']);
  });

  it('renders a report with no optional part: the verdict with its error and hint, nothing else', () => {
    const page = renderHtml(bareReport());
    expect(sectionIds(page)).toEqual(['verdict']);
    expect(page).toContain('exit code <b>2</b> (bad input or configuration)');
    expect(page).toContain('<div class="hint"><b>Hint</b> add one, or set service.image</div>');
    expect(page).not.toContain('class="cards"');
  });

  it('never prints undefined, NaN or [object Object] for a missing or odd value', () => {
    const odd = fullReport() as unknown as Omit<RunReport, 'checks'> & { checks: Record<string, unknown> };
    // A report written by an older build: rows without the fields this one adds.
    const oddPr = odd.pr as unknown as Record<string, unknown>;
    oddPr.latency = [{ endpoint: 'GET /x/', verdict: 'same' }];
    oddPr.migrations = [{ app: 'notes', name: '0009' }];
    oddPr.rollingDeploy = { checked: false, failures: [] };
    delete oddPr.timings;
    odd.checks.findings = [{ check: 'x', endpoint: '/x/', method: 'GET', level: 'warn', message: 'no reproduction' }];
    for (const page of [renderHtml(fullReport()), renderHtml(recordedReport()), renderHtml(bareReport()), renderHtml(odd as unknown as RunReport)]) {
      expect(page).not.toMatch(/undefined|NaN|\[object Object\]/);
    }
  });

  it('shows the endpoint state a report gives, and derives it for an older report', () => {
    const page = renderHtml(fullReport());
    expect(page).toMatch(/<span class="pill warn">reached<\/span><\/td><td><code>api\/\^notes\/\(\?P&lt;pk&gt;\[\^\/\.\]\+\)\/\$<\/code>/);
    expect(page).toContain('PATCH reached it, but no payload the serializer accepts could be built (400 naming &quot;title&quot;)');
    expect(page).toContain('<span class="method reached" title="reached, not verified">PATCH</span>');
    // tags carries no state: exercised, so verified; audit is skipped with its `skipped` reason.
    expect(page).toMatch(/<span class="pill pass">verified<\/span><\/td><td><code>api\/\^tags\/\$<\/code>/);
    expect(page).toMatch(/<span class="pill skip">skipped<\/span><\/td><td><code>api\/\^audit\/\$<\/code>.*flows\.skip in enid\.config\.json/);
  });

  it('gives every failure its reproduction: the flow exchange and each finding with curl, traceback and statements', () => {
    const page = renderHtml(fullReport());
    expect(page).toContain(`<pre class="code" id="flow-curl-1">curl -sS -i -X PUT -H &#39;Host: notes.internal&#39; -H &#39;X-Forwarded-Proto: https&#39; -H &#39;Content-Type: application/json&#39; --data-raw &#39;{&quot;name&quot;:&quot;a&lt;b &amp; \\&quot;c\\&quot;&quot;}&#39; http://notes:8000/api/tags/7/</pre>`);
    expect(page).toContain('<button type="button" class="copy" data-copy="check-curl-1">Copy curl</button>');
    expect(page).toContain('ValueError: invalid literal for int() with base 10: &#39;&lt;script&gt;&#39;');
    expect(page).toContain('Statements (1)');
    expect(page.match(/data-copy="/g)).toHaveLength(4);
  });

  it('shows the checks phase as it reports itself: each check\'s tally, the statuses per endpoint, the notes, its cost', () => {
    const page = renderHtml(fullReport());
    const checks = page.slice(page.indexOf('<section id="checks">'), page.indexOf('<section id="timing">'));
    expect(checks).toContain('2 fail · 1 warn · 94 requests in 12.4s');
    expect(checks).toMatch(/<td><code>cacheStaleness<\/code><\/td><td>Does a cached response outlive the write that changed it\?<\/td><td>warn<\/td><td class="num">1<\/td><td class="num">1<\/td><td>\/api\/tags\/: no evidence of a cache<\/td>/);
    expect(checks).toContain('<td>200×41 400×12 500×1</td>');
    expect(checks).toContain('no second user for /api/audit/: it needs credentials the run lacks');
    expect(checks).toContain('<h3>Caches</h3>');
    expect(checks).not.toMatch(/<h3>(Requests|Max requests per endpoint|Duration ms)<\/h3>/);
  });

  it('plots the base, head and base-again samples of a PR latency row that keeps them', () => {
    const page = renderHtml(fullReport());
    const pr = page.slice(page.indexOf('<section id="pr">'), page.indexOf('<section id="api">'));
    expect(pr.match(/<svg class="plot"/g)).toHaveLength(1);
    expect(pr).toContain('n=10 · p50 19');
  });

  it('shows PR mode: the reasons, the contract diff, the migrations table, base against head, queries and its time', () => {
    const page = renderHtml(fullReport());
    const pr = page.slice(page.indexOf('<section id="pr">'), page.indexOf('<section id="api">'));
    expect(pr).toContain('this change breaks something');
    expect(pr).toContain('2 breaking API change(s)');
    expect(pr).toMatch(/<span class="pill fail">breaking<\/span><\/td><td><code>response-required-property-removed<\/code><\/td><td><code>GET \/api\/authors\/<\/code>/);
    // The migrations table: time on the base's data, rows, the lock (ACCESS SHARE left out), the risk.
    expect(pr).toContain('<code>books.0002_book_published_at</code></td><td class="num">85 ms</td>');
    expect(pr).toContain('<code>books_book</code> 20,044');
    expect(pr).toContain('<b>ACCESS EXCLUSIVE</b> on <code>books_book</code>');
    expect(pr).not.toContain('on <code>books_book_pkey</code>');
    expect(pr).toContain('<span class="pill fail">add-not-null-volatile-default</span>');
    expect(pr).toContain('1 step that passed before fail after');
    expect(pr).toContain('<td class="num">6.2 ms</td><td class="num">19 ms</td><td class="num">3.10× [2.70×–3.40×]</td>');
    expect(pr).toContain('the A/A round (the base against itself) measured 1.04×, the minimum is 1.25×');
    expect(pr).toContain('<span class="pill fail">N+1</span> <code>SELECT &quot;books_author&quot;');
    expect(pr).toContain('Migrations and rolling deploy</dt><dd>6.3s');
  });

  it('plots the cold and warm latencies of each timing check', () => {
    const page = renderHtml(recordedReport());
    expect(page.match(/<svg class="plot"/g)).toHaveLength(2);
    expect(page.match(/<circle class="dot info"/g)).toHaveLength(26);
    // 88.7 ms lies beyond the axis (it ends near the 98th percentile): counted at the edge, not lost.
    expect(page).toContain('+1 ›');
    const older = recordedReport();
    delete older.timing[0]!.latencies;
    expect(renderHtml(older)).toContain('carries no per-request latencies');
  });

  it('escapes hostile service text everywhere: the only script is the page’s own', () => {
    const page = renderHtml(hostileReport());
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img|<svg onload|onerror="window/);
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;');
    expect(page.split('&lt;/script&gt;&lt;img').length - 1).toBeGreaterThanOrEqual(12);
    expect(HOSTILE).toContain('</script>');
  });

  it('allows exactly its own script by hash and nothing from outside', () => {
    const page = renderHtml(recordedReport());
    const script = /<script>([\s\S]*)<\/script>/.exec(page)![1]!;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toMatch(/^default-src 'none';/);
    expect(page).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
  });

  it('is the same page for the same report', () => {
    expect(renderHtml(fullReport())).toBe(renderHtml(fullReport()));
  });
});
