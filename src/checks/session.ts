/**
 * Every request of the checks phase goes through one session: it tags the request with an id (so the
 * server's traceback can be found in its log), keeps each endpoint within its budget, counts the
 * status codes each endpoint answered, reads the statements a request ran when asked, and turns any
 * exchange into a reproduction.
 */
import type { HttpClient, HttpResponse } from '../http/client.js';
import type { StatementCounter } from '../database/pg-stats.js';
import type { StatementStat } from '../database/types.js';
import { curlLine, shownHeaders } from './curl.js';
import { REQUEST_ID_HEADER } from './request-hook.js';
import { environmental, type TracebackCollector } from './tracebacks.js';
import type { CheckFinding, CheckName, FindingLevel, Reproduction } from './types.js';

/** Who sends a request: the run's user, the second user, or nobody signed in. */
export type Who = 'a' | 'b' | 'anonymous';

export interface CheckRequest {
  method: string;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Sent as it is (a malformed JSON document, a text body), with its own Content-Type. */
  raw?: { text: string; contentType: string };
  /** Read the statements this request ran (pg_stat_statements, reset before it). */
  measure?: boolean;
}

/** One exchange as the phase saw it. */
export interface Sent {
  who: Who;
  endpoint: string;
  method: string;
  /** Path with the query string, as sent. */
  url: string;
  requestId: string;
  body?: unknown;
  raw?: { text: string; contentType: string };
  /** 0 when no response came (connection closed or timed out). */
  status: number;
  response?: HttpResponse;
  statements?: StatementStat[];
  traceback?: string[];
  /** A first try answered 5xx (or nothing) and the same request, sent again, did not: the status it had. */
  transient?: number;
}

export interface SessionOptions {
  clients: Partial<Record<Who, HttpClient>>;
  /** The published URL the run reaches the service at (for the curl line). */
  baseUrl: string;
  maxRequestsPerEndpoint: number;
  /** Nothing is sent after this moment (performance.now()). */
  deadline: number;
  counter?: StatementCounter;
  tracebacks?: TracebackCollector;
  /** Header names a TLS proxy adds (shown as they are). */
  proxyHeaders?: readonly string[];
  signal?: AbortSignal;
}

// Long enough for a slow view; a hung request costs one endpoint this much, never the run.
const REQUEST_TIMEOUT_MS = 15_000;
// How long the traceback of a 5xx may take to arrive through the log stream.
const TRACEBACK_WAIT_MS = 3_000;
const SUFFIX: Record<Who, string> = { a: '', b: '_B', anonymous: '' };

/** The request runner and findings list of one checks phase. */
export class CheckSession {
  readonly findings: CheckFinding[] = [];
  private readonly sentTo = new Map<string, number>();
  private readonly statuses = new Map<string, Record<string, number>>();
  private readonly exhausted = new Set<string>();
  private seq = 0;

  constructor(private readonly options: SessionOptions) {}

  has(who: Who): boolean {
    return this.options.clients[who] !== undefined;
  }

  get total(): number {
    return this.seq;
  }

  /** Whether `endpoint` can take `count` more requests (and the phase has time left). */
  canSend(endpoint: string, count = 1): boolean {
    return !this.stopped() && (this.sentTo.get(endpoint) ?? 0) + count <= this.options.maxRequestsPerEndpoint;
  }

  stopped(): boolean {
    return this.options.signal?.aborted === true || performance.now() > this.options.deadline;
  }

  /** Endpoints whose budget ran out, for the report's notes. */
  budgetSpent(): string[] {
    return [...this.exhausted].sort();
  }

  /**
   * Sends one request as `who` to an endpoint (the budget is the endpoint's); undefined when the budget
   * is spent, the phase is out of time, or `who` has no client.
   */
  async send(who: Who, endpoint: string, req: CheckRequest): Promise<Sent | undefined> {
    const first = await this.sendOnce(who, endpoint, req);
    if (!first || (first.status !== 0 && first.status < 500) || !this.canSend(endpoint)) return first;
    // The service's own exception is its own fault as it stands (and a write it made before failing
    // would make the same request fail otherwise the second time).
    if (first.traceback && !environmental(first.traceback)) return first;
    // Without one, the error is sent once more: one the service makes comes back, one a loaded machine
    // made (a worker killed on its timeout, a database restarting) does not, and is no finding.
    const again = await this.sendOnce(who, endpoint, req);
    if (!again) return first;
    if (again.status !== 0 && again.status < 500) return { ...again, transient: first.status };
    return again.traceback || !first.traceback ? again : { ...again, traceback: first.traceback };
  }

  private async sendOnce(who: Who, endpoint: string, req: CheckRequest): Promise<Sent | undefined> {
    const client = this.options.clients[who];
    if (!client) return undefined;
    if (!this.canSend(endpoint)) {
      if (!this.stopped()) this.exhausted.add(endpoint);
      return undefined;
    }
    this.sentTo.set(endpoint, (this.sentTo.get(endpoint) ?? 0) + 1);
    this.seq += 1;
    const requestId = `enid-${this.seq}`;
    const method = req.method.toUpperCase();
    const query = req.query ? new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)])).toString() : '';
    const url = query ? `${req.path}?${query}` : req.path;
    const counter = req.measure ? this.options.counter : undefined;
    if (counter) await counter.reset().catch(() => undefined);
    let response: HttpResponse | undefined;
    try {
      response = await client.request(method, url, {
        headers: { [REQUEST_ID_HEADER]: requestId },
        timeoutMs: REQUEST_TIMEOUT_MS,
        ...(req.raw ? { rawBody: req.raw } : req.body !== undefined ? { body: req.body } : {}),
      });
    } catch {
      response = undefined;
    }
    const sent: Sent = {
      who, endpoint, method, url, requestId, status: response?.status ?? 0,
      ...(req.body !== undefined ? { body: req.body } : {}), ...(req.raw ? { raw: req.raw } : {}), ...(response ? { response } : {}),
    };
    const key = `${endpoint}\u0000${method}`;
    const counts = this.statuses.get(key) ?? {};
    counts[String(sent.status)] = (counts[String(sent.status)] ?? 0) + 1;
    this.statuses.set(key, counts);
    if (counter) sent.statements = await counter.take().catch(() => undefined);
    // Django answers an uncaught exception with 500: only then is there a traceback to wait for.
    if (sent.status === 500 && this.options.tracebacks) {
      const traceback = await this.options.tracebacks.wait(requestId, TRACEBACK_WAIT_MS);
      if (traceback) sent.traceback = traceback;
    }
    return sent;
  }

  /** The status codes each endpoint answered, by method, in a stable order. */
  statusTable(): Array<{ endpoint: string; method: string; statuses: Record<string, number> }> {
    return [...this.statuses.entries()]
      .map(([key, statuses]) => {
        const [endpoint, method] = key.split('\u0000') as [string, string];
        return { endpoint, method, statuses: Object.fromEntries(Object.entries(statuses).sort(([a], [b]) => Number(a) - Number(b))) };
      })
      .sort((x, y) => x.endpoint.localeCompare(y.endpoint) || x.method.localeCompare(y.method));
  }

  /** The exchange as a reproduction: curl line, request, response, traceback and statements when there are. */
  reproduce(sent: Sent, extra: Partial<Pick<Reproduction, 'statements'>> = {}): Reproduction {
    const client = this.options.clients[sent.who];
    const sentHeaders: Record<string, string> = { ...(client ? client.headersFor(sent.method, sent.url) : {}), [REQUEST_ID_HEADER]: sent.requestId };
    const bodyText = sent.raw ? sent.raw.text : sent.body !== undefined ? JSON.stringify(sent.body) : undefined;
    if (bodyText !== undefined) sentHeaders['content-type'] = sent.raw?.contentType ?? 'application/json';
    const headers = shownHeaders(sentHeaders, SUFFIX[sent.who], this.options.proxyHeaders);
    const url = new URL(sent.url, this.options.baseUrl).toString();
    const statements = extra.statements ?? (sent.statements?.length ? sent.statements.map((s) => `${s.calls}× ${s.query}`) : undefined);
    return {
      curl: curlLine(sent.method, url, headers, bodyText),
      request: { method: sent.method, url: sent.url, headers, ...(bodyText !== undefined ? { body: sent.raw ? sent.raw.text : sent.body } : {}) },
      ...(sent.response ? { response: { status: sent.status, ...(sent.response.text ? { body: truncate(sent.response.body) } : {}) } } : {}),
      ...(sent.traceback ? { traceback: sent.traceback } : {}),
      ...(statements ? { statements } : {}),
    };
  }

  /** Files a finding with the reproduction of `sent`. */
  report(check: CheckName, level: FindingLevel, sent: Sent, message: string, extra: Partial<Pick<Reproduction, 'statements'>> = {}): CheckFinding {
    const finding: CheckFinding = { check, endpoint: sent.endpoint, method: sent.method, level, message, reproduction: this.reproduce(sent, extra) };
    this.findings.push(finding);
    return finding;
  }
}

/** Bodies are kept whole up to 2 000 characters; longer ones are cut, saying how long they were. */
export function truncate(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text !== undefined && text.length > 2000) return `${text.slice(0, 2000)}… (${text.length} characters)`;
  return body;
}
