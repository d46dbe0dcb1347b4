/** The API map: every endpoint the run found, with what it did with it (verified, reached, skipped) and why. */
import type { ApiEndpointCoverage, RunReport } from '../../types.js';
import { apiLine } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { code, pill, table, type PageSection, type Tone } from '../html-parts.js';

/** verified: answered and checked · reached: a request got there, the answer could not be verified · skipped. */
export type EndpointState = 'verified' | 'reached' | 'skipped';

/** An endpoint as report.json may carry it: newer reports say its state and why; older ones only what was exercised. */
export interface EndpointWithState extends ApiEndpointCoverage {
  state?: EndpointState;
  reason?: string;
  /** Methods sent whose answer the run could not verify. */
  reached?: string[];
}

const STATE_TONE: Record<EndpointState, Tone> = { verified: 'pass', reached: 'warn', skipped: 'skip' };
const STATES: EndpointState[] = ['verified', 'reached', 'skipped'];

/** The endpoint's state as reported, or derived from an older report: exercised → verified, else skipped. */
export function endpointState(e: EndpointWithState): { state: EndpointState; reason?: string } {
  const state = e.state && STATES.includes(e.state) ? e.state : e.exercised.length > 0 ? 'verified' : 'skipped';
  const reason = e.reason ?? (state === 'skipped' ? e.skipped : undefined);
  return reason ? { state, reason } : { state };
}

export function apiSection(report: RunReport): PageSection | undefined {
  const api = report.api;
  if (!api) return undefined;
  const endpoints = api.endpoints as EndpointWithState[];
  const kinds = new Map((report.inspect?.apiRoutes ?? []).map((r) => [r.route, r.kind]));
  const states = endpoints.map(endpointState);
  const counts = Object.fromEntries(STATES.map((s) => [s, states.filter((x) => x.state === s).length])) as Record<EndpointState, number>;
  const rows = endpoints.map((e, i) => {
    const { state, reason } = states[i]!;
    const hit = new Set(e.exercised.map((m) => m.toUpperCase()));
    const reached = new Set((e.reached ?? []).map((m) => m.toUpperCase()));
    const methods = [...new Set([...e.methods, ...e.exercised, ...reached].map((m) => m.toUpperCase()))];
    const chip = (m: string) => (hit.has(m) ? html`<span class="method hit" title="verified">${m}</span>` : reached.has(m) ? html`<span class="method reached" title="reached, not verified">${m}</span>` : html`<span class="method" title="not sent">${m}</span>`);
    return [
      pill(state, STATE_TONE[state]),
      html`${code(e.route)}<div class="summary-sub">${e.view}${kinds.get(e.route) ? ` · ${kinds.get(e.route)}` : ''}</div>`,
      methods.length ? methods.map(chip) : html`<span class="muted">?</span>`,
      reason ?? '',
    ];
  });
  const total = endpoints.length || 1;
  const stack = STATES.filter((s) => counts[s] > 0).map((s) => html`<span class="${STATE_TONE[s]}" style="width:${((counts[s] / total) * 100).toFixed(1)}%" title="${counts[s]} ${s}"></span>`);
  const legend = STATES.map((s) => html`<span>${pill(counts[s], STATE_TONE[s])} ${s}</span>`);
  const body: Html = html`<p>${apiLine(api)}</p>
<div class="stack">${stack}</div><div class="legend">${legend}<span class="muted">· methods: <span class="method hit">verified</span><span class="method reached">reached</span><span class="method">not sent</span></span></div>
${table(['State', 'Endpoint', 'Methods', 'Why'], rows)}`;
  const none = endpoints.length > 0 && api.exercised === 0 && !api.optedOut;
  return {
    id: 'api',
    title: 'API map',
    tone: none ? 'fail' : counts.skipped + counts.reached > 0 ? 'warn' : 'pass',
    aside: `${counts.verified} verified · ${counts.reached} reached · ${counts.skipped} skipped`,
    body,
    card: { label: 'API', value: `${api.exercised}/${endpoints.length}`, detail: `endpoints exercised (${api.urlPatterns} URL patterns)` },
  };
}
