/**
 * Inline SVG plots for report.html: no library, no script, nothing fetched. Coordinates are rounded to
 * 0.1 px so the same report always gives the same markup.
 */
import { quantile } from '../timing/stats.js';
import { html, type Html } from './html-escape.js';
import type { Tone } from './html-parts.js';

/** One row of a strip plot: a label and its samples. */
export interface SampleGroup {
  label: string;
  values: readonly number[];
  tone: Tone;
}

const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A short axis or label figure: `0.5`, `12`, `1.2k`. */
export function shortNumber(n: number): string {
  if (Math.abs(n) >= 10_000) return `${Math.round(n / 1000)}k`;
  if (Math.abs(n) >= 1000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (Math.abs(n) >= 10 || Number.isInteger(n)) return String(Math.round(n));
  return n.toFixed(1);
}

/** About `count` round tick values (1, 2 or 5 × 10^k apart) from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t < max + step * 0.999 && ticks.length < 50; t += step) ticks.push(Math.round(t / power) * power);
  return ticks;
}

/**
 * A strip plot with a box per row (quartiles, median, 5th–95th percentile whiskers) on one shared
 * linear axis, e.g. cold against warm latencies. The axis ends at the groups' far-out fences so one
 * stall cannot flatten the rest; samples beyond it are drawn at the right edge and counted there.
 */
export function stripPlot(groups: readonly SampleGroup[], unit: string): Html {
  const rows = groups.map((g) => ({ ...g, values: g.values.filter((v) => Number.isFinite(v) && v >= 0) })).filter((g) => g.values.length > 0);
  if (rows.length === 0) return html``;
  // Each group's far-out fence (Tukey: q3 + 3 IQR); the axis ends at the highest fence or the highest sample.
  const fence = Math.max(...rows.map((g) => quantile(g.values, 0.75) + 3 * (quantile(g.values, 0.75) - quantile(g.values, 0.25))));
  const ticks = niceTicks(Math.min(Math.max(...rows.flatMap((g) => g.values)), fence) * 1.02);
  const domainMax = ticks.at(-1)!;
  const [left, right, rowHeight, top, axisHeight, width] = [112, 40, 52, 8, 26, 720];
  const plotWidth = width - left - right;
  const height = top + rows.length * rowHeight + axisHeight;
  const x = (v: number): number => left + (Math.min(v, domainMax) / domainMax) * plotWidth;
  const axisY = top + rows.length * rowHeight;
  const grid = ticks.map((t) => html`<line class="grid" x1="${r1(x(t))}" x2="${r1(x(t))}" y1="${top}" y2="${axisY}"/><text class="tick" x="${r1(x(t))}" y="${axisY + 16}" text-anchor="middle">${shortNumber(t)}</text>`);
  const body = rows.map((g, i) => {
    const mid = top + i * rowHeight + rowHeight / 2;
    const q = (p: number): number => quantile(g.values, p);
    const beyond = g.values.filter((v) => v > domainMax).length;
    // Golden-ratio jitter: deterministic, evenly spread, no random source.
    const dots = g.values.map((v, j) => html`<circle class="dot ${g.tone}" cx="${r1(x(v))}" cy="${r1(mid + (((j * 0.618034) % 1) - 0.5) * rowHeight * 0.62)}" r="2.6"/>`);
    return html`<g class="row">
<text class="label" x="8" y="${r1(mid - 3)}">${g.label}</text><text class="sub" x="8" y="${r1(mid + 12)}">n=${g.values.length} · p50 ${shortNumber(q(0.5))}</text>
<line class="whisker" x1="${r1(x(q(0.05)))}" x2="${r1(x(q(0.95)))}" y1="${r1(mid)}" y2="${r1(mid)}"/>
${dots}
<rect class="box ${g.tone}" x="${r1(x(q(0.25)))}" y="${r1(mid - 9)}" width="${r1(Math.max(1, x(q(0.75)) - x(q(0.25))))}" height="18" rx="2"/>
<line class="median" x1="${r1(x(q(0.5)))}" x2="${r1(x(q(0.5)))}" y1="${r1(mid - 12)}" y2="${r1(mid + 12)}"/>
${beyond > 0 && html`<text class="beyond" x="${width - right + 4}" y="${r1(mid + 4)}">+${beyond} ›</text>`}
</g>`;
  });
  return html`<svg class="plot" viewBox="0 0 ${width} ${height}" role="img" aria-label="${rows.map((g) => `${g.label}: ${g.values.length} samples`).join(', ')}">
${grid}
<line class="axis" x1="${left}" x2="${left + plotWidth}" y1="${axisY}" y2="${axisY}"/><text class="tick" x="${left + plotWidth}" y="${axisY + 16}" dx="14" text-anchor="start">${unit}</text>
${body}
</svg>`;
}

/** Horizontal bars with their values, e.g. queries per request at each page size. */
export function barChart(bars: ReadonlyArray<{ label: string; value: number; tone: Tone }>, unit: string): Html {
  if (bars.length === 0) return html``;
  const [left, right, barHeight, gap, width] = [88, 96, 16, 6, 420];
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotWidth = width - left - right;
  const height = bars.length * (barHeight + gap) + gap;
  const body = bars.map((b, i) => {
    const y = gap + i * (barHeight + gap);
    const w = Math.max(1, (Math.max(0, b.value) / max) * plotWidth);
    return html`<text class="label" x="${left - 8}" y="${y + 12}" text-anchor="end">${b.label}</text><rect class="bar ${b.tone}" x="${left}" y="${y}" width="${r1(w)}" height="${barHeight}" rx="2"/><text class="value" x="${r1(left + w + 6)}" y="${y + 12}">${shortNumber(b.value)} ${unit}</text>`;
  });
  return html`<svg class="bars" viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="${bars.map((b) => `${b.label}: ${b.value} ${unit}`).join(', ')}">${body}</svg>`;
}

/**
 * The interval plot of one ratio (head/base) on a log axis, so 2× slower and 2× faster sit equally far
 * from the dashed line at 1: the interval as a bar, the ratio as a point.
 */
export function ratioMark(ratio: number, low: number, high: number, domain: readonly [number, number], tone: Tone): Html {
  const [width, height, pad] = [180, 18, 6];
  const [lo, hi] = [Math.log(domain[0]), Math.log(domain[1])];
  const x = (v: number): number => pad + ((Math.min(hi, Math.max(lo, Math.log(Math.max(v, 1e-9)))) - lo) / (hi - lo || 1)) * (width - 2 * pad);
  return html`<svg class="ratio" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="ratio ${ratio.toFixed(2)} in [${low.toFixed(2)}, ${high.toFixed(2)}]"><line class="ref" x1="${r1(x(1))}" x2="${r1(x(1))}" y1="1" y2="${height - 1}"/><line class="interval ${tone}" x1="${r1(x(low))}" x2="${r1(x(high))}" y1="${height / 2}" y2="${height / 2}"/><circle class="point ${tone}" cx="${r1(x(ratio))}" cy="${height / 2}" r="4"/></svg>`;
}
