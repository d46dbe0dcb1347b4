/** Flows: every failed step with the exchange that failed it and a line to replay it; the rest collapsed. */
import type { FlowResult, RunReport } from '../../types.js';
import { seconds } from '../format.js';
import { html } from '../html-escape.js';
import { countBy, details, pill, table, type PageSection } from '../html-parts.js';
import { exchangeBlock, runHeaders, statusPill } from './exchange.js';

export function flowsSection(report: RunReport): PageSection | undefined {
  if (report.flows.length === 0) return undefined;
  const n = countBy<FlowResult['status']>(report.flows);
  const [passed, failed, skipped] = [n.passed ?? 0, n.failed ?? 0, n.skipped ?? 0];
  const headers = runHeaders(report.inspect);
  const failures = report.flows
    .filter((f) => f.status === 'failed')
    .map((f, i) => {
      const summary = html`${pill('failed', 'fail')}<span class="summary-main">${f.name}</span><span class="summary-sub">${f.step} · ${f.endpoint}</span>${f.exchange && statusPill(f.exchange.status)}`;
      const body = html`${f.error && html`<p class="msg">${f.error}</p>`}${f.exchange ? exchangeBlock(f.exchange, `flow-curl-${i + 1}`, headers) : html`<p class="muted">no exchange recorded</p>`}`;
      return details(summary, body, { open: true, tone: 'fail' });
    });
  const list = (status: FlowResult['status']) => report.flows.filter((f) => f.status === status);
  const rows = (flows: FlowResult[]) => flows.map((f) => [f.name, f.step, f.endpoint, seconds(f.durationMs), f.error ?? '']);
  const head = ['Flow', 'Step', 'Endpoint', 'Duration', 'Note'];
  const body = html`${failures}
${skipped > 0 && details(html`${pill(skipped, 'skip')}<span class="summary-main">skipped flows</span>`, table(head, rows(list('skipped')), { numeric: [3] }), { tone: 'skip' })}
${passed > 0 && details(html`${pill(passed, 'pass')}<span class="summary-main">passed flows</span>`, table(head, rows(list('passed')), { numeric: [3] }), { tone: 'pass' })}`;
  return {
    id: 'flows',
    title: 'Flows',
    tone: failed ? 'fail' : passed ? 'pass' : 'skip',
    aside: `${passed} passed · ${failed} failed · ${skipped} skipped`,
    body,
    card: { label: 'Flows', value: failed ? `${failed} failed` : `${passed} passed`, detail: `${passed} passed · ${failed} failed · ${skipped} skipped` },
  };
}
