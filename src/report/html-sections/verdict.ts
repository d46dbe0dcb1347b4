/** The top of report.html: who ran, the verdict, the errors with their hints, and the phases. */
import { ExitCode } from '../../exit-codes.js';
import type { RunError, RunReport } from '../../types.js';
import { seconds, statusWord } from '../format.js';
import { html, type Html } from '../html-escape.js';
import { codeBlock, details, pill, table, toneOf, type PageSection } from '../html-parts.js';

/** What each exit code means, in the words of the README's table. */
export const EXIT_CODE_MEANING: Record<number, string> = {
  [ExitCode.Ok]: 'everything passed',
  [ExitCode.CheckFailed]: 'a check failed',
  [ExitCode.BadInput]: 'bad input or configuration',
  [ExitCode.BootFailed]: 'the service failed to build or to boot',
  [ExitCode.Environment]: 'the environment (container engine, images)',
  [ExitCode.Internal]: 'the harness itself failed',
  [ExitCode.Interrupted]: 'interrupted',
};

/** The page header: service, verdict, exit code and its meaning, when and where, then the summary cards. */
export function hero(report: RunReport, sections: readonly PageSection[]): Html {
  const tone = toneOf(report.status);
  const meaning = EXIT_CODE_MEANING[report.exitCode];
  const shard = report.shard ? html` · shard <b>${report.shard.index}/${report.shard.total}</b>` : '';
  const cards = sections
    .filter((s) => s.card)
    .map((s) => html`<a class="stat ${s.tone}" href="#${s.id}"><div class="k">${s.card!.label}</div><div class="v">${s.card!.value}</div><div class="d">${s.card!.detail}</div></a>`);
  return html`<header class="hero ${tone}"><div class="wrap">
<div class="eyebrow">enid-test report</div>
<h1>${report.service.name} ${pill(statusWord(report), tone, true)}</h1>
<div class="meta">exit code <b>${report.exitCode}</b>${meaning ? ` (${meaning})` : ''} · <b>${seconds(report.durationMs)}</b> · started ${report.startedAt}${report.runId ? html` · run <span class="mono">${report.runId}</span>` : ''}${shard}</div>
<div class="meta mono">${report.service.dir}</div>
${cards.length > 0 && html`<div class="cards">${cards}</div>`}
</div></header>\n`;
}

/** Errors first (each with its hint and log tail), then every phase with its status and duration. */
export function verdictSection(report: RunReport): PageSection {
  const failedPhases = report.phases.filter((p) => p.status === 'failed' || p.status === 'error').length;
  const rows = report.phases.map((p) => [html`<b>${p.name}</b>`, pill(p.status, toneOf(p.status)), seconds(p.durationMs), p.detail ?? '']);
  const body = html`${report.errors.length > 0 && html`<h3>Errors</h3>${report.errors.map(errorCard)}`}
<h3>Phases</h3>${table(['Phase', 'Status', 'Duration', 'Detail'], rows, { numeric: [2] })}`;
  return {
    id: 'verdict',
    title: 'Verdict',
    tone: report.errors.some((e) => e.exitCode !== ExitCode.Ok) || failedPhases ? 'fail' : toneOf(report.status),
    aside: `${report.phases.length} phases${failedPhases ? `, ${failedPhases} failed` : ''}${report.errors.length ? `, ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}` : ''}`,
    body,
  };
}

function errorCard(e: RunError): Html {
  const tone = e.exitCode === ExitCode.Ok ? 'warn' : 'fail';
  const summary = html`${pill(e.code, tone)}<span class="summary-main">${e.message}</span><span class="summary-sub">${e.phase} · exit ${e.exitCode}</span>`;
  const body = html`${e.hint && html`<div class="hint"><b>Hint</b> ${e.hint}</div>`}${e.logTail?.length ? html`<div class="label-line">Log tail</div>${codeBlock(e.logTail.join('\n'))}` : ''}`;
  return details(summary, body, { open: true, tone });
}
