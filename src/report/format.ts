import { stripVTControlCharacters } from 'node:util';
import { coverageGate, formatMinimum } from '../coverage/gate.js';
import type { CoverageReport, RunReport, TimingEvidence, TimingResult } from '../types.js';

/** Text without terminal escape sequences or control characters other than tab and newline. */
export function plain(text: string): string {
  return stripVTControlCharacters(text).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

/** `1234` → `1.2s`. */
export function seconds(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)}s`;
}

/** A latency in milliseconds, one decimal below 10 ms. */
export function millis(valueMs: number): string {
  return `${valueMs < 10 ? valueMs.toFixed(1) : Math.round(valueMs)} ms`;
}

/** `5.24` → `5.2×`. */
export function times(factor: number): string {
  return `${factor.toFixed(1)}×`;
}

/** The speedup with its lower confidence bound: `5.2× (≥ 3.9×)`. */
export function speedupWithBound(t: TimingResult): string {
  return `${times(t.speedup)} (≥ ${times(t.speedupLow)})`;
}

/** A rate as a percentage with one decimal: `0.8125` → `81.3%`. Rates are fractions (Cobertura's line-rate). */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/**
 * The coverage minimum of a report as the reporters show it, with the verdict of the same gate the
 * coverage phase used, so junit.xml, the summary and the console never disagree with the exit code.
 */
export function coverageMinimum(c: Pick<CoverageReport, 'linesCovered' | 'linesValid' | 'minCoverage'>): { shown: string; met: boolean } | undefined {
  if (c.minCoverage === undefined) return undefined;
  return { shown: formatMinimum(c.minCoverage), met: coverageGate(c.linesCovered, c.linesValid, c.minCoverage).passed };
}

/** PASSED / FAILED / ERROR. */
export function statusWord(report: Pick<RunReport, 'status'>): string {
  return report.status === 'passed' ? 'PASSED' : report.status === 'failed' ? 'FAILED' : 'ERROR';
}

/** The first non-empty line, whitespace collapsed, cut at `max` characters. */
export function oneLine(text: string, max = 200): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Cuts long text (response bodies) so one flow cannot bloat a report to megabytes. */
export function truncate(text: string, max = 4000): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

/** A request or response body as text: strings as they are, anything else as 2-space JSON. */
export function bodyText(body: unknown): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return truncate(body);
  try {
    return truncate(JSON.stringify(body, null, 2) ?? String(body));
  } catch {
    return truncate(String(body));
  }
}

/** What made a timing verdict, in a few words: `3 Redis keys (notes:*), identical bodies, fresh after write`. */
export function describeEvidence(e: TimingEvidence): string {
  const parts: string[] = [];
  if (e.redisKeys !== undefined) parts.push(`${e.redisKeys} Redis key${e.redisKeys === 1 ? '' : 's'}${e.keyPattern ? ` (${e.keyPattern})` : ''}`);
  if (e.identical !== undefined) parts.push(e.identical ? 'identical bodies' : 'bodies differ');
  if (e.fresh !== undefined) parts.push(e.fresh ? 'fresh after write' : 'stale after write');
  if (e.cacheHeaders?.length) parts.push(`headers: ${e.cacheHeaders.join(', ')}`);
  return parts.join(', ');
}

/** One line on why a timing check failed: verdict, speedup with its bound, and the minimum. */
export function timingMessage(t: TimingResult): string {
  return `${t.verdict}: speedup ${speedupWithBound(t)}, minimum ${times(t.minSpeedup)}`;
}

/** A Python traceback says what went wrong on its last line, not its first ("Traceback (most recent…"). */
export function failureMessage(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const pick = lines[0]?.startsWith('Traceback') ? lines[lines.length - 1] : lines[0];
  return oneLine(pick ?? '');
}

/** "exercised 3 of 5 API endpoints (URLconf: 14 patterns)": the line every report ends its API part with. */
export function apiLine(api: NonNullable<RunReport['api']>): string {
  const reached = api.reached ? `, ${api.reached} more reached, not verified` : '';
  return `exercised ${api.exercised} of ${api.endpoints.length} API endpoint${api.endpoints.length === 1 ? '' : 's'}${reached} (${api.urlPatterns} URL pattern${api.urlPatterns === 1 ? '' : 's'})${api.optedOut ? ` — allowed: ${api.optedOut}` : ''}`;
}
