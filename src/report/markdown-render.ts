import { checksMarkdown } from '../checks/render.js';
import { databaseMarkdown } from '../database/render.js';
import { prMarkdown } from '../pr/render.js';
import type { RunError, RunReport } from '../types.js';
import { apiLine, coverageMinimum, describeEvidence, millis, oneLine, percent, plain, seconds, speedupWithBound, statusWord } from './format.js';

/** Escapes text for a table cell: `|` would end the cell, a newline the row, `<` could open HTML. */
export function cell(text: string | number): string {
  return plain(String(text)).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
}

/** A fenced block that the content cannot close: the fence is longer than any backtick run inside. */
export function fenced(raw: string, lang = 'text'): string {
  // Container logs carry colour codes; in a summary they are only noise.
  const text = plain(raw);
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function table(head: string[], align: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${align.join('|')}|`, ...rows.map(line)].join('\n');
}

/** Where the HTML report of the same run is, for a link under the verdict. */
export interface HtmlReportLink {
  /** Relative to summary.md (forward slashes), e.g. `report.html`. */
  href: string;
  /** The CI page its artifact can be downloaded from, when the run knows it. */
  artifactsUrl?: string;
}

/** The run as GitHub-flavoured markdown for $GITHUB_STEP_SUMMARY or a PR comment. */
export function renderMarkdown(report: RunReport, options: { htmlReport?: HtmlReportLink } = {}): string {
  // PR mode's verdict comes right after the run's: in a PR comment it is what the reader came for.
  const sections = [verdict(report), report.pr ? prMarkdown(report.pr).trimEnd() : '', htmlLink(options.htmlReport), phases(report), errors(report.errors), api(report), seed(report), flows(report), checks(report), tests(report), database(report), timing(report), coverage(report), assumptions(report)];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function verdict(r: RunReport): string {
  const shard = r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : '';
  return [
    `## enid-test: ${cell(r.service.name)}`,
    '',
    `**${statusWord(r)}** (exit code ${r.exitCode}) in ${seconds(r.durationMs)} · started ${r.startedAt}${shard}`,
  ].join('\n');
}

// Parentheses and spaces would end or break a markdown link destination.
const linkTarget = (url: string): string => encodeURI(url).replace(/\(/g, '%28').replace(/\)/g, '%29');

function htmlLink(link: HtmlReportLink | undefined): string {
  if (!link) return '';
  const artifacts = link.artifactsUrl ? ` · [from the CI run's artifacts](${linkTarget(link.artifactsUrl)})` : '';
  return `Full report with plots and reproductions: [report.html](${linkTarget(link.href)})${artifacts}`;
}

function phases(r: RunReport): string {
  const rows = r.phases.map((p) => [p.name, p.detail ? `${p.status}: ${p.detail}` : p.status, seconds(p.durationMs)]);
  return `### Phases\n\n${table(['Phase', 'Status', 'Duration'], ['---', '---', '--:'], rows)}`;
}

function errors(list: RunError[]): string {
  if (list.length === 0) return '';
  const blocks = list.map((e) => {
    const lines = [`**${e.code}** (${e.phase}, exit ${e.exitCode}): ${cell(oneLine(e.message, 500))}`];
    if (e.hint) lines.push('', `Hint: ${cell(e.hint)}`);
    if (e.logTail?.length) lines.push('', fenced(e.logTail.join('\n')));
    return lines.join('\n');
  });
  return `### Errors\n\n${blocks.join('\n\n')}`;
}

function api(r: RunReport): string {
  const a = r.api;
  if (!a) return '';
  const rows = a.endpoints.map((e) => [`\`${cell(e.route)}\``, e.methods.join(' ') || '?', e.exercised.join(' ') || '—', e.state === 'reached' ? `reached, not verified: ${cell(e.reason ?? '')}` : e.skipped ? cell(e.skipped) : e.reason ? cell(e.reason) : '']);
  return `### API\n\n${apiLine(a)}\n\n${table(['Endpoint', 'Methods', 'Exercised', 'Not verified'], ['---', '---', '---', '---'], rows)}`;
}

function checks(r: RunReport): string {
  return r.checks ? checksMarkdown(r.checks).trimEnd() : '';
}

// The database section renders itself one heading level up; in the summary it sits beside the others.
function database(r: RunReport): string {
  return r.database ? databaseMarkdown(r.database).replace(/^## Database/, '### Database').trimEnd() : '';
}

function seed(r: RunReport): string {
  const s = r.seed;
  if (!s) return '';
  const copied = (s.volumeRows ?? 0) > 0;
  const rows = s.endpoints.map((ep) => [ep.path, ep.created, ...(copied ? [ep.volume ?? 0] : []), ep.failed, rate(ep.created, ep.durationMs)]);
  const ways = copied ? ` (${s.apiRows ?? 0} through the API, ${s.volumeRows} by COPY in the container)` : '';
  const head = `Seed ${s.seed} · ${s.rows} rows${ways} in ${seconds(s.durationMs)} · ${s.rowsPerSecond.toFixed(1)} rows/s`;
  const columns = copied ? ['Endpoint', 'Through the API', 'By COPY', 'Failed', 'API rows/s'] : ['Endpoint', 'Created', 'Failed', 'Rows/s'];
  const lines = [...(s.bounds ?? []), ...(s.notes ?? []).map((n) => `not by COPY: ${n}`)].map((l) => `- ${l}`);
  return `### Seed\n\n${head}\n\n${table(columns, columns.map((_, i) => (i ? '--:' : '---')), rows)}${lines.length ? `\n\n${lines.join('\n')}` : ''}`;
}

function rate(rows: number, durationMs: number): string {
  return durationMs > 0 ? (rows / (durationMs / 1000)).toFixed(1) : '-';
}

function flows(r: RunReport): string {
  if (r.flows.length === 0) return '';
  const by = (s: string) => r.flows.filter((f) => f.status === s);
  const [passed, failed, skipped] = [by('passed'), by('failed'), by('skipped')];
  const parts = [`### Flows\n\n${passed.length} passed · ${failed.length} failed · ${skipped.length} skipped`];
  if (failed.length) {
    const rows = failed.map((f) => [f.name, f.step, oneLine(f.error ?? '', 300), f.exchange?.status ?? '']);
    parts.push(table(['Flow', 'Step', 'Error', 'Status'], ['---', '---', '---', '--:'], rows));
  }
  if (passed.length) {
    const items = passed.map((f) => `- ${cell(f.name)} (${seconds(f.durationMs)})`).join('\n');
    parts.push(`<details><summary>${passed.length} passed flows</summary>\n\n${items}\n\n</details>`);
  }
  if (skipped.length) parts.push(`Skipped: ${skipped.map((f) => cell(f.name)).join(', ')}`);
  return parts.join('\n\n');
}

// User suites and Django tests: counts, and the failing ones named (their full text is in junit.xml).
function tests(r: RunReport): string {
  const groups = [
    ['User suites', r.suites],
    ['Django tests', r.coverage?.tests ?? []],
  ] as const;
  const present = groups.filter(([, list]) => list.length > 0);
  if (present.length === 0) return '';
  const rows = present.map(([label, list]) => {
    const n = (s: string) => list.filter((t) => t.status === s).length;
    const failedNames = list.filter((t) => t.status === 'failed').map((t) => `${t.suite}.${t.name}`);
    return [label, n('passed'), n('failed'), n('skipped'), failedNames.join('\n')];
  });
  return `### Tests\n\n${table(['Tests', 'Passed', 'Failed', 'Skipped', 'Failing'], ['---', '--:', '--:', '--:', '---'], rows)}`;
}

function timing(r: RunReport): string {
  if (r.timing.length === 0) return '';
  const rows = r.timing.map((t) => [
    t.path,
    `${millis(t.coldMs)} / ${millis(t.coldP90Ms)}`,
    `${millis(t.warmMs)} / ${millis(t.warmP90Ms)}`,
    speedupWithBound(t),
    t.samples,
    `${t.verdict} (${t.status})`,
    [describeEvidence(t.evidence), t.detail].filter(Boolean).join('; '),
  ]);
  const head = ['Path', 'Cold p50 / p90', 'Warm p50 / p90', 'Speedup', 'Samples', 'Verdict', 'Evidence'];
  return `### Timing\n\n${table(head, ['---', '--:', '--:', '--:', '--:', '---', '---'], rows)}`;
}

function coverage(r: RunReport): string {
  const c = r.coverage;
  if (!c) return '';
  const minimum = coverageMinimum(c);
  const min = minimum ? ` · minimum ${minimum.shown} (${minimum.met ? 'met' : 'not met'})` : '';
  const lines = [`### Coverage\n\n**${percent(c.lineRate)}** of lines (${c.linesCovered}/${c.linesValid}) · source ${c.source}${min}`];
  const parts = (['unit', 'e2e', 'combined'] as const).filter((k) => c.parts?.[k] !== undefined).map((k) => `${k} ${percent(c.parts?.[k] ?? 0)}`);
  if (parts.length) lines.push(`Parts: ${parts.join(' · ')}`);
  const lowest = [...c.files].sort((a, b) => a.lineRate - b.lineRate || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, 10);
  if (lowest.length) {
    const rows = lowest.map((f) => [f.path, percent(f.lineRate), `${f.linesCovered}/${f.linesValid}`]);
    lines.push(`Lowest covered files:\n\n${table(['File', 'Rate', 'Lines'], ['---', '--:', '--:'], rows)}`);
  }
  return lines.join('\n\n');
}

function assumptions(r: RunReport): string {
  if (r.assumptions.length === 0) return '';
  return `### Assumptions\n\n${r.assumptions.map((a) => `- ${cell(a)}`).join('\n')}`;
}
