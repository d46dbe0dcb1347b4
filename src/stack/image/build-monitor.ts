import createDebug from 'debug';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ServiceSpec } from '../../types.js';
import { tailLines } from '../log-tail.js';
import { stalledError } from './build-errors.js';
import type { BuildContext, ContextProgress } from './build-context.js';

const debug = createDebug('enid:stack');
/** Progress lines start after this long (a small context never prints one), then come this often. */
const PROGRESS_AFTER_MS = 1_000;
const PROGRESS_EVERY_MS = 2_000;

/**
 * Everything that watches one build: its log file (and the last lines, for errors), the stall watch
 * that any progress resets, the progress lines for the user, and the abort signal the build's steps
 * share. The build hands it to each step instead of passing these one by one.
 */
export class BuildMonitor {
  readonly signal: AbortSignal;
  readonly progress: ProgressReporter;
  private readonly abort = new AbortController();
  private readonly watch: StallWatch;
  private readonly log: WriteStream;
  private readonly lines: string[] = [];

  constructor(private readonly name: string, logFile: string, private readonly outer: AbortSignal | undefined, private readonly onStep: ((line: string) => void) | undefined, private readonly stallMs: number) {
    this.watch = new StallWatch(stallMs);
    this.signal = outer ? AbortSignal.any([outer, this.abort.signal]) : this.abort.signal;
    this.log = createWriteStream(logFile);
    // A stalled build's output may still trickle in after the log was closed: drop it, never crash on it.
    this.log.on('error', (err) => debug('[%s] build log: %O', name, err));
    this.progress = progressReporter(onStep, (p) => {
      this.watch.touch(p.stage === 'send' ? `the engine stopped reading the build context at ${describe(p)}` : `while ${verb(p.stage)} the build context (${describe(p)})`);
    });
  }

  /** `work`, unless the build stalls first. */
  within<T>(work: Promise<T>): Promise<T> {
    return this.watch.within(work);
  }

  /** A line of the build log (kept for the tail of an error). */
  note(line: string): void {
    if (!this.log.writableEnded) this.log.write(`${line}\n`);
    this.lines.push(line);
    if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 200);
  }

  /** Output of the engine: any line resets the stall watch; a `Step n/m` is shown to the user. */
  output(shown: string[], text: string): void {
    for (const line of shown) this.note(line);
    this.watch.touch(`last output: ${(shown.at(-1) ?? '').slice(0, 120)}`);
    const step = /^Step \d+\/\d+ : .*/m.exec(text);
    if (step) this.onStep?.(`build ${step[0].slice(0, 100)}`);
  }

  /** What the context holds, in the log; shown too when it was slow to read or is large. */
  describeContext(context: BuildContext): void {
    const summary = contextSummary(context);
    for (const line of summary) this.note(line);
    if (this.progress.slow() || context.bytes >= 50e6) for (const line of summary.slice(0, 2)) this.onStep?.(line);
  }

  tail(count: number): string[] {
    return tailLines(this.lines, count);
  }

  /** The error a failed build ends with: the caller's abort as it is, a stall as ENID_BUILD_STALLED. */
  failure(err: unknown, spec: Pick<ServiceSpec, 'name'>): unknown {
    this.abort.abort(err);
    if (this.outer?.aborted) return this.outer.reason;
    if (err instanceof Stalled) return stalledError(spec, err.message, this.stallMs, this.tail(50));
    return err;
  }

  /** True when `err` ends the build without a build error of its own (a stall or an abort). */
  isStopped(err: unknown): boolean {
    return err instanceof Stalled || this.signal.aborted;
  }

  async close(): Promise<void> {
    this.watch.stop();
    await new Promise((resolve) => this.log.end(resolve));
  }
}

/** Raised inside the build when nothing moved for the stall time; turned into ENID_BUILD_STALLED. */
class Stalled extends Error {}

/** Rejects `within()` promises once no `touch()` came for `ms`; what was last seen names the place. */
class StallWatch {
  private last = Date.now();
  private where = 'before the build context was read';
  private readonly timer: NodeJS.Timeout;
  private readonly stalled: Promise<never>;

  constructor(ms: number) {
    let reject!: (err: Stalled) => void;
    this.stalled = new Promise<never>((_, rej) => (reject = rej));
    this.stalled.catch(() => undefined);
    this.timer = setInterval(() => {
      if (Date.now() - this.last < ms) return;
      clearInterval(this.timer);
      reject(new Stalled(this.where));
    }, Math.max(20, Math.min(1_000, ms / 4)));
    this.timer.unref();
  }

  touch(where: string): void {
    this.last = Date.now();
    this.where = where;
  }

  within<T>(work: Promise<T>): Promise<T> {
    // Whichever loses the race must not become an unhandled rejection.
    work.catch(() => undefined);
    return Promise.race([work, this.stalled]);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface ProgressReporter {
  (p: ContextProgress): void;
  /** True once the context took long enough to show progress. */
  slow(): boolean;
}

function progressReporter(onStep: ((line: string) => void) | undefined, onAny: (p: ContextProgress) => void): ProgressReporter {
  const started = Date.now();
  let shown = 0;
  let stage: ContextProgress['stage'] | undefined;
  const report = ((p: ContextProgress) => {
    onAny(p);
    const now = Date.now();
    if (p.stage !== stage) {
      // Each stage gets its own first line, so a slow send is not hidden behind a slow hash.
      stage = p.stage;
      if (shown) shown = now - PROGRESS_EVERY_MS;
    }
    if (now - started < PROGRESS_AFTER_MS || now - shown < PROGRESS_EVERY_MS) return;
    shown = now;
    onStep?.(`build context: ${verb(p.stage)} ${describe(p)}`);
  }) as ProgressReporter;
  report.slow = () => shown > 0;
  return report;
}

function verb(stage: ContextProgress['stage']): string {
  return stage === 'scan' ? 'reading' : stage === 'hash' ? 'hashing' : 'sending';
}

function describe(p: ContextProgress): string {
  const count = p.totalFiles !== undefined ? `${fmt(p.files)} of ${files(p.totalFiles)}` : files(p.files);
  const bytes = p.totalBytes !== undefined ? `${mb(p.bytes)} of ${mb(p.totalBytes)}` : mb(p.bytes);
  return `${count}, ${bytes}`;
}

/** One line on what is sent, one hint when a big folder could stay out, then what was skipped. */
function contextSummary(ctx: BuildContext): string[] {
  const out = [`build context: ${files(ctx.files)}, ${mb(ctx.bytes)}${ctx.ignoreFile ? ` (${ctx.ignoreFile} applied)` : ' (no .dockerignore)'}`];
  const big = Object.entries(ctx.topLevelBytes).filter(([, b]) => b >= 20e6).sort((a, b) => b[1] - a[1]);
  if (big.length) out.push(`build context: ${big.slice(0, 3).map(([n, b]) => `${n} ${mb(b)}`).join(', ')} of it; a .dockerignore line keeps ${big.length > 1 ? 'them' : 'it'} out of every build (\`enid-test init\` adds node_modules)`);
  const skipped = ctx.skipped.filter((s) => !s.reason.startsWith('written by enid-test'));
  if (skipped.length) out.push(`build context: skipped ${skipped.slice(0, 5).map((s) => `${s.path} (${s.reason})`).join(', ')}${skipped.length > 5 ? ` and ${skipped.length - 5} more` : ''}`);
  return out;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function files(n: number): string {
  return `${fmt(n)} file${n === 1 ? '' : 's'}`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}

