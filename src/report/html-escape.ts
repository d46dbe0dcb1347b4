import { plain } from './format.js';

/**
 * Markup that is already safe to put in a page. Only `html` and `raw` make one, so text from the service
 * (bodies, tracebacks, paths, header values) can reach the page only through escaping.
 */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** What a `html` template may interpolate: markup, text (escaped), or lists of both. Never an object. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML: terminal colour codes and control characters dropped, `& < > " '` escaped, so the
 * result is safe both between tags and inside a quoted attribute.
 */
export function escapeHtml(text: string): string {
  return plain(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is `Html` already:
 * html`<td>${path}</td>` is safe whatever `path` holds. `null`, `undefined` and `false` render as nothing,
 * so `${cond && html`…`}` works; arrays are concatenated.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup written by enid-test itself (the stylesheet, the script): never service data. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Items joined by a separator, each escaped unless it is markup. */
export function joinHtml(items: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return new Html(items.map(render).join(render(separator)));
}
