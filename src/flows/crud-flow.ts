import type { HttpClient } from '../http/client.js';
import { pathOf } from '../http/client.js';
import type { ProbePagination } from '../probe/types.js';
import type { Row } from '../api/endpoints.js';
import { invalidPayloads } from '../seed/invalid.js';
import type { PayloadGenerator, RelatedIds } from '../seed/payload.js';
import { keepScalars, lookupValue, rowId } from '../api/related.js';
import type { DetailRoute } from '../api/resource-types.js';
import { fillRoute, routeParams, unknownValue } from '../api/route-path.js';
import type { EndpointSchema, FieldSchema } from '../api/schema.js';
import type { FlowResult } from '../types.js';
import { echoMismatches } from './compare.js';
import { listStep } from './list-step.js';
import { FlowSteps, namesField, refusal, refused, StepSkipped, type Learning } from './steps.js';
import { PayloadLessons } from '../seed/lessons.js';

/** Flow rows use indexes far above seeded rows, so unique-looking values never collide with them. */
export const FLOW_INDEX_BASE = 1_000_000;

/** What the probe adds to a collection's flow; without it, every step runs and rows are found by URL or id. */
export interface CrudOptions {
  /** Methods the collection handles (default GET and POST). */
  methods?: string[];
  /** The detail route; null when the service has none (no detail steps). Default: the row's `url`, else `<endpoint><id>/`. */
  detail?: DetailRoute | null;
  /** The list's pagination (null: none); undefined when unknown. */
  pagination?: ProbePagination | null;
  /** Rows that exist already (seeded), retrieved when the flow cannot create its own. */
  existing?: readonly Row[];
  /** Why the flow cannot write here (a required relation without rows, a file upload): write steps are skipped. */
  cannotWrite?: string;
  /** The client carries credentials: a 401/403 then means a missing permission, not missing sign-in. */
  signedIn?: boolean;
  /** What the service's 400s taught so far (shared with seeding); new lessons are added to it. */
  lessons?: PayloadLessons;
}

/**
 * The generated end-to-end flow of one collection: create, list (count and pagination), retrieve,
 * update, partial update, delete, 404 after delete, 404 on an id no row has, and 400 for each invalid
 * payload the schema proves,
 * each as far as the view allows the method. A step that fails skips the steps that need its result,
 * and names the request and the response. Refused writes (401/403) are skipped, never failures: a
 * read-only client still lists and retrieves.
 */
export async function runCrudFlow(http: HttpClient, schema: EndpointSchema, generator: PayloadGenerator, relatedIds: RelatedIds, onResult: (r: FlowResult) => void, options: CrudOptions = {}): Promise<FlowResult[]> {
  const endpoint = schema.path;
  const steps = new FlowSteps(http, endpoint, onResult);
  const methods = new Set(options.methods ?? ['GET', 'POST']);
  const detail = options.detail;
  const detailMethods = new Set(detail === undefined ? ['GET', 'PUT', 'PATCH', 'DELETE'] : detail?.methods ?? []);
  const keyOf = (row: Row): string => String((detail ? lookupValue(row, detail.lookupField) : undefined) ?? rowId(row) ?? JSON.stringify(row));
  // A lookup no row has, shaped like the rows' own: the detail view must answer 404, not 500.
  const unknownPath = (sample?: Row): string | undefined => {
    const key = sample ? (detail ? lookupValue(sample, detail.lookupField) : rowId(sample)) : undefined;
    const param = (detail && routeParams(detail.route).find((p) => p.name === detail.kwarg)) || { converter: 'regex' };
    const value = unknownValue(param, key as string | number | undefined);
    return detail ? fillRoute(detail.route, { [detail.kwarg]: value }) : `${endpoint.replace(/\/?$/, '/')}${value}/`;
  };
  const pathFor = (row: Row): string | undefined => {
    if (detail) {
      const value = lookupValue(row, detail.lookupField);
      const filled = value === undefined ? undefined : fillRoute(detail.route, { [detail.kwarg]: value });
      return filled ?? (typeof row.url === 'string' && /^https?:\/\//.test(row.url) ? pathOf(row.url) : undefined);
    }
    return legacyDetailPath(endpoint, row);
  };

  const before = methods.has('GET') ? await http.get(endpoint).catch(() => undefined) : undefined;
  const authBlocked = before && refused(before.status) ? refusal('GET', before.status, options.signedIn === true) : undefined;
  steps.blocked = authBlocked;
  const lessons = options.lessons ?? new PayloadLessons();
  const stored = (rows: () => readonly Row[]) => (field: FieldSchema): unknown[] => rows().map((r) => r[field.name]);
  const learning = (s: EndpointSchema, index: number): Learning => ({ schema: s, lessons, index, stored: stored(() => options.existing ?? []) });
  let valid = generator.generate(schema, { relatedIds, index: FLOW_INDEX_BASE });
  let writeBlocked = options.cannotWrite;
  let writeRefused: string | undefined;

  // A row that was created with a wrong echo still exists: the later steps run on it, so one run
  // shows every defect of the endpoint, not just the first.
  let created: Row | undefined;
  let rowPath: string | undefined;
  if (methods.has('POST')) {
    await steps.step('create', async () => {
      if (writeBlocked) throw new StepSkipped(writeBlocked);
      const sent = await steps.send('POST', endpoint, valid, learning(schema, FLOW_INDEX_BASE));
      const res = sent.res;
      // The body the service accepted (with what its 400s taught) is the one every later check compares with.
      valid = sent.payload;
      if (refused(res.status)) throw new StepSkipped((writeBlocked = writeRefused = refusal('POST', res.status, options.signedIn === true)));
      steps.expectStatus(res, 201);
      created = keepScalars(res.body) ?? {};
      rowPath = pathFor(created);
      const mismatches = echoMismatches(valid, res.body, schema.fields);
      if (mismatches.length) steps.fail(`the created row does not echo what was sent: ${mismatches.join('; ')}`);
    });
  }

  if (methods.has('GET')) await listStep(steps, { endpoint, before: before?.body, created, pagination: options.pagination, keyOf });

  const hasDetail = detail !== null;
  // Without a row of its own the flow still reads one that exists; it never changes rows it did not make.
  const existing = created ? undefined : options.existing?.find((r) => pathFor(r) !== undefined);
  if (hasDetail && detailMethods.has('GET')) {
    await steps.step('retrieve', async () => {
      const path = rowPath ?? (existing && pathFor(existing));
      if (!path) throw new StepSkipped(created ? 'the created row has no field that leads to its detail route' : `no row to retrieve (${writeBlocked ?? 'none created'})`);
      const res = await steps.call('GET', path);
      steps.expectStatus(res, 200);
      const mismatches = created ? echoMismatches(valid, res.body, schema.fields) : [];
      if (mismatches.length) steps.fail(`the stored row differs from what was sent: ${mismatches.join('; ')}`);
    });
  }
  const writeSchema = detail?.schema ?? schema;
  const noRow = (): string => (created ? 'the created row has no field that leads to its detail route' : writeBlocked ? `no row of its own (${writeBlocked})` : 'create failed');
  if (hasDetail && detailMethods.has('PUT')) {
    await steps.step('update', async () => {
      if (!rowPath) throw new StepSkipped(noRow());
      const sent = await steps.send('PUT', rowPath, generator.generate(writeSchema, { relatedIds, index: FLOW_INDEX_BASE + 1 }), learning(writeSchema, FLOW_INDEX_BASE + 1));
      const { res, payload: replacement } = sent;
      if (refused(res.status)) throw new StepSkipped(refusal('PUT', res.status, options.signedIn === true));
      steps.expectStatus(res, 200);
      const mismatches = echoMismatches(replacement, res.body, writeSchema.fields);
      if (mismatches.length) steps.fail(`PUT did not store what was sent: ${mismatches.join('; ')}`);
    });
  }
  if (hasDetail && detailMethods.has('PATCH')) {
    await steps.step('partial update', async () => {
      if (!rowPath) throw new StepSkipped(noRow());
      const patch = lessons.apply(writeSchema, generator.generate(writeSchema, { relatedIds, index: FLOW_INDEX_BASE + 2 }), FLOW_INDEX_BASE + 2);
      // A field whose rules the probe fully knows, when there is one: the PATCH then tests what it says.
      const candidates = writeSchema.writableFields.filter((f) => f.kind !== 'related' && !f.writeOnly && patch[f.name] !== undefined);
      const field = candidates.find((f) => !f.customValidation) ?? candidates[0];
      if (!field) return;
      const sent = await steps.send('PATCH', rowPath, { [field.name]: patch[field.name] }, learning(writeSchema, FLOW_INDEX_BASE + 2));
      const { res, payload: body } = sent;
      if (refused(res.status)) throw new StepSkipped(refusal('PATCH', res.status, options.signedIn === true));
      steps.expectStatus(res, 200);
      const mismatches = echoMismatches(body, res.body, writeSchema.fields);
      if (mismatches.length) steps.fail(`PATCH did not store what was sent: ${mismatches.join('; ')}`);
    });
  }
  if (hasDetail && detailMethods.has('DELETE')) {
    let deleted = false;
    await steps.step('delete', async () => {
      if (!rowPath) throw new StepSkipped(noRow());
      const res = await steps.call('DELETE', rowPath);
      if (refused(res.status)) throw new StepSkipped(refusal('DELETE', res.status, options.signedIn === true));
      deleted = res.status >= 200 && res.status < 300;
      steps.expectStatus(res, 204);
    });
    if (detailMethods.has('GET')) {
      if (!deleted) steps.blocked ??= rowPath ? 'delete failed' : noRow();
      await steps.step('404 after delete', async () => {
        const res = await steps.call('GET', rowPath!);
        if (res.status !== 404) steps.fail(`the row is still there after DELETE: GET answered ${res.status}, expected 404`);
      });
    }
  }
  if (hasDetail && detailMethods.has('GET')) {
    // Needs no row: it reaches the detail view even where the run could create none.
    steps.blocked = authBlocked;
    await steps.step('404 on unknown id', async () => {
      const path = unknownPath(created ?? existing);
      if (!path) throw new StepSkipped('the detail route takes no single lookup value');
      const res = await steps.call('GET', path);
      if (refused(res.status)) throw new StepSkipped(refusal('GET', res.status, options.signedIn === true));
      if (res.status !== 404) steps.fail(`GET of a row that does not exist answered ${res.status}, expected 404`);
    });
  }
  // Invalid payloads need no row, only the collection: they run unless the run may not write here.
  steps.blocked = authBlocked ?? writeRefused;
  if (methods.has('POST')) {
    for (const bad of invalidPayloads(schema, valid)) {
      await steps.step(`400 on ${bad.detail}`, async () => {
        const res = await steps.call('POST', endpoint, bad.payload);
        // The view checks permissions before the body: a refusal says nothing of validation.
        if (refused(res.status)) throw new StepSkipped((steps.blocked = refusal('POST', res.status, options.signedIn === true)));
        steps.expectStatus(res, 400);
        if (!namesField(res.body, bad.field)) steps.fail(`the 400 body does not name the field "${bad.field}"`);
      });
    }
  }
  return steps.results;
}

function legacyDetailPath(endpoint: string, row: Row): string | undefined {
  if (typeof row.url === 'string' && /^https?:\/\//.test(row.url)) return pathOf(row.url);
  const id = row.id ?? row.pk ?? row.uuid;
  return id === undefined ? undefined : `${endpoint.replace(/\/?$/, '/')}${String(id)}/`;
}
