import { stripVTControlCharacters } from 'node:util';
import { checksConsoleLines } from '../checks/render.js';
import { databaseConsoleLines } from '../database/render.js';
import { prConsoleLines } from '../pr/render.js';
import type { PhaseName, PhaseResult, RunError, RunReport } from '../types.js';
import { apiLine, coverageMinimum, failureMessage, millis, oneLine, percent, seconds, speedupWithBound, statusWord } from './format.js';
import { redact } from './redact.js';
import type { BeginInfo, CaseEndArgs, Reporter } from './reporter.js';

export interface ConsoleReporterOptions {
  stream?: NodeJS.WritableStream;
  /** Force colours on or off; by default on only for a TTY without NO_COLOR or CI. */
  color?: boolean;
  /** Force live progress on or off; by default follows `stream.isTTY`. */
  tty?: boolean;
  /** Only errors, failed phases and the final line. */
  quiet?: boolean;
  secrets?: string[];
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** Terminal output: one line per phase, a live progress line on a TTY, errors with hints, a summary. */
export class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private readonly stream: NodeJS.WritableStream;
  private readonly tty: boolean;
  private readonly color: boolean;
  private readonly quiet: boolean;
  private readonly secrets: string[];
  private liveLength = 0;
  private nameWidth = 8;

  constructor(options: ConsoleReporterOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    const info = this.stream as { isTTY?: boolean };
    this.tty = options.tty ?? info.isTTY === true;
    const env = process.env;
    const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
    this.color = options.color ?? (this.tty && !env.NO_COLOR && !ci);
    this.quiet = options.quiet ?? false;
    this.secrets = options.secrets ?? [];
  }

  onBegin(info: BeginInfo): void {
    this.nameWidth = Math.max(4, ...info.phases.map((p) => p.length));
    if (this.quiet) return;
    this.line(`${this.paint('bold', 'enid-test')} ${info.service.name} ${this.paint('dim', `(${info.service.dir})`)}`);
  }

  onPhaseBegin(name: PhaseName): void {
    if (!this.quiet) this.live(`${name}…`);
  }

  onPhaseEnd(phase: PhaseResult): void {
    const name = phase.name.padEnd(this.nameWidth);
    if (phase.status === 'skipped') {
      if (!this.quiet) this.line(this.paint('dim', `- ${phase.name} skipped${phase.detail ? ` (${phase.detail})` : ''}`));
    } else if (phase.status === 'passed') {
      if (!this.quiet) this.line(`${this.paint('green', '✔')} ${name} ${seconds(phase.durationMs)}`);
    } else {
      const detail = phase.detail ? `  ${this.paint('dim', oneLine(phase.detail))}` : '';
      this.line(`${this.paint('red', '✖')} ${name} ${seconds(phase.durationMs)}${detail}`);
    }
  }

  onCaseEnd(...[kind, result]: CaseEndArgs): void {
    if (this.quiet) return;
    let label: string;
    let failure: string | undefined;
    if (kind === 'flow') [label, failure] = [result.name, result.status === 'failed' ? (result.error ?? 'failed') : undefined];
    else if (kind === 'timing') [label, failure] = [result.path, result.status === 'failed' ? `${result.verdict}, speedup ${result.speedup.toFixed(1)}×` : undefined];
    else if (kind === 'seed') [label, failure] = [result.path, result.failed > 0 && result.created === 0 ? `${result.failed} failed` : undefined];
    else [label, failure] = [`${result.suite}.${result.name}`, result.status === 'failed' ? failureMessage(result.failure ?? '') || 'failed' : undefined];
    if (kind === 'flow' && result.status === 'skipped' && result.step === 'all steps' && result.error) this.line(`  - ${kind} ${label} skipped: ${oneLine(result.error)}`);
    else if (failure === undefined) this.live(`${kind} ${label}`);
    else this.line(`  ${this.paint('red', '✖')} ${kind} ${label}: ${oneLine(failure)}`);
  }

  onLog(text: string): void {
    if (this.quiet) return;
    // Off a TTY a progress line cannot be overwritten, so it is printed like any other line.
    if (this.tty) this.live(text);
    else this.line(`  ${text}`);
  }

  onError(error: RunError): void {
    if (error.code === 'ENID_REPORTER') {
      this.line(this.paint('yellow', `warning: ${error.message}`));
      return;
    }
    this.line(`${this.paint('red', 'error:')} ${error.message}`);
    if (error.hint) this.line(`  hint: ${error.hint}`);
    for (const l of error.logTail ?? []) this.line(this.paint('dim', `    ${l}`));
  }

  onEnd(report: RunReport): void {
    // Progress lines are overwritten on a terminal: what matters stays on screen at the end.
    if (!this.quiet) this.tables(report);
    const word = statusWord(report);
    const head = report.exitCode === 0 ? word : `${word} (exit ${report.exitCode})`;
    const parts = [
      counted(report.flows, 'flow', 'flows'),
      counted(report.suites, 'suite test', 'suite tests'),
      counted(report.timing, 'timing check', 'timing checks'),
      counted(report.coverage?.tests ?? [], 'Django test', 'Django tests'),
      report.coverage ? `coverage ${percent(report.coverage.lineRate)}` : '',
      report.pr ? `pull request ${report.pr.verdict === 'passed' ? 'clean' : 'fails'} vs ${report.pr.base.ref}` : '',
    ].filter((p) => p !== '');
    const tail = parts.length ? ` — ${parts.join(', ')}` : '';
    // The last line says what was exercised: a pass that reached nothing must not look like a pass.
    const reached = report.api ? `; ${apiLine(report.api)}` : '';
    this.line(`${this.paint(report.status === 'passed' ? 'green' : 'red', head)} in ${seconds(report.durationMs)}${tail}${reached}`);
  }

  private tables(report: RunReport): void {
    const api = report.api;
    if (api) {
      const width = Math.max(8, ...api.endpoints.map((e) => e.route.length));
      this.line('api endpoints');
      for (const e of api.endpoints) {
        const done = e.exercised.length ? e.exercised.join(' ') : '—';
        const why = e.state === 'reached' ? `  (reached, not verified: ${e.reason})` : e.skipped ? `  (${e.skipped})` : e.reason ? `  (${e.reason})` : '';
        this.line(`  ${e.route.padEnd(width)}  ${(e.methods.join(' ') || '?').padEnd(22)}  ${done}${why}`);
      }
    }
    if (report.timing.length) {
      this.line('timing      cold p50/p90        warm p50/p90        speedup (bound)     samples  verdict');
      for (const t of report.timing) {
        const cells = [`${millis(t.coldMs)}/${millis(t.coldP90Ms)}`, `${millis(t.warmMs)}/${millis(t.warmP90Ms)}`, speedupWithBound(t)];
        this.line(`  ${t.path}\n    ${cells.map((c) => c.padEnd(20)).join('')}${String(t.samples).padEnd(9)}${t.verdict}${t.detail ? ` — ${t.detail}` : ''}`);
      }
    }
    if (report.checks) for (const l of checksConsoleLines(report.checks)) this.line(l);
    if (report.database) for (const l of databaseConsoleLines(report.database)) this.line(l);
    if (report.pr) for (const l of prConsoleLines(report.pr)) this.line(l);
    const cov = report.coverage;
    if (cov) {
      const lowest = [...cov.files].sort((a, b) => a.lineRate - b.lineRate).slice(0, 5);
      const minimum = coverageMinimum(cov);
      const min = minimum ? `, minimum ${minimum.shown} ${minimum.met ? 'met' : 'not met'}` : '';
      this.line(`coverage ${percent(cov.lineRate)} (${cov.linesCovered}/${cov.linesValid} lines, ${cov.source})${min}${lowest.length ? '; lowest files:' : ''}`);
      for (const f of lowest) this.line(`  ${percent(f.lineRate).padStart(7)}  ${f.path}`);
    }
  }

  printsToStdio(): boolean {
    return true;
  }

  private paint(style: keyof typeof ANSI, text: string): string {
    return this.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  }

  private clean(text: string): string {
    const safe = redact(text, this.secrets);
    // A stray BEL or CR from a response body must not beep or garble the terminal; ESC survives only
    // with colour on (container output may carry its own colour codes).
    const noControl = safe.replace(/[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F]/g, '');
    return this.color ? noControl : stripVTControlCharacters(noControl);
  }

  private line(text: string): void {
    this.clearLive();
    this.stream.write(`${this.clean(text)}\n`);
  }

  // Overwrites the progress line with `\r` and padding (not an erase sequence), so no escape is emitted.
  private live(text: string): void {
    if (!this.tty) return;
    const columns = (this.stream as { columns?: number }).columns ?? 80;
    const shown = oneLine(this.clean(text), Math.max(10, columns - 1));
    this.stream.write(`\r${shown.padEnd(this.liveLength)}`);
    this.liveLength = shown.length;
  }

  private clearLive(): void {
    if (this.liveLength === 0) return;
    this.stream.write(`\r${' '.repeat(this.liveLength)}\r`);
    this.liveLength = 0;
  }
}

function counted(list: { status: string }[], one: string, many: string): string {
  if (list.length === 0) return '';
  const failed = list.filter((x) => x.status === 'failed').length;
  return `${list.length} ${list.length === 1 ? one : many}${failed ? ` (${failed} failed)` : ''}`;
}
