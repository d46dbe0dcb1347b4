import type { Phase } from '../pipeline/phase.js';
import { CheckBook } from './context.js';
import { runChecks } from './run-checks.js';
import { CheckSession } from './session.js';
import { environment, openDatabase } from './setup.js';
import { summarize } from './summary.js';
import { TracebackCollector } from './tracebacks.js';
import type { ChecksReport } from './types.js';
import { anonymousClient, secondUser } from './users.js';

// However large the API, the phase sends nothing after this long (each endpoint also has its budget).
const PHASE_BUDGET_MS = 5 * 60_000;

/**
 * checks: the bugs that matter, on the seeded and signed-in stack — edge and negative input per field
 * and query parameter, a second user against the first one's rows, staff-only endpoints, anonymous
 * writes, privileged fields, caches that leak or go stale, writes that do not stick, nested N+1 and
 * unbounded lists. Each check can be turned off or made warn-only (`checks.<name>`); every finding
 * carries a curl line, the exchange, the server's traceback for a 5xx and the statements for database
 * findings. Deterministic for a seed; bounded per endpoint (`checks.maxRequestsPerEndpoint`).
 */
export const checksPhase: Phase<'checks'> = {
  name: 'checks',
  // A check of the whole service, and it writes rows: split across shards it would run n times.
  scope: 'first-shard',
  skipReason(ctx) {
    return ctx.options.checks.disabledBecause;
  },
  async run(ctx) {
    const started = performance.now();
    const settings = ctx.options.checks;
    const notes: string[] = [];
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const anonymous = anonymousClient(ctx);
    const tracebacks = new TracebackCollector();
    const unsubscribe = ctx.stack.onServiceLine((line) => tracebacks.accept(line));
    // The second user costs a `manage.py shell` in the container (Django's start-up, a password hash);
    // the database connections cost round trips on the host: neither waits for the other.
    const signingIn = secondUser(ctx, anonymous);
    signingIn.catch(() => undefined); // awaited below, inside the try that closes the database
    const db = await openDatabase(ctx, notes);
    try {
      const users = await signingIn;
      if (users.missing) notes.push(`no second user: ${users.missing}`);
      const session = new CheckSession({
        clients: { a: ctx.state.http, anonymous, ...(users.client ? { b: users.client } : {}) },
        baseUrl: ctx.info.baseUrl, maxRequestsPerEndpoint: settings.maxRequestsPerEndpoint, deadline: started + PHASE_BUDGET_MS,
        tracebacks, proxyHeaders: Object.keys(ctx.state.proxyHeaders ?? {}), signal: ctx.signal, ...(db.counter ? { counter: db.counter } : {}),
      });
      const env = environment(ctx, session, settings, users.aIsStaff, db.count);
      const book = new CheckBook(env);
      const caches = await runChecks(ctx, env, book, users.userId, notes);
      notes.push(...book.notes);
      const spent = session.budgetSpent();
      if (spent.length) notes.push(`request budget (${settings.maxRequestsPerEndpoint} per endpoint) spent at ${spent.join(', ')}: later cases there were not sent`);
      if (session.stopped() && !ctx.signal.aborted) notes.push(`the phase stopped sending after ${PHASE_BUDGET_MS / 60_000} min`);
      const report: ChecksReport = {
        findings: session.findings, checks: summarize(settings, book, session.findings), endpoints: session.statusTable(), caches,
        requests: session.total, maxRequestsPerEndpoint: settings.maxRequestsPerEndpoint, durationMs: Math.round(performance.now() - started), notes,
      };
      for (const n of notes) log(`checks: ${n}`);
      const failing = report.findings.filter((f) => f.level === 'fail');
      const warnings = report.findings.length - failing.length;
      const head = `${report.requests} request(s), ${report.findings.length} finding(s)${warnings ? ` (${warnings} warning(s))` : ''}`;
      return {
        status: failing.length ? 'failed' : 'passed',
        detail: failing.length ? `${head}; first: ${failing[0]!.check} ${failing[0]!.method} ${failing[0]!.endpoint}: ${failing[0]!.message}` : head,
        result: report,
      };
    } finally {
      unsubscribe();
      await db.close();
      await anonymous.close().catch(() => undefined);
    }
  },
};
