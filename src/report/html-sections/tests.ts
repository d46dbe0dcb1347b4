/** Seed, the user suites and Django tests (failures with their tracebacks), and coverage. */
import type { RunReport, TestCaseResult } from '../../types.js';
import { coverageMinimum, failureMessage, percent, seconds } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, codeBlock, countBy, details, meter, pill, table, type PageSection, type Tone } from '../html-parts.js';

export function seedSection(report: RunReport): PageSection | undefined {
  const s = report.seed;
  if (!s) return undefined;
  const failed = s.endpoints.reduce((n, e) => n + e.failed, 0);
  const rows = s.endpoints.map((e) => [
    code(e.path),
    e.created,
    e.failed ? pill(e.failed, 'warn') : 0,
    e.durationMs > 0 ? (e.created / (e.durationMs / 1000)).toFixed(1) : '–',
    html`${e.skipped ?? ''}${e.errors.length > 0 && html`<details><summary>${e.errors.length} error${e.errors.length === 1 ? '' : 's'}</summary>${codeBlock(e.errors.join('\n'))}</details>`}`,
  ]);
  return {
    id: 'seed',
    title: 'Seed',
    tone: failed ? 'warn' : 'pass',
    aside: `seed ${s.seed} · ${s.rows} rows · ${s.rowsPerSecond.toFixed(1)} rows/s`,
    body: html`<p>Faker seed <b>${s.seed}</b>: the same seed gives the same rows. ${s.rows} rows in ${seconds(s.durationMs)}.</p>${table(['Endpoint', 'Created', 'Failed', 'Rows/s', 'Note'], rows, { numeric: [1, 2, 3] })}`,
    card: { label: 'Seed', value: String(s.rows), detail: `rows, seed ${s.seed}` },
  };
}

export function testsSection(report: RunReport): PageSection | undefined {
  const groups = [
    ['User suites', report.suites],
    ['Django tests', report.coverage?.tests ?? []],
  ] as const;
  const present = groups.filter(([, list]) => list.length > 0);
  if (present.length === 0) return undefined;
  const all = present.flatMap(([, list]) => list);
  const n = countBy<TestCaseResult['status']>(all);
  const failed = n.failed ?? 0;
  const body = present.map(([label, list]) => {
    const c = countBy<TestCaseResult['status']>(list);
    const failures = list.filter((t) => t.status === 'failed').map(testCard);
    const others = list.filter((t) => t.status !== 'failed');
    const rows = others.map((t) => [pill(t.status, t.status === 'passed' ? 'pass' : 'skip'), t.suite, t.name, seconds(t.durationMs)]);
    return html`<h3>${label} <span class="muted">${c.passed ?? 0} passed · ${c.failed ?? 0} failed · ${c.skipped ?? 0} skipped</span></h3>${failures}${others.length > 0 && details(html`<span class="summary-main">${others.length} passed or skipped</span>`, table(['Status', 'Suite', 'Test', 'Duration'], rows, { numeric: [3] }), { tone: 'plain' })}`;
  });
  return {
    id: 'tests',
    title: 'Tests',
    tone: failed ? 'fail' : 'pass',
    aside: `${n.passed ?? 0} passed · ${failed} failed · ${n.skipped ?? 0} skipped`,
    body: html`${body}`,
    card: { label: 'Tests', value: failed ? `${failed} failed` : `${n.passed ?? 0} passed`, detail: present.map(([label, list]) => `${list.length} ${label.toLowerCase()}`).join(' · ') },
  };
}

function testCard(t: TestCaseResult): Html {
  const summary = html`${pill('failed', 'fail')}<span class="summary-main">${t.name}</span><span class="summary-sub">${t.suite}${t.failure ? ` · ${failureMessage(t.failure)}` : ''}</span>`;
  return details(summary, t.failure ? codeBlock(t.failure) : html`<p class="muted">no failure text</p>`, { open: true, tone: 'fail' });
}

export function coverageSection(report: RunReport): PageSection | undefined {
  const c = report.coverage;
  if (!c) return undefined;
  const minimum = coverageMinimum(c);
  const tone: Tone = minimum ? (minimum.met ? 'pass' : 'fail') : 'info';
  const parts = (['unit', 'e2e', 'combined'] as const).filter((k) => c.parts?.[k] !== undefined);
  const files = [...c.files].sort((a, b) => a.lineRate - b.lineRate || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fileRows = (list: typeof files) => list.map((f) => [code(f.path), html`<span class="nowrap">${meter(f.lineRate, f.lineRate >= 0.8 ? 'pass' : f.lineRate >= 0.5 ? 'warn' : 'fail')}${percent(f.lineRate)}</span>`, `${f.linesCovered}/${f.linesValid}`]);
  const head = ['File', 'Line rate', 'Lines'];
  const filesPart = files.length === 0 ? '' : html`<h3>Files, least covered first</h3>${table(head, fileRows(files.slice(0, 10)), { numeric: [2] })}${files.length > 10 && details(html`<span class="summary-main">${files.length - 10} more files</span>`, table(head, fileRows(files.slice(10)), { numeric: [2] }), { tone: 'plain' })}`;
  const body = html`<p><span class="big-number">${percent(c.lineRate)}</span> of lines (${c.linesCovered}/${c.linesValid}) · source ${c.source}${minimum ? html` · minimum ${minimum.shown} ${pill(minimum.met ? 'met' : 'not met', minimum.met ? 'pass' : 'fail')}` : ''}</p>
<p>${meter(c.lineRate, tone, true)}</p>
${parts.length > 0 && table(['Part', 'Line rate'], parts.map((k) => [k, html`${meter(c.parts![k]!, 'info')}${percent(c.parts![k]!)}`]))}
${filesPart}`;
  return {
    id: 'coverage',
    title: 'Coverage',
    tone,
    aside: `${percent(c.lineRate)} of lines · ${c.files.length} files`,
    body,
    card: { label: 'Coverage', value: percent(c.lineRate), detail: minimum ? `minimum ${minimum.shown} ${minimum.met ? 'met' : 'not met'}` : `${c.source} · ${c.files.length} files` },
  };
}
