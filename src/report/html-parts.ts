/**
 * The building blocks every section of report.html is made of: pills, tables, code blocks, collapsible
 * cards. Pure functions of their arguments; all text goes through `html`, so it is escaped.
 */
import type { CheckStatus, RunStatus } from '../types.js';
import { html, raw, type Html, type HtmlValue } from './html-escape.js';

/** The colour a status is shown in: green, red, amber, grey, blue. */
export type Tone = 'pass' | 'fail' | 'warn' | 'skip' | 'info';

/** passed → pass, failed → fail, error → fail, skipped → skip. */
export function toneOf(status: CheckStatus | RunStatus | 'error'): Tone {
  return status === 'passed' ? 'pass' : status === 'skipped' ? 'skip' : 'fail';
}

/** A small rounded label in a status colour (`big` for the verdict). */
export function pill(text: HtmlValue, tone: Tone, big = false): Html {
  return html`<span class="pill ${tone}${big ? ' big' : ''}">${text}</span>`;
}

/** A report section with an anchor the navigation links to. */
export function section(id: string, title: string, body: HtmlValue, aside?: HtmlValue): Html {
  return html`<section id="${id}"><h2>${title}${aside ? html` <span class="aside">${aside}</span>` : ''}</h2>${body}</section>\n`;
}

export interface TableOptions {
  /** Indexes of the columns holding numbers: right-aligned, tabular figures. */
  numeric?: number[];
  className?: string;
}

/** A table; each cell is escaped text or markup. */
export function table(head: readonly string[], rows: readonly HtmlValue[][], options: TableOptions = {}): Html {
  const numeric = new Set(options.numeric ?? []);
  // A fixed attribute from a closed set, never data.
  const cls = (i: number): Html => raw(numeric.has(i) ? ' class="num"' : '');
  const th = head.map((h, i) => html`<th${cls(i)}>${h}</th>`);
  const body = rows.map((row) => html`<tr>${row.map((c, i) => html`<td${cls(i)}>${c}</td>`)}</tr>`);
  return html`<div class="scroll"><table class="${options.className ?? 'tbl'}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Preformatted text (a body, a traceback, a log tail), scrollable, with an optional id for copying. */
export function codeBlock(text: string, id?: string): Html {
  return id ? html`<pre class="code" id="${id}">${text}</pre>` : html`<pre class="code">${text}</pre>`;
}

/** Inline code. */
export function code(text: HtmlValue): Html {
  return html`<code>${text}</code>`;
}

/** A collapsible card: closed unless `open`, with a coloured edge for its tone. */
export function details(summary: HtmlValue, body: HtmlValue, options: { open?: boolean; tone?: Tone | 'plain' } = {}): Html {
  return html`<details class="card ${options.tone ?? 'plain'}"${options.open && html` open`}><summary>${summary}</summary><div class="card-body">${body}</div></details>`;
}

/** A button that copies the text of the element with `targetId` (the page script does the copying). */
export function copyButton(targetId: string, label = 'Copy curl'): Html {
  return html`<button type="button" class="copy" data-copy="${targetId}">${label}</button>`;
}

/** Label/value pairs, e.g. versions and headers. */
export function keyValues(pairs: ReadonlyArray<readonly [string, HtmlValue]>): Html {
  return html`<dl class="kv">${pairs.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/** A horizontal bar filled to `fraction` (0–1), in a tone; `wide` for a headline figure. */
export function meter(fraction: number, tone: Tone, wide = false): Html {
  const width = (Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * 100).toFixed(1);
  return html`<span class="meter${wide ? ' wide' : ''}"><span class="fill ${tone}" style="width:${width}%"></span></span>`;
}

/** A muted paragraph. */
export function note(text: HtmlValue): Html {
  return html`<p class="muted">${text}</p>`;
}

/** One section of the page as a section file returns it: the page adds the frame, the link and the card. */
export interface PageSection {
  id: string;
  title: string;
  /** The colour of its navigation dot and summary card. */
  tone: Tone;
  body: Html;
  /** Beside the heading, e.g. "exercised 2 of 3". */
  aside?: HtmlValue;
  /** A card in the page header: a figure and a line under it. */
  card?: { label: string; value: string; detail: string };
}

/** How many of `items` have each status. */
export function countBy<T extends string>(items: ReadonlyArray<{ status: T }>): Record<T, number> {
  const out = {} as Record<T, number>;
  for (const item of items) out[item.status] = (out[item.status] ?? 0) + 1;
  return out;
}
