/**
 * The checks phase's findings (`report.checks`), each with its reproduction: a curl line to copy, the
 * request and the response, the server's traceback for a 5xx and the statements of the request.
 *
 * The phase is built on another branch; this file declares the finding shape it was agreed to report and
 * reads `report.checks` defensively, so a report without it, or with more in it, still renders. Other
 * parts of `report.checks` (e.g. a per-endpoint table of status codes) are shown by their shape.
 */
import type { RunReport } from '../../types.js';
import { bodyText } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, codeBlock, details, keyValues, pill, type PageSection } from '../html-parts.js';
import { curlBlock, statusPill } from './exchange.js';
import { genericValue, humanKey } from './generic.js';

/** One finding as the checks phase reports it. */
export interface CheckFinding {
  check: string;
  endpoint: string;
  method: string;
  level: 'fail' | 'warn';
  message: string;
  reproduction: {
    curl: string;
    request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
    response?: { status: number; body?: unknown };
    traceback?: string[];
    statements?: string[];
  };
}

/** `report.checks`: the findings, and whatever else the phase reports beside them. */
export interface ChecksPart {
  findings: CheckFinding[];
  [other: string]: unknown;
}

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
  const extras = Object.entries(checks).filter(([key, value]) => key !== 'findings' && value !== undefined);
  const body = html`${findings.length === 0 ? html`<p>No findings.</p>` : rendered}${extras.map(([key, value]) => html`<h3>${humanKey(key)}</h3>${genericValue(value)}`)}`;
  return {
    id: 'checks',
    title: 'Checks',
    tone: fails ? 'fail' : warns ? 'warn' : 'pass',
    aside: `${fails} fail · ${warns} warn`,
    body,
    card: { label: 'Checks', value: findings.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}` : 'clean', detail: `${fails} fail · ${warns} warn` },
  };
}

function findingCard(f: CheckFinding, index: number): Html {
  const tone = f.level === 'fail' ? 'fail' : 'warn';
  const r = isRecord(f.reproduction) ? f.reproduction : ({} as Partial<CheckFinding['reproduction']>);
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
