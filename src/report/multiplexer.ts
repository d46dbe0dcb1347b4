import { ExitCode } from '../exit-codes.js';
import type { PhaseName, PhaseResult, RunError, RunReport } from '../types.js';
import type { BeginInfo, CaseEndArgs, Reporter } from './reporter.js';

export interface MultiplexerOptions {
  /** Where reporter failures are written (default process.stderr). */
  stderr?: NodeJS.WritableStream;
}

/**
 * Forwards every hook to many reporters. A reporter that throws or rejects never crashes the run: its
 * failure becomes a one-line warning on stderr and an ENID_REPORTER RunError for the other reporters.
 */
export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  private readonly stderr: NodeJS.WritableStream;

  constructor(
    readonly reporters: readonly Reporter[],
    options: MultiplexerOptions = {},
  ) {
    this.stderr = options.stderr ?? process.stderr;
  }

  onBegin(info: BeginInfo): void {
    for (const r of this.reporters) this.call(r, 'onBegin', () => r.onBegin?.(info));
  }

  onPhaseBegin(name: PhaseName): void {
    for (const r of this.reporters) this.call(r, 'onPhaseBegin', () => r.onPhaseBegin?.(name));
  }

  onPhaseEnd(phase: PhaseResult): void {
    for (const r of this.reporters) this.call(r, 'onPhaseEnd', () => r.onPhaseEnd?.(phase));
  }

  onCaseEnd(...args: CaseEndArgs): void {
    for (const r of this.reporters) this.call(r, 'onCaseEnd', () => r.onCaseEnd?.(...args));
  }

  onLog(line: string): void {
    for (const r of this.reporters) this.call(r, 'onLog', () => r.onLog?.(line));
  }

  onError(error: RunError): void {
    for (const r of this.reporters) this.call(r, 'onError', () => r.onError?.(error));
  }

  /** Waits for every reporter's onEnd; resolves even when some of them fail. */
  async onEnd(report: RunReport): Promise<void> {
    await Promise.all(this.reporters.map((r) => this.call(r, 'onEnd', () => r.onEnd?.(report))));
  }

  printsToStdio(): boolean {
    return this.reporters.some((r) => {
      try {
        return r.printsToStdio();
      } catch {
        return false;
      }
    });
  }

  // Hooks other than onEnd are not awaited (the run must not wait on a reporter), but a returned
  // promise still gets a rejection handler so an async hook cannot become an unhandled rejection.
  private call(reporter: Reporter, hook: string, invoke: () => unknown): Promise<void> | void {
    try {
      const out = invoke();
      if (isThenable(out)) {
        return Promise.resolve(out).then(
          () => undefined,
          (err: unknown) => this.fail(reporter, hook, err),
        );
      }
    } catch (err) {
      this.fail(reporter, hook, err);
    }
  }

  private fail(reporter: Reporter, hook: string, err: unknown): void {
    const message = `reporter "${nameOf(reporter)}" failed in ${hook}: ${describe(err)}`;
    this.warn(message);
    const error: RunError = {
      // A broken reporter is a warning, not a reason to fail the run's checks.
      exitCode: ExitCode.Ok,
      code: 'ENID_REPORTER',
      phase: 'cli',
      message,
      hint: 'the run went on without this reporter; its output may be missing or incomplete',
    };
    for (const other of this.reporters) {
      if (other === reporter) continue;
      // No forwarding of failures raised while reporting a failure: that could ping-pong forever.
      try {
        const out = other.onError?.(error) as unknown;
        if (isThenable(out)) {
          Promise.resolve(out).catch((e: unknown) => this.warn(`reporter "${nameOf(other)}" failed in onError: ${describe(e)}`));
        }
      } catch (e) {
        this.warn(`reporter "${nameOf(other)}" failed in onError: ${describe(e)}`);
      }
    }
  }

  private warn(message: string): void {
    try {
      this.stderr.write(`warning: ${message}\n`);
    } catch {
      // stderr itself is gone (closed pipe); there is nowhere left to say it.
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function nameOf(reporter: Reporter): string {
  return reporter.name ?? reporter.constructor?.name ?? 'reporter';
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split(/\r?\n/, 1)[0] ?? text;
}
