/**
 * The database report as the reporters show it: JUnit cases, a Markdown section, console lines.
 * Pure: the reporters call these with `report.database`.
 */
import type { DatabaseReport } from './types.js';

/** One JUnit test case; `failure` set for what fails the phase, `skipped` for what is only reported. */
export interface DatabaseJunitCase {
  name: string;
  classname: string;
  failure?: string;
  /** A warning: shown, never failing (JUnit has no warning, so it is a skipped case with the reason). */
  skipped?: string;
}

const sizesText = (sizes: Array<{ rows: number; queries: number }>): string => sizes.map((s) => `${s.queries} queries at ${s.rows} rows`).join(', ');
const short = (s: string, n = 160): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A case per judged list endpoint, per migration finding, per scan and per request over the limit. */
export function databaseJunitCases(report: DatabaseReport): DatabaseJunitCase[] {
  const out: DatabaseJunitCase[] = [];
  for (const n of report.nPlusOne) {
    const text = `N+1: ${sizesText(n.sizes)} (+${n.perRow} per row); repeated: ${n.statement}${n.table ? ` (table ${n.table})` : ''}; ${n.hint}`;
    out.push({ name: `N+1 ${n.path}`, classname: 'database.n-plus-one', ...(n.level === 'fail' ? { failure: text } : { skipped: text }) });
  }
  for (const f of report.flat) out.push({ name: `N+1 ${f.path}`, classname: 'database.n-plus-one' });
  for (const r of report.requests.filter((x) => x.overLimit)) {
    out.push({ name: `queries ${r.method} ${r.path}`, classname: 'database.queries-per-request', failure: `${r.queries} queries, more than the ${report.maxQueriesPerRequest} allowed per request` });
  }
  const { missing, generatedAtBoot, level } = report.migrations;
  for (const m of missing) {
    const text = `no migration for ${m.description} (${m.operation}${m.model ? ` on ${m.app}.${m.model}` : ''}${m.field ? `.${m.field}` : ''}): run makemigrations ${m.app} and commit it`;
    out.push({ name: `migration ${m.app}${m.model ? `.${m.model}` : ''}${m.field ? `.${m.field}` : ''}`, classname: 'database.migrations', ...(level === 'fail' ? { failure: text } : { skipped: text }) });
  }
  for (const f of generatedAtBoot) {
    out.push({ name: `migration written at boot ${f}`, classname: 'database.migrations', skipped: `${f} exists only in the container: the entrypoint's makemigrations wrote it; commit it` });
  }
  if (!missing.length && !generatedAtBoot.length) out.push({ name: 'migrations match the models', classname: 'database.migrations' });
  for (const s of report.scans) {
    const text = `${s.plan} on ${s.table} (${s.rows} rows)${s.column ? `: index ${s.column}` : ''}`;
    out.push({ name: `scan ${s.path} ${s.table}`, classname: 'database.scans', ...(s.level === 'fail' ? { failure: text } : { skipped: text }) });
  }
  return out;
}

/** A Markdown section: queries per request, N+1s, migrations, scans, notes. */
export function databaseMarkdown(report: DatabaseReport): string {
  const lines = ['## Database', ''];
  if (report.requests.length) {
    lines.push('| Request | Status | Rows | Queries | DB time (ms) | Most called |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of report.requests) {
      const top = r.statements[0];
      lines.push(`| \`${r.method} ${cell(r.path)}\` | ${r.status ?? ''} | ${r.rows ?? ''} | ${r.queries}${r.overLimit ? ' ❌' : ''} | ${r.timeMs.toFixed(1)} | ${top ? `${top.calls}× \`${cell(short(top.query, 80))}\`` : ''} |`);
    }
    lines.push('');
  }
  if (report.nPlusOne.length || report.flat.length) {
    lines.push('| List endpoint | Queries by rows | Per row | Verdict |', '| --- | --- | --- | --- |');
    for (const n of report.nPlusOne) lines.push(`| \`${n.path}\` | ${sizesText(n.sizes)} | +${n.perRow} | ${n.level === 'fail' ? '❌' : '⚠️'} N+1 on \`${n.table ?? '?'}\`: ${cell(n.hint)} |`);
    for (const f of report.flat) lines.push(`| \`${f.path}\` | ${sizesText(f.sizes)} | 0 | ✅ flat |`);
    lines.push('');
  }
  const { missing, generatedAtBoot, level } = report.migrations;
  for (const m of missing) lines.push(`- ${level === 'fail' ? '❌' : '⚠️'} no migration for ${m.app}: ${cell(m.description)}`);
  for (const f of generatedAtBoot) lines.push(`- ⚠️ \`${f}\` was written by makemigrations at boot: it is not in the repository`);
  for (const s of report.scans) lines.push(`- ${s.level === 'fail' ? '❌' : '⚠️'} \`${s.path}\`: ${s.plan} on \`${s.table}\` (${s.rows} rows)${s.column ? `, index \`${s.column}\`` : ''}`);
  if (report.volume) lines.push(`- volume: ${report.volume.rows} rows through the ORM in ${report.volume.durationMs} ms (${Math.round(report.volume.rowsPerSecond)} rows/s)`);
  for (const n of report.notes) lines.push(`- ${cell(n)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One line per finding, then one summary line; what the console reporter prints after the phase. */
export function databaseConsoleLines(report: DatabaseReport): string[] {
  const out: string[] = [];
  for (const n of report.nPlusOne) out.push(`${n.level === 'fail' ? '✗' : '!'} N+1 ${n.path}: ${sizesText(n.sizes)} (+${n.perRow}/row) — ${short(n.statement, 100)} — ${n.hint}`);
  for (const f of report.flat) out.push(`✓ ${f.path}: ${sizesText(f.sizes)}`);
  for (const r of report.requests.filter((x) => x.overLimit)) out.push(`✗ ${r.method} ${r.path}: ${r.queries} queries (limit ${report.maxQueriesPerRequest})`);
  for (const m of report.migrations.missing) out.push(`${report.migrations.level === 'fail' ? '✗' : '!'} no migration: ${m.app} ${m.description}`);
  for (const f of report.migrations.generatedAtBoot) out.push(`! migration written at boot, not committed: ${f}`);
  for (const s of report.scans) out.push(`${s.level === 'fail' ? '✗' : '!'} ${s.path}: ${s.plan} on ${s.table} (${s.rows} rows)${s.column ? ` — index ${s.column}` : ''}`);
  if (report.volume) out.push(`volume: ${report.volume.rows} rows at ${Math.round(report.volume.rowsPerSecond)} rows/s`);
  const most = Math.max(0, ...report.requests.map((r) => r.queries));
  out.push(`database: ${report.requests.length} request(s) measured (at most ${most} queries), ${report.nPlusOne.length} N+1, ${report.migrations.missing.length + report.migrations.generatedAtBoot.length} migration finding(s), ${report.scans.length} scan(s)`);
  return out;
}
