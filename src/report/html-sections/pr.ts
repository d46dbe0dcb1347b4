/**
 * The pull-request part (`report.pr`, from `run --base REF`): the API contract diff, the head's
 * migrations on the base's data, latency head against base, and the coverage delta.
 *
 * PR mode is built on another branch; this file declares the shape agreed for it and renders the parts
 * it knows by name, anything else by its shape (generic.ts). Adapting to the final PrReport means
 * renaming keys in `PrPart` and the four part functions, nothing more.
 */
import type { RunReport } from '../../types.js';
import { millis, percent, seconds } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, details, keyValues, pill, table, type PageSection, type Tone } from '../html-parts.js';
import { ratioMark, stripPlot } from '../html-plot.js';
import { cellText, genericValue, humanKey } from './generic.js';

export interface PrContractRow { rule: string; level: 'breaking' | 'non-breaking'; endpoint: string; detail: string }
export interface PrMigrationRow { app: string; name: string; durationMs: number; locks: string[]; flags: string[] }
export interface PrLatencyRow {
  endpoint: string;
  baseMs: number;
  headMs: number;
  ratio: number;
  low: number;
  high: number;
  verdict: string;
  /** The interleaved samples, when the report keeps them: plotted base against head. */
  baseSamplesMs?: number[];
  headSamplesMs?: number[];
}
export interface PrCoverage { base?: number; head?: number; delta?: number; files?: Array<{ path: string; base?: number; head?: number; delta?: number }> }

/** `report.pr` as far as report.html relies on it. */
export interface PrPart {
  contract?: PrContractRow[];
  migrations?: PrMigrationRow[];
  latency?: PrLatencyRow[];
  coverage?: PrCoverage;
  [other: string]: unknown;
}

const KNOWN = new Set(['contract', 'migrations', 'latency', 'coverage']);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const rows = <T>(v: unknown): T[] => (Array.isArray(v) ? (v.filter(isRecord) as unknown as T[]) : []);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

export function prOf(report: RunReport): PrPart | undefined {
  const value = (report as { pr?: unknown }).pr;
  return isRecord(value) ? (value as PrPart) : undefined;
}

export function prSection(report: RunReport): PageSection | undefined {
  const pr = prOf(report);
  if (!pr) return undefined;
  const contract = rows<PrContractRow>(pr.contract);
  const migrations = rows<PrMigrationRow>(pr.migrations);
  const latency = rows<PrLatencyRow>(pr.latency);
  const breaking = contract.filter((c) => c.level === 'breaking').length;
  const regressions = latency.filter((l) => /regress|slower|fail/i.test(String(l.verdict))).length;
  const flagged = migrations.filter((m) => Array.isArray(m.flags) && m.flags.length > 0).length;
  const scalars = Object.entries(pr).filter(([k, v]) => !KNOWN.has(k) && (v === null || typeof v !== 'object'));
  const others = Object.entries(pr).filter(([k, v]) => !KNOWN.has(k) && v !== null && typeof v === 'object');
  const body = html`${scalars.length > 0 && keyValues(scalars.map(([k, v]) => [humanKey(k), cellText(v)] as const))}
${contractPart(contract)}${migrationsPart(migrations)}${latencyPart(latency)}${coveragePart(pr.coverage)}
${others.map(([k, v]) => html`<h3>${humanKey(k)}</h3>${genericValue(v)}`)}`;
  return {
    id: 'pr',
    title: 'Pull request: head against base',
    tone: breaking || regressions ? 'fail' : flagged ? 'warn' : 'pass',
    aside: `${breaking} breaking · ${regressions} regression${regressions === 1 ? '' : 's'} · ${flagged} risky migration${flagged === 1 ? '' : 's'}`,
    body,
    card: { label: 'Pull request', value: breaking ? `${breaking} breaking` : regressions ? `${regressions} slower` : 'no break', detail: `${contract.length} API changes · ${migrations.length} migrations` },
  };
}

function contractPart(list: PrContractRow[]): Html {
  if (list.length === 0) return html``;
  const sorted = [...list].sort((a, b) => Number(b.level === 'breaking') - Number(a.level === 'breaking'));
  return html`<h3>API contract</h3>${table(['Level', 'Rule', 'Endpoint', 'Detail'], sorted.map((c) => [pill(c.level, c.level === 'breaking' ? 'fail' : 'info'), code(c.rule), code(c.endpoint), c.detail]))}`;
}

function migrationsPart(list: PrMigrationRow[]): Html {
  if (list.length === 0) return html``;
  const tableRows = list.map((m) => {
    const flags = Array.isArray(m.flags) ? m.flags : [];
    const locks = Array.isArray(m.locks) ? m.locks : [];
    return [code(`${m.app}.${m.name}`), Number.isFinite(num(m.durationMs)) ? seconds(m.durationMs) : '', locks.map((l) => html`<div class="mono">${String(l)}</div>`), flags.length ? flags.map((f) => html`${pill(String(f), 'warn')} `) : pill('safe', 'pass')];
  });
  return html`<h3>Migrations on the base's data</h3>${table(['Migration', 'Took', 'Locks', 'Flags'], tableRows, { numeric: [1] })}`;
}

function latencyTone(verdict: string): Tone {
  if (/regress|slower|fail/i.test(verdict)) return 'fail';
  if (/improv|faster/i.test(verdict)) return 'pass';
  return 'skip';
}

function latencyPart(list: PrLatencyRow[]): Html {
  if (list.length === 0) return html``;
  // Symmetric on the log axis around 1, wide enough for every interval, never wider than 10× either way.
  const finite = list.flatMap((l) => [num(l.low), num(l.high)]).filter((v) => Number.isFinite(v) && v > 0);
  const reach = Math.min(10, Math.max(2, ...finite.map((v) => Math.max(v, 1 / v))));
  const domain: [number, number] = [1 / reach, reach];
  const tableRows = list.map((l) => {
    const tone = latencyTone(String(l.verdict));
    const [ratio, low, high] = [num(l.ratio), num(l.low), num(l.high)];
    const mark = [ratio, low, high].every(Number.isFinite) ? ratioMark(ratio, low, high, domain, tone) : '';
    return [code(l.endpoint), Number.isFinite(num(l.baseMs)) ? millis(l.baseMs) : '', Number.isFinite(num(l.headMs)) ? millis(l.headMs) : '', Number.isFinite(ratio) ? `${ratio.toFixed(2)}× [${low.toFixed(2)}, ${high.toFixed(2)}]` : '', mark, pill(String(l.verdict), tone)];
  });
  const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
  const plots = list
    .filter((l) => numbers(l.baseSamplesMs).length > 0 && numbers(l.headSamplesMs).length > 0)
    .map((l) => details(html`${pill(String(l.verdict), latencyTone(String(l.verdict)))}<span class="summary-main">${code(l.endpoint)}</span><span class="summary-sub">samples, base against head</span>`, stripPlot([
      { label: 'base', values: numbers(l.baseSamplesMs), tone: 'info' },
      { label: 'head', values: numbers(l.headSamplesMs), tone: latencyTone(String(l.verdict)) === 'fail' ? 'fail' : 'pass' },
    ], 'ms'), { open: latencyTone(String(l.verdict)) === 'fail', tone: latencyTone(String(l.verdict)) }));
  return html`<h3>Latency, head against base</h3>${table(['Endpoint', 'Base p50', 'Head p50', 'Head/base', `Interval (${domain[0].toFixed(2)}–${domain[1].toFixed(1)}×, log)`, 'Verdict'], tableRows, { numeric: [1, 2, 3] })}${plots}`;
}

// Rates are fractions in enid-test's reports (Cobertura's line-rate); a delta is in the same unit.
const rate = (v: unknown): string => (Number.isFinite(num(v)) ? percent(num(v)) : '');
const delta = (v: unknown): Html => {
  const d = num(v);
  if (!Number.isFinite(d)) return html``;
  const text = `${d > 0 ? '+' : ''}${(d * 100).toFixed(1)} pts`;
  return pill(text, d < 0 ? 'fail' : d > 0 ? 'pass' : 'skip');
};

function coveragePart(coverage: unknown): Html {
  if (!isRecord(coverage)) return html``;
  const c = coverage as PrCoverage;
  const files = rows<NonNullable<PrCoverage['files']>[number]>(c.files);
  return html`<h3>Coverage delta</h3><p>base ${rate(c.base)} → head ${rate(c.head)} ${delta(c.delta ?? num(c.head) - num(c.base))}</p>
${files.length > 0 && table(['Changed file', 'Base', 'Head', 'Delta'], files.map((f) => [code(f.path), rate(f.base), rate(f.head), delta(f.delta ?? num(f.head) - num(f.base))]), { numeric: [1, 2, 3] })}`;
}
