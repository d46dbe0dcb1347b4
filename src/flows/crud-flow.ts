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
  const flow = new CrudFlow(http, schema, generator, relatedIds, onResult, options);
  const methods = new Set(options.methods ?? ['GET', 'POST']);
  const before = methods.has('GET') ? await http.get(schema.path).catch(() => undefined) : undefined;
  flow.start(before);
  if (methods.has('POST')) await flow.create();
  if (methods.has('GET')) await listStep(flow.steps, { endpoint: schema.path, before: before?.body, created: flow.created, pagination: options.pagination, keyOf: (row) => flow.keyOf(row) });
  const detail = flow.detailMethods;
  if (detail.has('GET')) await flow.retrieve();
  if (detail.has('PUT')) await flow.update();
  if (detail.has('PATCH')) await flow.partialUpdate();
  if (detail.has('DELETE')) await flow.remove(detail.has('GET'));
  if (detail.has('GET')) await flow.unknownRow();
  if (methods.has('POST')) await flow.invalidPayloads();
  return flow.steps.results;
}

/** One collection's flow: the row it created, where that row lives, and why later steps cannot run. */
class CrudFlow {
  readonly steps: FlowSteps;
  /** Methods the detail route handles; none when the service has no detail route. */
  readonly detailMethods: Set<string>;
  /** A row that was created with a wrong echo still exists: later steps run on it, so one run shows every defect. */
  created?: Row;
  private rowPath?: string;
  private existing?: Row;
  private valid: Record<string, unknown>;
  private authBlocked?: string;
  private writeBlocked?: string;
  private writeRefused?: string;
  private readonly lessons: PayloadLessons;
  private readonly endpoint: string;
  private readonly detail: DetailRoute | null | undefined;

  constructor(http: HttpClient, private readonly schema: EndpointSchema, private readonly generator: PayloadGenerator, private readonly relatedIds: RelatedIds, onResult: (r: FlowResult) => void, private readonly options: CrudOptions) {
    this.endpoint = schema.path;
    this.steps = new FlowSteps(http, this.endpoint, onResult);
    this.detail = options.detail;
    this.detailMethods = new Set(this.detail === undefined ? ['GET', 'PUT', 'PATCH', 'DELETE'] : this.detail?.methods ?? []);
    this.lessons = options.lessons ?? new PayloadLessons();
    this.valid = generator.generate(schema, { relatedIds, index: FLOW_INDEX_BASE });
    this.writeBlocked = options.cannotWrite;
  }

  /** The list as it was before the flow: a refusal there blocks every step that needs a user. */
  start(before: { status: number } | undefined): void {
    this.authBlocked = before && refused(before.status) ? this.refusal('GET', before.status) : undefined;
    this.steps.blocked = this.authBlocked;
  }

  keyOf(row: Row): string {
    return String((this.detail ? lookupValue(row, this.detail.lookupField) : undefined) ?? rowId(row) ?? JSON.stringify(row));
  }

  async create(): Promise<void> {
    await this.steps.step('create', async () => {
      if (this.writeBlocked) throw new StepSkipped(this.writeBlocked);
      const { res, payload } = await this.steps.send('POST', this.endpoint, this.valid, this.learning(this.schema, FLOW_INDEX_BASE));
      // The body the service accepted (with what its 400s taught) is the one every later check compares with.
      this.valid = payload;
      if (refused(res.status)) throw new StepSkipped((this.writeBlocked = this.writeRefused = this.refusal('POST', res.status)));
      this.steps.expectStatus(res, 201);
      this.created = keepScalars(res.body) ?? {};
      this.rowPath = this.pathFor(this.created);
      const mismatches = echoMismatches(this.valid, res.body, this.schema.fields);
      if (mismatches.length) this.steps.fail(`the created row does not echo what was sent: ${mismatches.join('; ')}`);
    });
  }

  async retrieve(): Promise<void> {
    // Without a row of its own the flow still reads one that exists; it never changes rows it did not make.
    this.existing = this.created ? undefined : this.options.existing?.find((r) => this.pathFor(r) !== undefined);
    await this.steps.step('retrieve', async () => {
      const path = this.rowPath ?? (this.existing && this.pathFor(this.existing));
      if (!path) throw new StepSkipped(this.created ? 'the created row has no field that leads to its detail route' : `no row to retrieve (${this.writeBlocked ?? 'none created'})`);
      const res = await this.steps.call('GET', path);
      this.steps.expectStatus(res, 200);
      const mismatches = this.created ? echoMismatches(this.valid, res.body, this.schema.fields) : [];
      if (mismatches.length) this.steps.fail(`the stored row differs from what was sent: ${mismatches.join('; ')}`);
    });
  }

  /** PUT a whole new body; the answer must echo it. */
  async update(): Promise<void> {
    const index = FLOW_INDEX_BASE + 1;
    await this.write('update', 'PUT', () => this.generator.generate(this.writeSchema, { relatedIds: this.relatedIds, index }), index);
  }

  /** PATCH one field whose rules the probe fully knows, when there is one: the PATCH then tests what it says. */
  async partialUpdate(): Promise<void> {
    const index = FLOW_INDEX_BASE + 2;
    await this.write('partial update', 'PATCH', () => {
      const patch = this.lessons.apply(this.writeSchema, this.generator.generate(this.writeSchema, { relatedIds: this.relatedIds, index }), index);
      const candidates = this.writeSchema.writableFields.filter((f) => f.kind !== 'related' && !f.writeOnly && patch[f.name] !== undefined);
      const field = candidates.find((f) => !f.customValidation) ?? candidates[0];
      return field ? { [field.name]: patch[field.name] } : undefined;
    }, index);
  }

  async remove(thenRead: boolean): Promise<void> {
    let deleted = false;
    await this.steps.step('delete', async () => {
      if (!this.rowPath) throw new StepSkipped(this.noRow());
      const res = await this.steps.call('DELETE', this.rowPath);
      if (refused(res.status)) throw new StepSkipped(this.refusal('DELETE', res.status));
      deleted = res.status >= 200 && res.status < 300;
      this.steps.expectStatus(res, 204);
    });
    if (!thenRead) return;
    if (!deleted) this.steps.blocked ??= this.rowPath ? 'delete failed' : this.noRow();
    await this.steps.step('404 after delete', async () => {
      const res = await this.steps.call('GET', this.rowPath!);
      if (res.status !== 404) this.steps.fail(`the row is still there after DELETE: GET answered ${res.status}, expected 404`);
    });
  }

  /** A lookup no row has, shaped like the rows' own: the detail view must answer 404, not 500. Needs no row. */
  async unknownRow(): Promise<void> {
    this.steps.blocked = this.authBlocked;
    await this.steps.step('404 on unknown id', async () => {
      const path = this.unknownPath(this.created ?? this.existing);
      if (!path) throw new StepSkipped('the detail route takes no single lookup value');
      const res = await this.steps.call('GET', path);
      if (refused(res.status)) throw new StepSkipped(this.refusal('GET', res.status));
      if (res.status !== 404) this.steps.fail(`GET of a row that does not exist answered ${res.status}, expected 404`);
    });
  }

  /** Invalid payloads need no row, only the collection: they run unless the run may not write here. */
  async invalidPayloads(): Promise<void> {
    this.steps.blocked = this.authBlocked ?? this.writeRefused;
    for (const bad of invalidPayloads(this.schema, this.valid)) {
      await this.steps.step(`400 on ${bad.detail}`, async () => {
        const res = await this.steps.call('POST', this.endpoint, bad.payload);
        // The view checks permissions before the body: a refusal says nothing of validation.
        if (refused(res.status)) throw new StepSkipped((this.steps.blocked = this.refusal('POST', res.status)));
        this.steps.expectStatus(res, 400);
        if (!namesField(res.body, bad.field)) this.steps.fail(`the 400 body does not name the field "${bad.field}"`);
      });
    }
  }

  /** update and partial update: send the body, learning from 400s; the answer must echo what was stored. */
  private async write(name: string, method: 'PUT' | 'PATCH', body: () => Record<string, unknown> | undefined, index: number): Promise<void> {
    await this.steps.step(name, async () => {
      if (!this.rowPath) throw new StepSkipped(this.noRow());
      const payload = body();
      if (!payload) return;
      const { res, payload: sent } = await this.steps.send(method, this.rowPath, payload, this.learning(this.writeSchema, index));
      if (refused(res.status)) throw new StepSkipped(this.refusal(method, res.status));
      this.steps.expectStatus(res, 200);
      const mismatches = echoMismatches(sent, res.body, this.writeSchema.fields);
      if (mismatches.length) this.steps.fail(`${method} did not store what was sent: ${mismatches.join('; ')}`);
    });
  }

  private get writeSchema(): EndpointSchema {
    return this.detail?.schema ?? this.schema;
  }

  private learning(schema: EndpointSchema, index: number): Learning {
    const rows = this.options.existing ?? [];
    return { schema, lessons: this.lessons, index, stored: (field: FieldSchema) => rows.map((r) => r[field.name]) };
  }

  private refusal(method: string, status: number): string {
    return refusal(method, status, this.options.signedIn === true);
  }

  private noRow(): string {
    return this.created ? 'the created row has no field that leads to its detail route' : this.writeBlocked ? `no row of its own (${this.writeBlocked})` : 'create failed';
  }

  private pathFor(row: Row): string | undefined {
    const detail = this.detail;
    if (!detail) return legacyDetailPath(this.endpoint, row);
    const value = lookupValue(row, detail.lookupField);
    const filled = value === undefined ? undefined : fillRoute(detail.route, { [detail.kwarg]: value });
    return filled ?? (typeof row.url === 'string' && /^https?:\/\//.test(row.url) ? pathOf(row.url) : undefined);
  }

  private unknownPath(sample?: Row): string | undefined {
    const detail = this.detail;
    const key = sample ? (detail ? lookupValue(sample, detail.lookupField) : rowId(sample)) : undefined;
    const param = (detail && routeParams(detail.route).find((p) => p.name === detail.kwarg)) || { converter: 'regex' };
    const value = unknownValue(param, key as string | number | undefined);
    return detail ? fillRoute(detail.route, { [detail.kwarg]: value }) : `${this.endpoint.replace(/\/?$/, '/')}${value}/`;
  }
}

function legacyDetailPath(endpoint: string, row: Row): string | undefined {
  if (typeof row.url === 'string' && /^https?:\/\//.test(row.url)) return pathOf(row.url);
  const id = row.id ?? row.pk ?? row.uuid;
  return id === undefined ? undefined : `${endpoint.replace(/\/?$/, '/')}${String(id)}/`;
}
