/**
 * The pull-request part (`report.pr`, from `run --base REF`): the verdict and the findings deciding it,
 * the API contract diff, the head's migrations on the base's data (time, rows, locks, risks) and the
 * base's flows against the migrated schema, latency head against base with the A/A floor, queries per
 * request, the coverage delta, and where the phase's time went. The shape is src/pr/types.ts.
 */
import type { ContractChange, CoverageDelta, LatencyComparison, MigrationRun, PrReport, QueryComparison, RollingDeploy } from '../../pr/types.js';
import type { RunReport } from '../../types.js';
import { millis, percent, seconds } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, details, keyValues, note, pill, table, type PageSection, type Tone } from '../html-parts.js';
import { ratioMark, stripPlot } from '../html-plot.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
const list = <T>(v: readonly T[] | undefined): readonly T[] => (Array.isArray(v) ? v : []);
const x2 = (v: number): string => `${v.toFixed(2)}×`;
const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
// PostgreSQL's lock mode names as its documentation writes them; ACCESS SHARE (a read) is not shown.
const MODE_WORDS: Record<string, string> = { AccessExclusiveLock: 'ACCESS EXCLUSIVE', ExclusiveLock: 'EXCLUSIVE', ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE', ShareLock: 'SHARE', ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE', RowExclusiveLock: 'ROW EXCLUSIVE', RowShareLock: 'ROW SHARE', AccessShareLock: 'ACCESS SHARE' };

export function prSection(report: RunReport): PageSection | undefined {
  const pr = report.pr;
  if (!pr) return undefined;
  const contract = list(pr.contract);
  const latency = list(pr.latency);
  const migrations = list(pr.migrations);
  const breaking = contract.filter((c) => c.level === 'breaking').length;
  const slower = latency.filter((l) => l.verdict === 'slower').length;
  const growth = list(pr.queries).filter((q) => q.verdict === 'growth').length;
  const risky = migrations.filter((m) => list(m.flags).some((f) => f.level === 'high')).length;
  const failed = pr.verdict === 'failed';
  const body = html`${header(pr)}${contractPart(contract)}${migrationsPart(migrations, pr.rollingDeploy)}${latencyPart(latency, pr)}${queriesPart(list(pr.queries))}${coveragePart(pr.coverage)}${timingsPart(pr)}${notesPart(list(pr.notes))}`;
  return {
    id: 'pr',
    title: 'Pull request: head against base',
    tone: failed ? 'fail' : risky ? 'warn' : 'pass',
    aside: `${breaking} breaking · ${slower} slower · ${growth} N+1 · ${risky} risky migration${risky === 1 ? '' : 's'}`,
    body,
    card: {
      label: 'Pull request',
      value: failed ? `${list(pr.reasons).length} finding${list(pr.reasons).length === 1 ? '' : 's'}` : 'no regression',
      detail: `${contract.length} API change${contract.length === 1 ? '' : 's'} · ${migrations.length} migration${migrations.length === 1 ? '' : 's'} · ${latency.length} timed`,
    },
  };
}

function header(pr: PrReport): Html {
  const head = pr.head?.commit ? pr.head.commit.slice(0, 12) : 'no commit yet';
  const sides = keyValues([
    ['Base', html`${code(pr.base?.ref ?? '')} at ${code((pr.base?.commit ?? '').slice(0, 12))} (the merge base; ${pr.base?.how ?? ''})`],
    ['Head', html`${code(head)}${pr.head?.dirty ? ' with uncommitted changes' : ''}`],
  ]);
  const verdict = pr.verdict === 'failed' ? pill('this change breaks something', 'fail') : pill('no regression found', 'pass');
  const reasons = list(pr.reasons);
  return html`<p>${verdict}</p>${sides}${reasons.length > 0 && html`<ul class="plain">${reasons.map((r) => html`<li>${pill('fails', 'fail')} ${r}</li>`)}</ul>`}`;
}

function contractPart(changes: readonly ContractChange[]): Html {
  const breaking = changes.filter((c) => c.level === 'breaking').length;
  if (changes.length === 0) return html`<h3>API contract</h3>${note('No change between the two probes’ documents.')}`;
  const sorted = [...changes].sort((a, b) => Number(b.level === 'breaking') - Number(a.level === 'breaking'));
  const rows = sorted.map((c) => [
    pill(c.level, c.level === 'breaking' ? 'fail' : 'info'), code(c.rule), code(c.endpoint), c.field ? code(c.field) : '',
    html`${c.detail}${c.serializer ? html` <span class="muted">(${c.serializer.split('.').at(-1) ?? c.serializer})</span>` : ''}`,
  ]);
  return html`<h3>API contract <span class="aside">${breaking} breaking, ${changes.length - breaking} other</span></h3>${table(['Level', 'Rule', 'Endpoint', 'Field', 'Change'], rows)}`;
}

function migrationsPart(runs: readonly MigrationRun[], rd: RollingDeploy | undefined): Html {
  const rolling = rollingPart(rd);
  if (runs.length === 0) return html`<h3>Migrations on the base’s data</h3>${note('The head adds no migration the base database lacks.')}${rolling}`;
  const rows = runs.map((m) => {
    const took = m.error ? pill(short(m.error, 80), 'fail') : Number.isFinite(num(m.durationMs)) ? millis(m.durationMs!) : 'not run';
    const tables = Object.entries(m.rows ?? {}).map(([t, n]) => html`<div class="nowrap">${code(t)} ${num(n).toLocaleString('en-US')}</div>`);
    const locks = list(m.locks).filter((l) => l.mode !== 'AccessShareLock').map((l) => html`<div class="nowrap"><b>${MODE_WORDS[l.mode] ?? l.mode}</b> on ${code(l.relation)}</div>`);
    const flags = list(m.flags).map((f) => html`<div>${pill(f.rule, f.level === 'high' ? 'fail' : f.level === 'medium' ? 'warn' : 'info')} ${f.detail}</div>`);
    return [code(`${m.app}.${m.name}`), took, tables, locks.length ? locks : '—', m.reversible ? 'yes' : pill('no', 'warn'), flags.length ? flags : pill('safe', 'pass')];
  });
  return html`<h3>Migrations on the base’s data</h3>${table(['Migration', 'Took', 'Rows', 'Locks held', 'Reversible', 'Risks'], rows, { numeric: [1] })}${rolling}`;
}

function rollingPart(rd: RollingDeploy | undefined): Html {
  if (!rd) return html``;
  const state = rd.checked
    ? rd.failures.length ? pill(`${rd.failures.length} step${rd.failures.length === 1 ? '' : 's'} that passed before fail after`, 'fail') : pill('the base’s flows still pass', 'pass')
    : pill('not checked', 'skip');
  const failures = rd.failures.map((f) => html`<li>${code(f.flow)}${f.status ? ` → ${f.status}` : ''}: ${short(f.error, 300)}</li>`);
  return html`<p><b>Rolling deploy</b> (the base code against the migrated schema): ${state}${!rd.checked && rd.note ? html` <span class="muted">${rd.note}</span>` : ''}</p>${failures.length > 0 && html`<ul class="plain">${failures}</ul>`}`;
}

const latencyTone = (verdict: LatencyComparison['verdict']): Tone => (verdict === 'slower' ? 'fail' : verdict === 'faster' ? 'pass' : 'skip');

function latencyPart(rows: readonly LatencyComparison[], pr: PrReport): Html {
  if (rows.length === 0) return html``;
  const floor = pr.noiseFloor;
  // Symmetric on the log axis around 1, wide enough for every interval and the floor, at most 10× either way.
  const finite = [...rows.flatMap((l) => [num(l.low), num(l.high)]), num(floor?.threshold)].filter((v) => Number.isFinite(v) && v > 0);
  const reach = Math.min(10, Math.max(2, ...finite.map((v) => Math.max(v, 1 / v))));
  const domain: [number, number] = [1 / reach, reach];
  const tableRows = rows.map((l) => {
    const tone = latencyTone(l.verdict);
    const [ratio, low, high] = [num(l.ratio), num(l.low), num(l.high)];
    const finiteAll = [ratio, low, high].every(Number.isFinite);
    return [
      code(l.endpoint), Number.isFinite(num(l.baseMs)) ? millis(l.baseMs) : '', Number.isFinite(num(l.headMs)) ? millis(l.headMs) : '',
      finiteAll ? `${x2(ratio)} [${x2(low)}–${x2(high)}]` : '', finiteAll ? ratioMark(ratio, low, high, domain, tone) : '',
      Number.isFinite(num(l.aa?.ratio)) ? x2(l.aa.ratio) : '', Number.isFinite(num(l.samples)) ? l.samples : '', pill(l.verdict ?? '', tone),
    ];
  });
  const floorLine = floor
    ? note(`Interleaved base/head/base triples. A regression needs its lower bound above ${x2(floor.threshold)}: the A/A round (the base against itself) measured ${x2(floor.aa)}, the minimum is ${x2(floor.minSlowdown)}.`)
    : html``;
  const plots = rows
    .filter((l) => l.samplesMs && l.samplesMs.base.length > 0 && l.samplesMs.head.length > 0)
    .map((l) => {
      const tone = latencyTone(l.verdict);
      return details(html`${pill(l.verdict, tone)}<span class="summary-main">${code(l.endpoint)}</span><span class="summary-sub">samples: base, head, base again (A/A)</span>`, stripPlot([
        { label: 'base', values: l.samplesMs!.base, tone: 'info' },
        { label: 'head', values: l.samplesMs!.head, tone: tone === 'fail' ? 'fail' : 'pass' },
        { label: 'base again', values: l.samplesMs!.baseAgain, tone: 'skip' },
      ], 'ms'), { open: tone === 'fail', tone });
    });
  return html`<h3>Latency, head against base</h3>${floorLine}${table(['Endpoint', 'Base p50', 'Head p50', 'Head/base [95% bound]', `Interval (${domain[0].toFixed(2)}–${domain[1].toFixed(1)}×, log)`, 'A/A', 'Samples', 'Verdict'], tableRows, { numeric: [1, 2, 3, 5, 6] })}${plots}`;
}

function queriesPart(rows: readonly QueryComparison[]): Html {
  if (rows.length === 0) return html``;
  const tableRows = rows.map((q) => [
    code(q.endpoint), q.rows ?? '', q.baseQueries, q.headQueries, q.perRow ?? '',
    q.verdict === 'growth' ? html`${pill('N+1', 'fail')}${q.statement ? html` ${code(short(q.statement, 120))}` : ''}` : pill(q.verdict, q.verdict === 'more' ? 'warn' : q.verdict === 'fewer' ? 'pass' : 'skip'),
  ]);
  return html`<h3>Queries per request, head against base</h3>${table(['Endpoint', 'Rows', 'Base', 'Head', 'Per row', 'Verdict'], tableRows, { numeric: [1, 2, 3, 4] })}`;
}

// Coverage rates are fractions; the delta is already in percentage points.
const points = (p: number): Html => (Number.isFinite(p) ? pill(`${p > 0 ? '+' : ''}${p.toFixed(1)} pts`, p < 0 ? 'fail' : p > 0 ? 'pass' : 'skip') : html``);

function coveragePart(c: CoverageDelta | undefined): Html {
  if (!c) return html``;
  const files = list(c.files);
  return html`<h3>Coverage of the service’s own tests</h3><p>base ${percent(c.base)} → head ${percent(c.head)} ${points(num(c.deltaPoints))}</p>
${files.length > 0 && table(['Changed file', 'Base', 'Head', 'Delta'], files.map((f) => [code(f.path), f.base !== undefined ? percent(f.base) : 'new', f.head !== undefined ? percent(f.head) : 'gone', points(num(f.deltaPoints))]), { numeric: [1, 2, 3] })}`;
}

function timingsPart(pr: PrReport): Html {
  const t = pr.timings;
  if (!t) return html``;
  return html`<h3>Where PR mode’s time went</h3>${keyValues([
    ['Waiting for the base', `${seconds(t.waitedForBaseMs)} (it booted, was inspected and seeded beside the head’s phases)`],
    ['A/B latency and queries', seconds(t.abMs)],
    ['Migrations and rolling deploy', seconds(t.migrationsMs)],
  ])}`;
}

function notesPart(notes: readonly string[]): Html {
  if (notes.length === 0) return html``;
  return details(html`<span class="summary-main">${notes.length} note${notes.length === 1 ? '' : 's'}</span><span class="summary-sub">what PR mode could not measure, and why</span>`, html`<ul class="plain">${notes.map((n) => html`<li>${n}</li>`)}</ul>`);
}
