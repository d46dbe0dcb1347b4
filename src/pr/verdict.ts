/**
 * The PR verdict: what fails a pull request, one line each. Breaking API changes, the base code
 * failing against the migrated database (a rolling deploy would break), a migration that cannot apply
 * to the base's data, a latency regression beyond the run's noise floor, and one more query per row
 * shown. Risky migration operations and improvements are reported, never failed on. Pure.
 */
import type { PrReport } from './types.js';

const ratio = (x: number): string => `${x.toFixed(2)}×`;
const more = (n: number, shown: number): string => (n > shown ? ` (+${n - shown} more)` : '');

/** The verdict and its reasons, from everything else PR mode measured. */
export function prVerdict(r: Omit<PrReport, 'verdict' | 'reasons'>): Pick<PrReport, 'verdict' | 'reasons'> {
  const reasons: string[] = [];
  const breaking = r.contract.filter((c) => c.level === 'breaking');
  if (breaking.length) {
    const shown = breaking.slice(0, 3).map((c) => `${c.rule} ${c.endpoint}${c.field ? ` ${c.field}` : ''}`);
    reasons.push(`${breaking.length} breaking API change(s): ${shown.join('; ')}${more(breaking.length, 3)}`);
  }
  for (const m of r.migrations.filter((x) => x.error)) reasons.push(`migration ${m.app}.${m.name} failed on the base's data: ${m.error}`);
  const failures = r.rollingDeploy.failures;
  if (failures.length) {
    const shown = failures.slice(0, 3).map((f) => `${f.flow}${f.status ? ` → ${f.status}` : ''}`);
    reasons.push(`rolling deploy breaks: the base code fails against the migrated database (${shown.join('; ')}${more(failures.length, 3)})`);
  }
  for (const l of r.latency.filter((x) => x.verdict === 'slower')) {
    reasons.push(`${l.endpoint} is ${ratio(l.ratio)} slower (${l.baseMs.toFixed(1)} → ${l.headMs.toFixed(1)} ms; bound ${ratio(l.low)} > floor ${ratio(r.noiseFloor?.threshold ?? 1)})`);
  }
  for (const q of r.queries.filter((x) => x.verdict === 'growth')) {
    reasons.push(`${q.endpoint} runs ${q.perRow} more quer${q.perRow === 1 ? 'y' : 'ies'} per row (${q.baseQueries} → ${q.headQueries} for ${q.rows} rows): an N+1`);
  }
  return { verdict: reasons.length ? 'failed' : 'passed', reasons };
}
