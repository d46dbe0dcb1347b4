import createDebug from 'debug';
import type { HttpClient, HttpResponse } from '../http/client.js';
import type { SeedEndpointResult, SeedReport } from '../types.js';
import { orderByDependencies } from '../api/dependencies.js';
import type { ApiMap, Row } from '../api/endpoints.js';
import { fillFromLists } from './existing-rows.js';
import { MAX_TRIES, PayloadLessons, sendLearning, unlearnedReason, type LearnedSend } from './lessons.js';
import { createPayloadGenerator, type Payload, type RelatedIds } from './payload.js';
import { keepScalars, relatedIdsFor, rowId } from '../api/related.js';
import { buildResources, type ResourceMap } from '../api/resources.js';

const debug = createDebug('enid:seed');

/** How much to seed, how fast, and with what knowledge of the API. */
export interface SeedOptions {
  seed: number;
  rows: number;
  concurrency: number;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** The client carries credentials: a refusal then means a missing permission, not a missing sign-in. */
  signedIn?: boolean;
  /** The endpoint kinds the probe found; without it, the API map's collections (sign-in views left out). */
  resources?: ResourceMap;
  /** What 400s taught about the service's own rules (shared with the flows). */
  lessons?: PayloadLessons;
  /** Rows for one collection when not `rows` (the seed phase sends a few through the API, the rest by COPY). */
  rowsFor?: (path: string) => number;
}

/** What seeding through the API leaves: the report, the ids and rows created, and what each collection's relations pointed at. */
export interface SeedApiResult {
  report: SeedReport;
  created: ApiMap['created'];
  rows: NonNullable<ApiMap['rows']>;
  /** The related ids each collection's payloads were given, by collection path. */
  related: Record<string, RelatedIds>;
}

/**
 * POSTs `rows` generated rows to every collection that accepts JSON, parents before children, with
 * bounded concurrency over the one keep-alive pool. Only collections are seeded: never a sign-in,
 * schema or admin view, a singleton or an action. Returns the report, the ids and the rows created.
 */
export async function seedApi(http: HttpClient, api: ApiMap, options: SeedOptions): Promise<SeedApiResult> {
  const started = performance.now();
  const generator = createPayloadGenerator({ seed: options.seed });
  const lessons = options.lessons ?? new PayloadLessons();
  const resources = options.resources ?? buildResources(undefined, api);
  const plan = orderByDependencies(resources.collections.filter((c) => c.methods.includes('POST') && c.guarded === undefined).map((c) => c.schema));
  const created: ApiMap['created'] = {};
  const kept: NonNullable<ApiMap['rows']> = {};
  const endpoints: SeedEndpointResult[] = [];
  const related: Record<string, RelatedIds> = {};
  const rowsOf = (path: string): number => options.rowsFor?.(path) ?? options.rows;
  const total = plan.order.reduce((n, s) => n + rowsOf(s.path), 0);
  let done = 0;

  for (const schema of plan.order) {
    const t = performance.now();
    const result: SeedEndpointResult = { path: schema.path, created: 0, failed: 0, durationMs: 0, errors: [] };
    endpoints.push(result);
    const ids: Array<string | number> = (created[schema.path] = []);
    const missing = plan.unresolved.filter((u) => u.endpoint === schema.path && u.required).map((u) => u.field);
    if (schema.needsMultipart || missing.length) {
      // What a JSON body cannot carry, or targets the run cannot find: the harness's limit, not the service's fault.
      result.skipped = schema.needsMultipart ? 'a required field is a file upload, which a JSON body cannot carry: not seeded' : `no collection holds the targets of required ${missing.join(', ')}: not seeded`;
      continue;
    }
    const { related: relatedIds, empty } = await fillFromLists(http, plan, schema.path, relatedIdsFor(plan, schema.path, { created, rows: kept }));
    related[schema.path] = relatedIds;
    if (empty.length) {
      // The parent could not be written (or wrote nothing): a consequence, reported on the parent.
      const targets = [...new Set(plan.relations.filter((r) => r.endpoint === schema.path && empty.includes(r.field)).map((r) => r.target))];
      result.skipped = `no row of ${targets.join(', ')} to point ${empty.join(', ')} at: not seeded`;
      continue;
    }
    const count = rowsOf(schema.path);
    const rowIds: Array<string | number | undefined> = new Array(count);
    const rowBodies: Array<Row | undefined> = new Array(count);
    const stop = new AbortController();
    // The first row learns the service's own rules (a bounded retry on a 400 naming fields); the rest reuse them.
    const post = (body: Payload): Promise<HttpResponse> => http.request('POST', schema.path, { body }).catch((err: Error) => ({ status: 0, body: err.message, headers: {}, text: err.message, durationMs: 0 }));
    const send = (index: number, tries: number): Promise<LearnedSend> => sendLearning(post, generator.generate(schema, { relatedIds, index }), {
      schema, lessons, index, maxTries: tries, stored: (f) => (kept[schema.path] ?? []).map((r) => r[f.name]),
    });
    const first = count > 0 ? await send(0, MAX_TRIES) : undefined;
    if (first?.outcome === 'unlearned') {
      result.skipped = unlearnedReason(first.errors, first.tries, schema);
      result.durationMs = performance.now() - t;
      continue;
    }
    await forEachLimited(count, options.concurrency, AbortSignal.any([stop.signal, ...(options.signal ? [options.signal] : [])]), async (index) => {
      const sent = index === 0 ? first! : await send(index, 3);
      const res = sent.res;
      if (res.status === 401 || res.status === 403) {
        // Not a defect of the service: the run has no credentials for it. Say so once and move on.
        result.skipped ??= options.signedIn
          ? `the signed-in user may not create here (POST answered ${res.status})`
          : `needs authentication (POST answered ${res.status}); set flows.authHeader or flows.superuser in enid.config.json`;
        stop.abort();
      } else if (res.status === 201 || res.status === 200) {
        result.created += 1;
        rowBodies[index] = keepScalars(res.body);
        rowIds[index] = rowBodies[index] && rowId(rowBodies[index]);
      } else {
        result.failed += 1;
        const why = sent.outcome === 'rejects-valid' ? ` (${sent.judgement.because})` : sent.outcome === 'unlearned' ? ` (${unlearnedReason(sent.errors, sent.tries, schema)})` : '';
        if (result.errors.length < 3) result.errors.push(`POST ${schema.path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}${why}`);
      }
      done += 1;
      if (done % 50 === 0 || done === total) options.onProgress?.(`seeding ${done}/${total} rows`);
    });
    // Ids in row order, not completion order: children then reference the same parents on every run.
    ids.push(...rowIds.filter((id): id is string | number => id !== undefined));
    kept[schema.path] = rowBodies.filter((r): r is Row => r !== undefined);
    result.durationMs = performance.now() - t;
    debug('%s: %d created, %d failed in %d ms', schema.path, result.created, result.failed, Math.round(result.durationMs));
  }
  const durationMs = performance.now() - started;
  const rows = endpoints.reduce((n, e) => n + e.created, 0);
  return {
    report: { seed: options.seed, rows, endpoints, durationMs, rowsPerSecond: durationMs > 0 ? (rows / durationMs) * 1000 : 0 },
    created,
    rows: kept,
    related,
  };
}

/** Runs `task(0..count-1)` with at most `limit` in flight; stops starting new ones once aborted. */
async function forEachLimited(count: number, limit: number, signal: AbortSignal | undefined, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !signal?.aborted) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}
