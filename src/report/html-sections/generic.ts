/**
 * Any JSON value as readable HTML, for report parts whose exact shape report.html does not know yet (a
 * newer phase's extra tables): a list of records becomes a table, a record of records a matrix, a record
 * of plain values a definition list. Everything is escaped like the rest of the page.
 */
import { html, type Html } from '../html-escape.js';
import { codeBlock, keyValues, table } from '../html-parts.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isPlain = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A key as a heading: `statusCodes` → `Status codes`, `per_endpoint` → `Per endpoint`. */
export function humanKey(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value in one table cell: plain values as they are, short lists joined, the rest as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isPlain(value)) return String(value);
  if (Array.isArray(value) && value.every(isPlain)) return value.join(', ');
  if (isRecord(value) && Object.values(value).every(isPlain)) return Object.entries(value).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  return JSON.stringify(value);
}

/** The value rendered by its shape (see the file comment); depth-limited, so a cycle-free value always ends. */
export function genericValue(value: unknown, depth = 0): Html {
  if (value === undefined) return html``;
  if (isPlain(value)) return html`<p>${String(value)}</p>`;
  if (depth > 2) return codeBlock(JSON.stringify(value, null, 2) ?? '');
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<p class="muted">none</p>`;
    if (value.every(isPlain)) return html`<ul class="plain">${value.map((v) => html`<li>${String(v)}</li>`)}</ul>`;
    if (value.every(isRecord)) {
      const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return table(columns.map(humanKey), value.map((row) => columns.map((c) => cellText(row[c]))));
    }
    return codeBlock(JSON.stringify(value, null, 2) ?? '');
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length > 0 && entries.every(([, v]) => isRecord(v) && Object.values(v).every(isPlain))) {
      const columns = [...new Set(entries.flatMap(([, v]) => Object.keys(v as Record<string, unknown>)))];
      // Columns named by numbers (status codes, sizes) read in order, and their cells are figures.
      const numbered = columns.every((c) => /^\d+$/.test(c));
      if (numbered) columns.sort((a, b) => Number(a) - Number(b));
      const numeric = numbered ? columns.map((_, i) => i + 1) : [];
      return table(['', ...columns], entries.map(([k, v]) => [html`<b>${k}</b>`, ...columns.map((c) => cellText((v as Record<string, unknown>)[c]))]), { numeric });
    }
    const flat = (v: unknown): boolean => isPlain(v) || (Array.isArray(v) && v.every(isPlain));
    const plain = entries.filter(([, v]) => flat(v));
    const nested = entries.filter(([, v]) => v !== undefined && !flat(v));
    return html`${plain.length > 0 && keyValues(plain.map(([k, v]) => [humanKey(k), cellText(v)] as const))}${nested.map(([k, v]) => html`<h4>${humanKey(k)}</h4>${genericValue(v, depth + 1)}`)}`;
  }
  return html`<p>${String(value)}</p>`;
}
