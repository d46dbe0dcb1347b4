/** Database hygiene: queries per request, list endpoints at two sizes (N+1), scans at volume, migrations. */
import type { DatabaseReport, RunReport } from '../../types.js';
import { html, type Html } from '../html-escape.js';
import { code, codeBlock, details, meter, pill, table, type PageSection, type Tone } from '../html-parts.js';
import { barChart } from '../html-plot.js';

type Sizes = Array<{ rows: number; queries: number }>;

const levelTone = (level: 'fail' | 'warn'): Tone => (level === 'fail' ? 'fail' : 'warn');

function sizesChart(sizes: Sizes, tone: Tone): Html {
  return barChart(sizes.map((s) => ({ label: `${s.rows} rows`, value: s.queries, tone })), 'queries');
}

export function databaseSection(report: RunReport): PageSection | undefined {
  const db = report.database;
  if (!db) return undefined;
  const failing = db.nPlusOne.filter((n) => n.level === 'fail').length + db.scans.filter((s) => s.level === 'fail').length + db.requests.filter((r) => r.overLimit).length + (db.migrations.level === 'fail' ? db.migrations.missing.length : 0);
  const warnings = db.nPlusOne.length + db.scans.length + db.migrations.missing.length + db.migrations.generatedAtBoot.length - failing;
  const body = html`${requestsPart(db)}${nPlusOnePart(db)}${scansPart(db)}${migrationsPart(db)}${notesPart(db)}`;
  return {
    id: 'database',
    title: 'Database',
    tone: failing ? 'fail' : warnings ? 'warn' : 'pass',
    aside: `${db.requests.length} requests measured · ${db.nPlusOne.length} N+1 · ${db.scans.length} scans`,
    body,
    card: { label: 'Database', value: db.nPlusOne.length ? `${db.nPlusOne.length} N+1` : 'no N+1', detail: `${db.scans.length} scan${db.scans.length === 1 ? '' : 's'} · ${db.migrations.missing.length} missing migration${db.migrations.missing.length === 1 ? '' : 's'}` },
  };
}

function requestsPart(db: DatabaseReport): Html {
  if (db.requests.length === 0) return html``;
  const most = Math.max(1, db.maxQueriesPerRequest ?? 0, ...db.requests.map((r) => r.queries));
  const rows = db.requests.map((r) => {
    const top = r.statements[0];
    const statements = r.statements.length
      ? html`<details><summary>${top!.calls}× <code>${top!.query.length > 90 ? `${top!.query.slice(0, 89)}…` : top!.query}</code></summary>${table(['Calls', 'ms', 'Statement'], r.statements.map((s) => [s.calls, s.timeMs.toFixed(2), code(s.query)]), { numeric: [0, 1] })}</details>`
      : '';
    return [
      html`<b class="mono">${r.method}</b> ${code(r.path)}`,
      r.status ?? '',
      r.rows ?? '',
      html`<span class="nowrap">${meter(r.queries / most, r.overLimit ? 'fail' : 'info')}${r.queries}</span>${r.overLimit ? html` ${pill('over limit', 'fail')}` : ''}`,
      r.timeMs.toFixed(1),
      statements,
    ];
  });
  const limit = db.maxQueriesPerRequest !== undefined ? html`<p class="muted">At most ${db.maxQueriesPerRequest} queries per request allowed.</p>` : '';
  return html`<h3>Queries per request</h3>${limit}${table(['Request', 'Status', 'Rows', 'Queries', 'DB ms', 'Most called'], rows, { numeric: [1, 2, 4] })}`;
}

function nPlusOnePart(db: DatabaseReport): Html {
  if (db.nPlusOne.length === 0 && db.flat.length === 0) return html``;
  const found = db.nPlusOne.map((n) => {
    const tone = levelTone(n.level);
    const summary = html`${pill(`N+1 · ${n.level}`, tone)}<span class="summary-main">${code(n.path)}</span><span class="summary-sub">+${n.perRow} quer${n.perRow === 1 ? 'y' : 'ies'} per row${n.table ? ` on ${n.table}` : ''}</span>`;
    const body = html`${sizesChart(n.sizes, tone)}<div class="label-line">Repeated statement</div>${codeBlock(n.statement)}<div class="hint"><b>Hint</b> ${n.hint}</div>`;
    return details(summary, body, { open: n.level === 'fail', tone });
  });
  const flat = db.flat.length
    ? html`<h3>Flat at both sizes</h3>${table(['List endpoint', 'Queries by rows', ''], db.flat.map((f) => [code(f.path), f.sizes.map((s) => `${s.queries} at ${s.rows} rows`).join(', '), pill('flat', 'pass')]))}`
    : '';
  return html`<h3>Query counts by page size</h3>${found}${flat}`;
}

function scansPart(db: DatabaseReport): Html {
  const volume = db.volume ? html`<p class="muted">Volume: ${db.volume.rows} rows through the ORM in ${db.volume.durationMs} ms (${Math.round(db.volume.rowsPerSecond)} rows/s).</p>` : '';
  if (db.scans.length === 0) return db.volume ? html`<h3>Scans at volume</h3>${volume}<p>No sequential scan or sort over a large table.</p>` : html``;
  const rows = db.scans.map((s) => [pill(s.level, levelTone(s.level)), code(s.path), code(s.table), s.rows, s.column ? code(s.column) : '', html`<details><summary>${s.plan.split('\n')[0] ?? ''}</summary>${codeBlock(s.plan)}</details>`]);
  return html`<h3>Scans at volume</h3>${volume}${table(['Level', 'Endpoint', 'Table', 'Rows', 'Index wanted on', 'Plan'], rows, { numeric: [3] })}`;
}

function migrationsPart(db: DatabaseReport): Html {
  const { missing, generatedAtBoot, level } = db.migrations;
  if (missing.length === 0 && generatedAtBoot.length === 0) return html`<h3>Migrations</h3><p>${pill('ok', 'pass')} The migrations match the models.</p>`;
  const rows = [
    ...missing.map((m) => [pill(level, levelTone(level)), m.app, [m.model, m.field].filter(Boolean).join('.'), m.operation, m.description]),
    ...generatedAtBoot.map((f) => [pill('warn', 'warn'), '', code(f), 'written at boot', 'exists only in the container: commit it']),
  ];
  return html`<h3>Migrations</h3>${table(['Level', 'App', 'Model.field', 'Operation', 'What'], rows)}`;
}

function notesPart(db: DatabaseReport): Html {
  return db.notes.length ? html`<h3>Notes</h3><ul class="plain">${db.notes.map((n) => html`<li>${n}</li>`)}</ul>` : html``;
}
