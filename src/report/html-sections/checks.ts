/**
 * The checks phase's findings (`report.checks`, src/checks/types.ts), each with its reproduction: a curl
 * line to copy, the request and the response, the server's traceback for a 5xx and the statements of
 * the request; then each check's question and tally, the status codes per endpoint, and the notes.
 * `report.checks` is read defensively (a merged or older report may hold less, or findings as a list).
 */
import type { CheckFinding, ChecksReport, RunReport } from '../../types.js';
import { bodyText, seconds } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, codeBlock, details, keyValues, pill, table, type PageSection } from '../html-parts.js';
import { curlBlock, statusPill } from './exchange.js';
import { genericValue, humanKey } from './generic.js';

export type { CheckFinding } from '../../types.js';

/** `report.checks`: the findings, and whatever else the phase reported beside them. */
export type ChecksPart = Partial<Omit<ChecksReport, 'findings'>> & { findings: CheckFinding[]; [other: string]: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `report.checks` when the report has one: findings under `findings`, or the findings as the list itself. */
export function checksOf(report: RunReport): ChecksPart | undefined {
  const value = (report as { checks?: unknown }).checks;
  if (Array.isArray(value)) return { findings: value.filter(isRecord) as unknown as CheckFinding[] };
  if (!isRecord(value)) return undefined;
  const findings = Array.isArray(value.findings) ? (value.findings.filter(isRecord) as unknown as CheckFinding[]) : [];
  return { ...value, findings };
}

export function checksSection(report: RunReport): PageSection | undefined {
  const checks = checksOf(report);
  if (!checks) return undefined;
  const { findings } = checks;
  const fails = findings.filter((f) => f.level === 'fail').length;
  const warns = findings.length - fails;
  const byCheck = new Map<string, Array<{ finding: CheckFinding; index: number }>>();
  findings.forEach((finding, index) => {
    const key = String(finding.check ?? 'check');
    byCheck.set(key, [...(byCheck.get(key) ?? []), { finding, index }]);
  });
  // Checks with failures first, then by name: the page reads from what must be fixed.
  const groups = [...byCheck.entries()].sort(([a, x], [b, y]) => Number(y.some((f) => f.finding.level === 'fail')) - Number(x.some((f) => f.finding.level === 'fail')) || (a < b ? -1 : a > b ? 1 : 0));
  const rendered = groups.map(([check, items]) => {
    const failing = items.filter((i) => i.finding.level === 'fail').length;
    return html`<h3>${code(check)} <span class="muted">${failing} fail · ${items.length - failing} warn</span></h3>${items.map(({ finding, index }) => findingCard(finding, index))}`;
  });
  // The phase's own tables by their shape; anything else it reports, generically.
  const known = new Set(['findings', 'checks', 'endpoints', 'notes', 'requests', 'maxRequestsPerEndpoint', 'durationMs']);
  const tallies = Array.isArray(checks.checks) ? checks.checks.filter(isRecord) : [];
  const statuses = Array.isArray(checks.endpoints) ? checks.endpoints.filter(isRecord) : [];
  const notes = Array.isArray(checks.notes) ? checks.notes.filter((n) => typeof n === 'string') : [];
  const extras = Object.entries(checks).filter(([key, value]) => !known.has(key) && value !== undefined && !(Array.isArray(value) && value.length === 0));
  const body = html`${findings.length === 0 ? html`<p>No findings.</p>` : rendered}
${tallies.length > 0 && html`<h3>Checks</h3>${table(['Check', 'Question', 'Setting', 'Judged', 'Findings', 'Not judged'], tallies.map((t) => [code(String(t.name)), String(t.question ?? ''), String(t.setting ?? ''), Number(t.judged ?? 0), Number(t.findings ?? 0), Array.isArray(t.skipped) ? t.skipped.join('; ') : '']), { numeric: [3, 4] })}`}
${statuses.length > 0 && html`<h3>Status codes per endpoint</h3>${table(['Endpoint', 'Method', 'Statuses'], statuses.map((e) => [code(String(e.endpoint)), String(e.method), Object.entries(isRecord(e.statuses) ? e.statuses : {}).map(([k, n]) => `${k}×${String(n)}`).join(' ')]))}`}
${notes.length > 0 && html`<h3>Notes</h3><ul class="plain">${notes.map((n) => html`<li>${n}</li>`)}</ul>`}
${extras.map(([key, value]) => html`<h3>${humanKey(key)}</h3>${genericValue(value)}`)}`;
  const cost = typeof checks.requests === 'number' ? ` · ${checks.requests} requests${typeof checks.durationMs === 'number' ? ` in ${seconds(checks.durationMs)}` : ''}` : '';
  return {
    id: 'checks',
    title: 'Checks',
    tone: fails ? 'fail' : warns ? 'warn' : 'pass',
    aside: `${fails} fail · ${warns} warn${cost}`,
    body,
    card: { label: 'Checks', value: findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'clean', detail: `${fails} fail · ${warns} warn` },
  };
}

function findingCard(f: CheckFinding, index: number): Html {
  const tone = f.level === 'fail' ? 'fail' : 'warn';
  const r: Partial<CheckFinding['reproduction']> = isRecord(f.reproduction) ? f.reproduction : {};
  const request = isRecord(r.request) ? r.request : undefined;
  const response = isRecord(r.response) ? r.response : undefined;
  const summary = html`${pill(f.level, tone)}<span class="summary-main">${f.message}</span><span class="summary-sub">${String(f.method ?? '').toUpperCase()} ${f.endpoint}</span>${response && statusPill(response.status)}`;
  const headers = request?.headers && isRecord(request.headers) ? Object.entries(request.headers).map(([k, v]) => [k, String(v)] as const) : [];
  const requestBody = bodyText(request?.body);
  const responseBody = bodyText(response?.body);
  const body = html`${typeof r.curl === 'string' && r.curl ? curlBlock(r.curl, `check-curl-${index + 1}`) : ''}
<div class="grid2">
<div><div class="label-line">Request</div>${request ? html`<div><b class="mono">${String(request.method ?? '').toUpperCase()}</b> <span class="mono">${String(request.url ?? '')}</span></div>` : html`<p class="muted">not recorded</p>`}${headers.length > 0 && keyValues(headers)}${requestBody && codeBlock(requestBody)}</div>
<div><div class="label-line">Response ${response && statusPill(response.status)}</div>${response ? responseBody && codeBlock(responseBody) : html`<p class="muted">not recorded</p>`}</div>
</div>
${Array.isArray(r.traceback) && r.traceback.length > 0 && html`<div class="label-line">Server traceback</div>${codeBlock(r.traceback.join('\n'))}`}
${Array.isArray(r.statements) && r.statements.length > 0 && html`<div class="label-line">Statements (${r.statements.length})</div>${codeBlock(r.statements.join('\n'))}`}`;
  return details(summary, body, { open: f.level === 'fail', tone });
}
