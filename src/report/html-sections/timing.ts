/** Timing: each cache check with its verdict, the statistics behind it and its cold and warm latencies plotted. */
import type { RunReport, TimingResult } from '../../types.js';
import { describeEvidence, millis, speedupWithBound, times } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, details, keyValues, pill, toneOf, type PageSection, type Tone } from '../html-parts.js';
import { stripPlot } from '../html-plot.js';

function verdictTone(t: TimingResult): Tone {
  if (t.status === 'failed') return 'fail';
  return t.verdict === 'cached' ? 'pass' : t.verdict === 'not-cached' ? 'warn' : 'skip';
}

export function timingSection(report: RunReport): PageSection | undefined {
  if (report.timing.length === 0) return undefined;
  const failed = report.timing.filter((t) => t.status === 'failed').length;
  const cards = report.timing.map((t) => {
    const tone = verdictTone(t);
    const summary = html`${pill(t.verdict, tone)}<span class="summary-main">${code(t.path)}</span><span class="summary-sub">speedup ${speedupWithBound(t)} · minimum ${times(t.minSpeedup)} · ${t.status}</span>`;
    return details(summary, timingBody(t), { open: true, tone: toneOf(t.status) });
  });
  return {
    id: 'timing',
    title: 'Timing',
    tone: failed ? 'fail' : report.timing.some((t) => t.status === 'passed') ? 'pass' : 'skip',
    aside: `${report.timing.length} cache check${report.timing.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}`,
    body: html`${cards}`,
    card: { label: 'Timing', value: `${report.timing.length - failed}/${report.timing.length}`, detail: 'cache checks passed' },
  };
}

function timingBody(t: TimingResult): Html {
  const evidence = describeEvidence(t.evidence);
  const stats = keyValues([
    ['cold p50 / p90', `${millis(t.coldMs)} / ${millis(t.coldP90Ms)}`],
    ['warm p50 / p90', `${millis(t.warmMs)} / ${millis(t.warmP90Ms)}`],
    ['speedup', `${times(t.speedup)}, 95% interval ${times(t.speedupLow)} – ${times(t.speedupHigh)} (minimum ${times(t.minSpeedup)})`],
    ['requests', String(t.samples)],
    ...(evidence ? [['evidence', evidence] as const] : []),
  ]);
  const l = t.latencies;
  const plot = l && (l.coldMs.length || l.warmMs.length)
    ? html`<div class="label-line">Latencies: cold (cache flushed before each) against warm</div>${stripPlot([
        { label: 'cold', values: l.coldMs, tone: 'info' },
        { label: 'warm', values: l.warmMs, tone: t.verdict === 'cached' ? 'pass' : 'warn' },
      ], 'ms')}<p class="muted">Box: quartiles and median; line: 5th–95th percentile; dots: every kept request.</p>`
    : html`<p class="muted">This report carries no per-request latencies (written by an older enid-test).</p>`;
  return html`${t.detail && html`<p class="msg">${t.detail}</p>`}${stats}${plot}`;
}
