/**
 * The PR report as the reporters show it: a Markdown section that fits a pull-request comment (the
 * verdict and its reasons first, each table after), JUnit cases, console lines. Pure.
 */
import type { ContractChange, MigrationRun, PrReport } from './types.js';

/** One JUnit case; `failure` for what fails the PR, `skipped` for what is only reported. */
export interface PrJunitCase {
  name: string;
  classname: string;
  failure?: string;
  skipped?: string;
}

const cell = (s: string | number): string => String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${cell(s).replace(/`/g, "'")}\``;
const pct = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
const points = (p: number): string => `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p).toFixed(1)} pts`;
const times = (x: number): string => `${x.toFixed(2)}×`;
const short = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const MODE_WORDS: Record<string, string> = { AccessExclusiveLock: 'ACCESS EXCLUSIVE', ExclusiveLock: 'EXCLUSIVE', ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE', ShareLock: 'SHARE', ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE', RowExclusiveLock: 'ROW EXCLUSIVE', RowShareLock: 'ROW SHARE', AccessShareLock: 'ACCESS SHARE' };
const mode = (m: string): string => MODE_WORDS[m] ?? m;

/** `main` at 1a2b3c4d5e6f (the merge base), head 7f8e… (with uncommitted changes). */
export function sidesLine(pr: PrReport): string {
  const head = pr.head.commit ? pr.head.commit.slice(0, 12) : 'no commit yet';
  return `base ${code(pr.base.ref)} at ${code(pr.base.commit.slice(0, 12))} (merge base; ${cell(pr.base.how)}) · head ${code(head)}${pr.head.dirty ? ' with uncommitted changes' : ''}`;
}

function contractTable(changes: ContractChange[]): string[] {
  const rows = changes.map((c) => `| ${c.level === 'breaking' ? '❌ breaking' : 'ℹ️'} | ${code(c.rule)} | ${code(c.endpoint)} | ${c.field ? code(c.field) : ''} | ${cell(c.detail)}${c.serializer ? ` (${code(c.serializer.split('.').at(-1) ?? c.serializer)})` : ''} |`);
  return ['| | Rule | Endpoint | Field | Change |', '| --- | --- | --- | --- | --- |', ...rows];
}

function migrationTable(runs: MigrationRun[]): string[] {
  const rows = runs.map((m) => {
    const time = m.error ? `❌ ${cell(short(m.error, 80))}` : m.durationMs !== undefined ? `${m.durationMs} ms` : 'not run';
    const rows = Object.entries(m.rows).map(([t, n]) => `${code(t)} ${n.toLocaleString('en-US')}`).join(', ');
    const locks = m.locks.filter((l) => l.mode !== 'AccessShareLock').map((l) => `${mode(l.mode)} on ${code(l.relation)}`).join(', ');
    const flags = m.flags.map((f) => `${f.level === 'high' ? '⚠️' : '•'} ${code(f.rule)}: ${cell(f.detail)}`).join('<br>');
    return `| ${code(`${m.app}.${m.name}`)} | ${time} | ${rows} | ${locks || '—'} | ${m.reversible ? 'yes' : '**no**'} | ${flags || '—'} |`;
  });
  return ['| Migration | Time on the base\'s data | Rows | Locks held | Reversible | Risks |', '| --- | --: | --- | --- | --- | --- |', ...rows];
}

/** The PR section of summary.md: verdict and reasons, then contract, migrations, latency, queries, coverage. */
export function prMarkdown(pr: PrReport): string {
  const out: string[] = [`### Pull request: ${pr.verdict === 'passed' ? '✅ no regression found' : '❌ this change breaks something'}`, '', sidesLine(pr), ''];
  for (const r of pr.reasons) out.push(`- ❌ ${cell(r)}`);
  if (pr.reasons.length) out.push('');
  const breaking = pr.contract.filter((c) => c.level === 'breaking').length;
  out.push(`**API contract**: ${breaking} breaking, ${pr.contract.length - breaking} other change(s)`, '');
  if (pr.contract.length) out.push(...contractTable(pr.contract), '');
  out.push(`**Migrations on the base's data**: ${pr.migrations.length ? `${pr.migrations.length} the base database lacked` : 'none'}`, '');
  if (pr.migrations.length) out.push(...migrationTable(pr.migrations), '');
  const rd = pr.rollingDeploy;
  out.push(`**Rolling deploy** (the base code against the migrated schema): ${rd.checked ? (rd.failures.length ? `❌ ${rd.failures.length} step(s) that passed before fail after` : '✅ its flows still pass') : `not checked: ${cell(rd.note ?? '')}`}`, '');
  for (const f of rd.failures) out.push(`- ❌ ${code(f.flow)}${f.status ? ` → ${f.status}` : ''}: ${cell(short(f.error, 200))}`);
  if (rd.failures.length) out.push('');
  if (pr.latency.length) {
    const floor = pr.noiseFloor;
    out.push(`**Latency, head against base** (interleaved; a regression needs its lower bound above ${floor ? `${times(floor.threshold)}: the A/A round measured ${times(floor.aa)}, the minimum is ${times(floor.minSlowdown)}` : 'the floor'})`, '');
    out.push('| Endpoint | Base p50 | Head p50 | Head/base [95% bound] | A/A | Samples | Verdict |', '| --- | --: | --: | --: | --: | --: | --- |');
    for (const l of pr.latency) {
      const verdict = l.verdict === 'slower' ? '❌ slower' : l.verdict === 'faster' ? '🚀 faster' : '✅ same';
      out.push(`| ${code(l.endpoint)} | ${l.baseMs.toFixed(1)} ms | ${l.headMs.toFixed(1)} ms | ${times(l.ratio)} [${times(l.low)}–${times(l.high)}] | ${times(l.aa.ratio)} | ${l.samples} | ${verdict} |`);
    }
    out.push('');
  }
  if (pr.queries.length) {
    out.push('**Queries per request**', '', '| Endpoint | Rows | Base | Head | Per row | Verdict |', '| --- | --: | --: | --: | --: | --- |');
    for (const q of pr.queries) out.push(`| ${code(q.endpoint)} | ${q.rows ?? ''} | ${q.baseQueries} | ${q.headQueries} | ${q.perRow ?? ''} | ${q.verdict === 'growth' ? `❌ N+1${q.statement ? `: ${code(short(q.statement, 90))}` : ''}` : q.verdict} |`);
    out.push('');
  }
  if (pr.coverage) {
    const c = pr.coverage;
    out.push(`**Coverage**: ${pct(c.base)} → ${pct(c.head)} (${points(c.deltaPoints)})`, '');
    if (c.files.length) {
      out.push('| Changed file | Base | Head | Δ |', '| --- | --: | --: | --: |');
      for (const f of c.files) out.push(`| ${code(f.path)} | ${f.base !== undefined ? pct(f.base) : 'new'} | ${f.head !== undefined ? pct(f.head) : 'gone'} | ${f.deltaPoints !== undefined ? points(f.deltaPoints) : ''} |`);
      out.push('');
    }
  }
  if (pr.notes.length) out.push(`<details><summary>${pr.notes.length} note(s)</summary>`, '', ...pr.notes.map((n) => `- ${cell(n)}`), '', '</details>', '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** A case per contract change, migration, rolling-deploy step, latency and query comparison. */
export function prJunitCases(pr: PrReport): PrJunitCase[] {
  const out: PrJunitCase[] = [];
  for (const c of pr.contract) {
    const text = `${c.rule}: ${c.detail}${c.serializer ? ` (${c.serializer})` : ''}`;
    out.push({ name: `${c.rule} ${c.endpoint}${c.field ? ` ${c.field}` : ''}`, classname: 'pr.contract', ...(c.level === 'breaking' ? { failure: text } : {}) });
  }
  for (const m of pr.migrations) {
    const flags = m.flags.map((f) => `${f.rule} (${f.level}): ${f.detail}`).join('\n');
    const locks = m.locks.map((l) => `${l.mode} on ${l.relation}`).join(', ');
    const text = [m.durationMs !== undefined ? `${m.durationMs} ms on the base's data` : '', locks ? `locks: ${locks}` : '', flags].filter(Boolean).join('\n');
    out.push({ name: `migration ${m.app}.${m.name}`, classname: 'pr.migrations', ...(m.error ? { failure: `${m.error}\n${text}` } : flags ? { skipped: text } : {}) });
  }
  if (pr.rollingDeploy.checked) {
    for (const f of pr.rollingDeploy.failures) out.push({ name: `rolling deploy ${f.flow}`, classname: 'pr.rolling-deploy', failure: `passed on the base before the head's migrations, fails after them${f.status ? ` (${f.status})` : ''}: ${f.error}` });
    if (!pr.rollingDeploy.failures.length) out.push({ name: 'rolling deploy: the base flows pass on the migrated schema', classname: 'pr.rolling-deploy' });
  }
  for (const l of pr.latency) {
    const text = `head/base ${times(l.ratio)} [${times(l.low)}–${times(l.high)}], floor ${times(pr.noiseFloor?.threshold ?? 1)}; base ${l.baseMs} ms, head ${l.headMs} ms`;
    out.push({ name: `latency ${l.endpoint}`, classname: 'pr.latency', ...(l.verdict === 'slower' ? { failure: text } : {}) });
  }
  for (const q of pr.queries) {
    out.push({ name: `queries ${q.endpoint}`, classname: 'pr.queries', ...(q.verdict === 'growth' ? { failure: `${q.baseQueries} → ${q.headQueries} queries for ${q.rows} rows (+${q.perRow} per row)${q.statement ? `; repeated: ${q.statement}` : ''}` } : {}) });
  }
  if (pr.coverage) out.push({ name: `coverage ${pct(pr.coverage.base)} → ${pct(pr.coverage.head)} (${points(pr.coverage.deltaPoints)})`, classname: 'pr.coverage' });
  return out;
}

/** What the console prints at the end of a PR run: the verdict line, its reasons, the risky migrations. */
export function prConsoleLines(pr: PrReport): string[] {
  const out = [`pull request vs ${pr.base.ref} (${pr.base.commit.slice(0, 12)}): ${pr.verdict === 'passed' ? 'no regression found' : 'FAILS'}`];
  for (const r of pr.reasons) out.push(`  ✗ ${r}`);
  for (const c of pr.contract.filter((x) => x.level !== 'breaking').slice(0, 5)) out.push(`  i ${c.rule} ${c.endpoint}${c.field ? ` ${c.field}` : ''}`);
  for (const m of pr.migrations) for (const f of m.flags.filter((x) => x.level === 'high')) out.push(`  ! ${m.app}.${m.name}: ${f.rule} — ${short(f.detail, 140)}`);
  if (pr.noiseFloor) out.push(`  latency: ${pr.latency.length} endpoint(s) against a ${times(pr.noiseFloor.threshold)} floor (A/A ${times(pr.noiseFloor.aa)})${pr.latency.some((l) => l.verdict === 'faster') ? `; faster: ${pr.latency.filter((l) => l.verdict === 'faster').map((l) => l.endpoint).join(', ')}` : ''}`);
  if (pr.coverage) out.push(`  coverage ${pct(pr.coverage.base)} → ${pct(pr.coverage.head)} (${points(pr.coverage.deltaPoints)})`);
  const t = pr.timings;
  if (t) out.push(`  time: ${(t.waitedForBaseMs / 1000).toFixed(1)} s waiting for the base, ${(t.abMs / 1000).toFixed(1)} s A/B, ${(t.migrationsMs / 1000).toFixed(1)} s migrations and rolling deploy`);
  return out;
}
