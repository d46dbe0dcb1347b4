import type { HttpClient, HttpResponse } from '../http/client.js';
import { pathOf } from '../http/client.js';
import { invalidPayloads } from '../seed/invalid.js';
import type { PayloadGenerator, RelatedIds } from '../seed/payload.js';
import type { EndpointSchema } from '../seed/schema.js';
import type { FlowResult, HttpExchange } from '../types.js';
import { echoMismatches } from './compare.js';

const MAX_PAGES = 20;
/** Flow rows use indexes far above seeded rows, so unique-looking values never collide with them. */
const FLOW_INDEX_BASE = 1_000_000;

class StepFailure extends Error {
  constructor(message: string, readonly exchange?: HttpExchange) {
    super(message);
  }
}

/**
 * The generated end-to-end flow of one collection: create, list (count and pagination), retrieve,
 * update, partial update, delete, 404 after delete, and 400 for each invalid payload the schema proves.
 * A step that fails skips the steps that need its result, and names the request and the response.
 */
export async function runCrudFlow(http: HttpClient, schema: EndpointSchema, generator: PayloadGenerator, relatedIds: RelatedIds, onResult: (r: FlowResult) => void): Promise<FlowResult[]> {
  const results: FlowResult[] = [];
  const endpoint = schema.path;
  let blocked: string | undefined;
  const step = async (name: string, fn: () => Promise<void>): Promise<boolean> => {
    const result: FlowResult = { name: `${endpoint} ${name}`, endpoint, step: name, status: 'passed', durationMs: 0 };
    if (blocked) {
      Object.assign(result, { status: 'skipped', error: blocked });
    } else {
      const t = performance.now();
      try {
        await fn();
      } catch (err) {
        result.status = 'failed';
        result.error = err instanceof Error ? err.message : String(err);
        if (err instanceof StepFailure && err.exchange) result.exchange = err.exchange;
      }
      result.durationMs = performance.now() - t;
    }
    results.push(result);
    onResult(result);
    return result.status === 'passed';
  };
  const call = async (method: string, path: string, body?: unknown): Promise<HttpResponse> => {
    const res = await http.request(method, path, body === undefined ? {} : { body });
    lastExchange = { method, url: path, ...(body === undefined ? {} : { requestBody: body }), status: res.status, responseBody: truncate(res.body) };
    return res;
  };
  let lastExchange: HttpExchange | undefined;
  const expectStatus = (res: HttpResponse, ...statuses: number[]): void => {
    if (!statuses.includes(res.status)) throw new StepFailure(`expected HTTP ${statuses.join(' or ')}, got ${res.status}`, lastExchange);
  };

  const before = await http.get(endpoint).catch(() => undefined);
  let authBlocked: string | undefined;
  if (before && (before.status === 401 || before.status === 403)) {
    authBlocked = `needs authentication (GET answered ${before.status}); set flows.authHeader in enid.config.json`;
  }
  blocked = authBlocked;
  const countBefore = before ? countOf(before.body) : undefined;
  const valid = generator.generate(schema, { relatedIds, index: FLOW_INDEX_BASE });
  let detail = '';

  // A row that was created with a wrong echo still exists: the later steps run on it, so one run
  // shows every defect of the endpoint, not just the first.
  let rowCreated = false;
  await step('create', async () => {
    const res = await call('POST', endpoint, valid);
    if (res.status === 401 || res.status === 403) {
      authBlocked = `needs authentication (POST answered ${res.status}); set flows.authHeader in enid.config.json`;
      throw new StepFailure(authBlocked, lastExchange);
    }
    expectStatus(res, 201);
    const created = res.body as Record<string, unknown>;
    detail = detailPath(endpoint, created);
    rowCreated = detail !== '' && !detail.endsWith('/undefined/');
    const mismatches = echoMismatches(valid, created, schema.fields);
    if (mismatches.length) throw new StepFailure(`the created row does not echo what was sent: ${mismatches.join('; ')}`, lastExchange);
  });
  if (!rowCreated) blocked = authBlocked ?? 'create failed';

  await step('list', async () => {
    const res = await call('GET', endpoint);
    expectStatus(res, 200);
    const count = countOf(res.body);
    if (countBefore !== undefined && count !== undefined && count !== countBefore + 1) {
      throw new StepFailure(`expected ${countBefore + 1} rows after create, the list says ${count}`, lastExchange);
    }
    await walkPages(res.body, call);
  });
  await step('retrieve', async () => {
    const res = await call('GET', detail);
    expectStatus(res, 200);
    const mismatches = echoMismatches(valid, res.body, schema.fields);
    if (mismatches.length) throw new StepFailure(`the stored row differs from what was sent: ${mismatches.join('; ')}`, lastExchange);
  });
  await step('update', async () => {
    const replacement = generator.generate(schema, { relatedIds, index: FLOW_INDEX_BASE + 1 });
    const res = await call('PUT', detail, replacement);
    expectStatus(res, 200);
    const mismatches = echoMismatches(replacement, res.body, schema.fields);
    if (mismatches.length) throw new StepFailure(`PUT did not store what was sent: ${mismatches.join('; ')}`, lastExchange);
  });
  await step('partial update', async () => {
    const patch = generator.generate(schema, { relatedIds, index: FLOW_INDEX_BASE + 2 });
    const field = schema.writableFields.find((f) => f.kind !== 'related' && patch[f.name] !== undefined);
    if (!field) return;
    const body = { [field.name]: patch[field.name] };
    const res = await call('PATCH', detail, body);
    expectStatus(res, 200);
    const mismatches = echoMismatches(body, res.body, schema.fields);
    if (mismatches.length) throw new StepFailure(`PATCH did not store what was sent: ${mismatches.join('; ')}`, lastExchange);
  });
  let deleted = false;
  await step('delete', async () => {
    const res = await call('DELETE', detail);
    deleted = res.status >= 200 && res.status < 300;
    expectStatus(res, 204);
  });
  if (!deleted) blocked ??= 'delete failed';
  await step('404 after delete', async () => {
    const res = await call('GET', detail);
    if (res.status !== 404) throw new StepFailure(`the row is still there after DELETE: GET answered ${res.status}, expected 404`, lastExchange);
  });
  // Invalid payloads need no row, only the collection: they run unless authentication is missing.
  blocked = authBlocked;

  for (const bad of invalidPayloads(schema, valid)) {
    await step(`400 on ${bad.detail}`, async () => {
      const res = await call('POST', endpoint, bad.payload);
      expectStatus(res, 400);
      if (!namesField(res.body, bad.field)) throw new StepFailure(`the 400 body does not name the field "${bad.field}"`, lastExchange);
    });
  }
  return results;
}

function countOf(body: unknown): number | undefined {
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object' && typeof (body as { count?: unknown }).count === 'number') return (body as { count: number }).count;
  return undefined;
}

/** Follows `next` links (bounded), checking that pages do not repeat rows and that `previous` leads back. */
async function walkPages(first: unknown, call: (m: string, p: string) => Promise<HttpResponse>): Promise<void> {
  let page = first as { next?: string | null; previous?: string | null; results?: Array<Record<string, unknown>> };
  if (!page || !Array.isArray(page.results)) return;
  const seen = new Set<string>();
  for (let i = 0; i < MAX_PAGES; i++) {
    for (const row of page.results ?? []) {
      const key = JSON.stringify(row.id ?? row.pk ?? row.url ?? row);
      if (seen.has(key)) throw new StepFailure(`pagination repeats the row ${key} on page ${i + 1}`);
      seen.add(key);
    }
    if (!page.next) return;
    const res = await call('GET', pathOf(page.next));
    if (res.status !== 200) throw new StepFailure(`following next (${pathOf(page.next)}) answered ${res.status}`);
    const nextPage = res.body as typeof page;
    if (i === 0 && !nextPage.previous) throw new StepFailure('page 2 has no previous link');
    page = nextPage;
  }
}

function detailPath(endpoint: string, row: Record<string, unknown>): string {
  if (typeof row.url === 'string' && /^https?:\/\//.test(row.url)) return pathOf(row.url);
  const id = row.id ?? row.pk ?? row.uuid;
  return `${endpoint.replace(/\/?$/, '/')}${String(id)}/`;
}

function namesField(body: unknown, field: string): boolean {
  if (body && typeof body === 'object' && field in (body as object)) return true;
  return JSON.stringify(body ?? '').includes(field);
}

function truncate(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text !== undefined && text.length > 2000) return `${text.slice(0, 2000)}… (${text.length} characters)`;
  return body;
}
