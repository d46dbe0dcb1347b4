/** An HTTP exchange as report.html shows it: a curl line to replay it, then the request and the response. */
import type { HttpExchange, InspectReport } from '../../types.js';
import { curlLine } from '../curl.js';
import { bodyText } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { codeBlock, copyButton, pill } from '../html-parts.js';

/** The headers every request of the run carried (Host, proxy headers): a replay needs them too. */
export function runHeaders(inspect: InspectReport | undefined): Record<string, string> {
  return { ...(inspect?.hostHeader ? { Host: inspect.hostHeader } : {}), ...(inspect?.proxyHeaders ?? {}) };
}

/** A status code in the colour of its class: 2xx green, 4xx amber, 5xx red. */
export function statusPill(status: number | undefined): Html {
  if (status === undefined) return pill('no answer', 'fail');
  return pill(status, status >= 500 ? 'fail' : status >= 400 ? 'warn' : status >= 200 && status < 300 ? 'pass' : 'info');
}

/** A curl line with its copy button; `id` must be unique in the page. */
export function curlBlock(curl: string, id: string): Html {
  return html`<div class="label-line">Reproduce ${copyButton(id)}</div>${codeBlock(curl, id)}`;
}

/** The exchange of a failed step: replay line, request (method, URL, body), response (status, body). */
export function exchangeBlock(exchange: HttpExchange, id: string, headers: Record<string, string>): Html {
  const request = bodyText(exchange.requestBody);
  const response = bodyText(exchange.responseBody);
  return html`${curlBlock(curlLine(exchange, headers), id)}<div class="grid2">
<div><div class="label-line">Request</div><div><b class="mono">${exchange.method.toUpperCase()}</b> <span class="mono">${exchange.url}</span></div>${request ? codeBlock(request) : html`<p class="muted">no body</p>`}</div>
<div><div class="label-line">Response ${statusPill(exchange.status)}</div>${response ? codeBlock(response) : html`<p class="muted">no body</p>`}</div>
</div>`;
}
