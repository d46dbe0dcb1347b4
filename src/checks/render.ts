/**
 * The checks report as the reporters show it: one JUnit case per check, a Markdown section, console
 * lines. Pure: the reporters call these with `report.checks`.
 */
import type { CheckFinding, ChecksReport, CheckSummary } from './types.js';

/** One JUnit case: a failure when the check found something at level `fail`. */
export interface ChecksJunitCase {
  name: string;
  classname: string;
  failure?: { message: string; body: string };
  skipped?: string;
  systemOut?: string;
}

const short = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const statusText = (statuses: Record<string, number>): string => Object.entries(statuses).map(([s, n]) => `${s === '0' ? 'no answer' : s}×${n}`).join(' ');

/** A finding as plain text: what, where, the curl line, the response, the traceback and statements. */
export function findingText(f: CheckFinding): string {
  const r = f.reproduction;
  const lines = [`[${f.level}] ${f.check}: ${f.method} ${f.endpoint}: ${f.message}`, `  ${r.curl}`];
  if (r.response) lines.push(`  → ${r.response.status}${r.response.body !== undefined ? ` ${short(typeof r.response.body === 'string' ? r.response.body : JSON.stringify(r.response.body), 600)}` : ''}`);
  if (r.traceback?.length) lines.push('  traceback:', ...r.traceback.map((l) => `    ${l}`));
  if (r.statements?.length) lines.push('  statements:', ...r.statements.slice(0, 10).map((s) => `    ${short(s, 300)}`));
  return lines.join('\n');
}

/** One case per check, in catalogue order. */
export function checksJunitCases(report: ChecksReport): ChecksJunitCase[] {
  return report.checks.map((c) => {
    const base = { name: c.name, classname: 'checks' };
    const mine = report.findings.filter((f) => f.check === c.name);
    const failing = mine.filter((f) => f.level === 'fail');
    if (c.setting === 'off') return { ...base, skipped: `turned off (checks.${c.name}: off)` };
    if (failing.length) return { ...base, failure: { message: `${failing.length} finding(s): ${short(failing[0]!.message)}`, body: mine.map(findingText).join('\n\n') } };
    if (mine.length) return { ...base, systemOut: `${c.question}\n${mine.length} warning(s):\n\n${mine.map(findingText).join('\n\n')}` };
    if (!c.judged) return { ...base, skipped: c.skipped[0] ?? `nothing to judge: ${c.question}` };
    return { ...base, systemOut: `${c.question}: ${c.judged} judged, nothing found${c.skipped.length ? `\nnot judged: ${c.skipped.join('; ')}` : ''}` };
  });
}

const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
const fence = (text: string, lang = 'text'): string => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
};

function summaryRow(c: CheckSummary): string {
  const verdict = c.setting === 'off' ? 'off' : c.findings ? `${c.findings} finding(s)` : c.judged ? 'passed' : 'not judged';
  return `| \`${c.name}\` | ${cell(c.question)} | ${c.setting} | ${c.judged} | ${verdict} |`;
}

/** A Markdown section: the checks, each finding with its reproduction, the statuses per endpoint, notes. */
export function checksMarkdown(report: ChecksReport, heading = '###'): string {
  const fails = report.findings.filter((f) => f.level === 'fail').length;
  const lines = [`${heading} Checks`, '', `${report.requests} request(s) in ${(report.durationMs / 1000).toFixed(1)}s (at most ${report.maxRequestsPerEndpoint} per endpoint) · ${fails} failing · ${report.findings.length - fails} warning(s)`, ''];
  lines.push('| Check | Question | Setting | Judged | Result |', '| --- | --- | --- | --: | --- |', ...report.checks.map(summaryRow), '');
  for (const f of report.findings) {
    const r = f.reproduction;
    lines.push(`<details><summary>${f.level === 'fail' ? '❌' : '⚠️'} <code>${cell(f.check)}</code> ${cell(`${f.method} ${f.endpoint}`)}: ${cell(short(f.message, 300))}</summary>`, '', fence(r.curl, 'sh'));
    if (r.response) lines.push('', `Response ${r.response.status}:`, '', fence(short(typeof r.response.body === 'string' ? r.response.body : JSON.stringify(r.response.body ?? null, null, 2), 1500), 'json'));
    if (r.traceback?.length) lines.push('', 'Traceback:', '', fence(r.traceback.join('\n'), 'python'));
    if (r.statements?.length) lines.push('', 'Statements:', '', fence(r.statements.slice(0, 10).join('\n'), 'sql'));
    lines.push('', '</details>', '');
  }
  if (report.endpoints.length) {
    lines.push('| Endpoint | Method | Statuses |', '| --- | --- | --- |', ...report.endpoints.map((e) => `| \`${cell(e.endpoint)}\` | ${e.method} | ${statusText(e.statuses)} |`), '');
  }
  for (const c of report.caches) lines.push(`- cache \`${cell(c.path)}\`${c.ttlSeconds !== null ? ` (TTL ${c.ttlSeconds} s)` : ''}: ${c.staleAfter.length ? `stale after ${cell(c.staleAfter.join(', '))}` : 'no stale body seen'}${c.freshAfter.length ? `; refreshed after ${cell(c.freshAfter.join(', '))}` : ''}`);
  for (const n of report.notes) lines.push(`- ${cell(n)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One line per finding (with its curl line), then one summary line. */
export function checksConsoleLines(report: ChecksReport): string[] {
  const out: string[] = [];
  for (const f of report.findings) {
    out.push(`${f.level === 'fail' ? '✗' : '!'} ${f.check} ${f.method} ${f.endpoint}: ${short(f.message, 300)}`, `    ${f.reproduction.curl}`);
    const last = f.reproduction.traceback?.filter((l) => l.trim()).at(-1);
    if (last) out.push(`    ${last.trim()}`);
  }
  const judged = report.checks.filter((c) => c.judged > 0).length;
  out.push(`checks: ${report.requests} request(s), ${judged} of ${report.checks.length} checks judged something, ${report.findings.length} finding(s)`);
  return out;
}
