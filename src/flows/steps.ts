import type { HttpClient, HttpRequestOptions, HttpResponse } from '../http/client.js';
import { sendLearning, unlearnedReason, type SendLearningOptions } from '../seed/lessons.js';
import type { Payload } from '../seed/payload.js';
import type { FlowResult, HttpExchange } from '../types.js';

/** A failed check, with the request and response that showed it. */
export class StepFailure extends Error {
  constructor(message: string, readonly exchange?: HttpExchange) {
    super(message);
  }
}

/**
 * A step that cannot run here (credentials the run lacks, no row to act on): skipped, with the reason.
 * `reached`: the request got to the endpoint, but the harness cannot verify the answer (its own limit,
 * e.g. a validation rule it could not satisfy): "reached, not verified".
 */
export class StepSkipped extends Error {
  constructor(message: string, readonly reached = false) {
    super(message);
  }
}

/** How a body is learnt: the endpoint's schema, the lessons so far, the row index, stored values. */
export type Learning = SendLearningOptions;

/** 401 and 403: the run's client may not do this, which is no defect of the service. */
export const refused = (status: number): boolean => status === 401 || status === 403;

/** Why a request was refused, for reports: anonymous runs lack credentials, signed-in ones a permission. */
export function refusal(method: string, status: number, signedIn: boolean): string {
  return signedIn
    ? `the signed-in user may not do this (${method} answered ${status})`
    : `needs authentication (${method} answered ${status}); set flows.authHeader or flows.superuser in enid.config.json`;
}

/**
 * The steps of one flow, reported as they finish. A step throws StepFailure to fail and StepSkipped to
 * be skipped; while `blocked` holds a reason, steps are skipped with it without running.
 */
export class FlowSteps {
  readonly results: FlowResult[] = [];
  blocked: string | undefined;
  private last: HttpExchange | undefined;

  constructor(private readonly http: HttpClient, readonly endpoint: string, private readonly onResult: (r: FlowResult) => void) {}

  /** Runs one step (or skips it while blocked); true when it passed. */
  async step(name: string, fn: () => Promise<void>): Promise<boolean> {
    const result: FlowResult = { name: `${this.endpoint} ${name}`, endpoint: this.endpoint, step: name, status: 'passed', durationMs: 0 };
    if (this.blocked) {
      Object.assign(result, { status: 'skipped', error: this.blocked });
    } else {
      const t = performance.now();
      try {
        await fn();
      } catch (err) {
        result.status = err instanceof StepSkipped ? 'skipped' : 'failed';
        result.error = err instanceof Error ? err.message : String(err);
        if (err instanceof StepSkipped && err.reached) result.reached = true;
        if (err instanceof StepFailure && err.exchange) result.exchange = err.exchange;
      }
      result.durationMs = performance.now() - t;
    }
    this.results.push(result);
    this.onResult(result);
    return result.status === 'passed';
  }

  /** Sends one request and remembers it as the exchange a failure will show. */
  async call(method: string, path: string, body?: unknown, options: Omit<HttpRequestOptions, 'body'> = {}): Promise<HttpResponse> {
    const res = await this.http.request(method, path, { ...options, ...(body === undefined ? {} : { body }) });
    const url = options.query ? `${path}?${new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)]))}` : path;
    this.last = { method, url, ...(body === undefined ? {} : { requestBody: body }), status: res.status, responseBody: truncate(res.body) };
    return res;
  }

  /**
   * Sends a body the harness made, learning from 400s that name fields with rules of the service's own
   * (seed/lessons.ts). A rule it still cannot satisfy skips the step as "reached, not verified"; a
   * refusal of a value the declared constraints allow fails it. Returns the answer and the body sent.
   */
  async send(method: string, path: string, payload: Payload, learning: Learning): Promise<{ res: HttpResponse; payload: Payload }> {
    const sent = await sendLearning((body) => this.call(method, path, body), payload, learning);
    if (sent.outcome === 'unlearned') throw new StepSkipped(unlearnedReason(sent.errors, sent.tries, learning.schema), true);
    if (sent.outcome === 'rejects-valid') {
      this.fail(`the service rejects a valid value: ${sent.judgement.because}; it answered ${JSON.stringify(sent.judgement.error.messages.slice(0, 2))}`);
    }
    return { res: sent.res, payload: sent.payload };
  }

  /** A failure naming the last request and its response. */
  fail(message: string): never {
    throw new StepFailure(message, this.last);
  }

  expectStatus(res: HttpResponse, ...statuses: number[]): void {
    if (!statuses.includes(res.status)) this.fail(`expected HTTP ${statuses.join(' or ')}, got ${res.status}`);
  }
}

function truncate(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text !== undefined && text.length > 2000) return `${text.slice(0, 2000)}… (${text.length} characters)`;
  return body;
}

/** Whether a 400 body names the field (at the top level, or anywhere in a nested error). */
export function namesField(body: unknown, field: string): boolean {
  if (body && typeof body === 'object' && field in (body as object)) return true;
  return JSON.stringify(body ?? '').includes(field);
}
