/** What the run assumed and what it learnt from the service: versions, Host header, sign-in, notes. */
import type { RunReport } from '../../types.js';
import { html, type HtmlValue } from '../html-escape.js';
import { code, keyValues, pill, table, type PageSection } from '../html-parts.js';

export function notesSection(report: RunReport): PageSection | undefined {
  const i = report.inspect;
  if (report.assumptions.length === 0 && !i) return undefined;
  const facts: Array<readonly [string, HtmlValue]> = [];
  if (i) {
    if (i.django) facts.push(['Django', i.django]);
    if (i.drf) facts.push(['DRF', i.drf]);
    facts.push(['URL patterns', `${i.routes} (${i.apiRoutes.length} DRF views)`]);
    if (i.hostHeader) facts.push(['Host header', code(i.hostHeader)]);
    for (const [name, value] of Object.entries(i.proxyHeaders ?? {})) facts.push([name, code(value)]);
    facts.push(['Signed in as', i.signedInAs ?? 'anonymous']);
  }
  const refused = i?.anonymousRefused ?? [];
  const body = html`${report.assumptions.length > 0 && html`<h3>Assumptions</h3><ul class="plain">${report.assumptions.map((a) => html`<li>${a}</li>`)}</ul>`}
${facts.length > 0 && html`<h3>What the service told</h3>${keyValues(facts)}`}
${i && i.protected.length > 0 && html`<h3>Refused anonymous requests</h3>${table(['Endpoint', 'Status'], i.protected.map((p) => [code(p.path), p.status]), { numeric: [1] })}`}
${refused.length > 0 && html`<h3>Protected endpoints asked without credentials</h3>${table(['Request', 'Status', 'Refused'], refused.map((r) => [html`<b class="mono">${r.method}</b> ${code(r.path)}`, r.status, pill(r.refused ? 'refused' : 'answered', r.refused ? 'pass' : 'fail')]), { numeric: [1] })}`}
${i && i.notes.length > 0 && html`<h3>Inspect notes</h3><ul class="plain">${i.notes.map((n) => html`<li>${n}</li>`)}</ul>`}`;
  return {
    id: 'notes',
    title: 'Assumptions and notes',
    tone: refused.some((r) => !r.refused) ? 'fail' : 'info',
    aside: `${report.assumptions.length} assumption${report.assumptions.length === 1 ? '' : 's'}${i ? ` · ${i.notes.length} note${i.notes.length === 1 ? '' : 's'}` : ''}`,
    body,
  };
}
