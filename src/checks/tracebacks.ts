/**
 * The tracebacks the request hook prints (see python/request-hook.ts), read from the service's log
 * stream as it arrives and kept by request id.
 */
const LINE = /ENID-TRACEBACK (\S+) (.*)$/;
const END = /ENID-TRACEBACK-END (\S+)\s*$/;
// A traceback seldom needs more; the rest of a long one is in the container log.
const MAX_LINES = 120;

/** Collects marked traceback lines by request id; `wait` resolves once one is complete (or after a bound). */
export class TracebackCollector {
  private readonly lines = new Map<string, string[]>();
  private readonly done = new Set<string>();
  private readonly waiters = new Map<string, () => void>();

  /** Feed one log line (unmarked lines are ignored). */
  accept(line: string): void {
    const end = END.exec(line);
    if (end) {
      this.done.add(end[1]!);
      this.waiters.get(end[1]!)?.();
      return;
    }
    const m = LINE.exec(line);
    if (!m) return;
    const list = this.lines.get(m[1]!) ?? [];
    if (list.length < MAX_LINES) list.push(m[2]!.replace(/\r$/, ''));
    this.lines.set(m[1]!, list);
  }

  /** The traceback of a request: waits until its end marker arrived, at most `timeoutMs`; undefined when none came. */
  async wait(requestId: string, timeoutMs: number): Promise<string[] | undefined> {
    if (!this.done.has(requestId)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiters.delete(requestId);
          resolve();
        }, timeoutMs);
        this.waiters.set(requestId, () => {
          clearTimeout(timer);
          this.waiters.delete(requestId);
          resolve();
        });
      });
    }
    const lines = this.lines.get(requestId);
    return lines?.length ? lines : undefined;
  }
}

// A database that restarts or refuses connections is the machine's trouble, not the service's.
const ENVIRONMENT = /OperationalError: .*(could not connect|connection to server|recovery mode|not yet accepting connections|terminating connection|server closed the connection)/;

/** Whether a traceback shows the database unreachable rather than the service's own fault. */
export function environmental(traceback: readonly string[] | undefined): boolean {
  return traceback?.some((l) => ENVIRONMENT.test(l)) === true;
}
