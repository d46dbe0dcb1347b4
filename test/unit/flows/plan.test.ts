import { describe, expect, it } from 'vitest';
import { concretePath, METHOD_STEPS } from '../../../src/flows/other-flow.js';
import { planFlows, type FlowItem } from '../../../src/flows/plan.js';
import { apiCoverage } from '../../../src/pipeline/api-coverage.js';
import { classifyPattern, isFormatSuffix } from '../../../src/api/classify.js';
import type { FlowResult, RunReport } from '../../../src/types.js';
import { probed, RECORDED, resourcesOf } from '../seed/probed.js';

const DRIVEN = new Set(['collection', 'detail', 'singleton', 'action', 'plain']);

/** The step names each planned flow reports, as the flow runners name them. */
function stepsOf(item: FlowItem): string[] {
  if (item.kind === 'singleton') return ['retrieve', 'update', 'partial update'];
  if (item.kind === 'other') return item.other.methods.map((m) => METHOD_STEPS[m]!);
  const c = item.collection;
  const detail = c.detail ? ['retrieve', 'update', 'partial update', 'delete'] : [];
  return [...(c.methods.includes('POST') ? ['create'] : []), ...(c.methods.includes('GET') ? ['list'] : []), ...detail];
}

/** A report whose inspect section lists the API as the inspect phase does, and whose flows all passed. */
function reportOf(name: string, flows: FlowResult[]): RunReport {
  const doc = probed(name);
  const apiRoutes = doc.urls.filter((u) => u.drf && !isFormatSuffix(u) && DRIVEN.has(classifyPattern(u)))
    .map((u) => ({ route: u.route, path: u.path, view: u.view, methods: u.methods ?? [], kind: classifyPattern(u) }));
  return {
    status: 'passed', exitCode: 0, startedAt: '', durationMs: 0, service: { name, dir: '/x' }, phases: [], assumptions: [],
    inspect: { routes: doc.urls.length, apiRoutes, endpoints: [], protected: [], notes: [] }, flows, suites: [], timing: [], errors: [],
  };
}

describe('planFlows on the recorded services', () => {
  it.each(RECORDED)('%s: every API endpoint the probe classified as a resource is reached by a planned step', (name) => {
    const plan = planFlows(resourcesOf(name));
    const flows = plan.items.flatMap((item) => stepsOf(item).map((step): FlowResult => ({ name: `${item.key} ${step}`, endpoint: item.key, step, status: 'passed', durationMs: 1 })));
    const api = apiCoverage(reportOf(name, flows))!;
    expect(api.endpoints.filter((e) => !e.exercised.length).map((e) => e.route)).toEqual([]);
    // Each method an endpoint allows is sent to it.
    for (const e of api.endpoints) expect([...e.exercised].sort(), e.route).toEqual([...e.methods].map((m) => m.toUpperCase()).sort());
    expect(new Set(flows.map((f) => f.name)).size).toBe(flows.length);
  });

  it('orders collections parents first, then other endpoints, then singletons, and DELETE-sending endpoints last', () => {
    expect(planFlows(resourcesOf('drift-nomigrate-django3.2')).items.map((i) => `${i.kind} ${i.key}`)).toEqual([
      'collection /api/instructors/', 'collection /api/tags/', 'collection /api/courses/', 'other /api/stats/', 'other /api/metrics/',
    ]);
    expect(planFlows(resourcesOf('drift-pytest-django3.2')).items.map((i) => `${i.kind} ${i.key}`)).toEqual([
      'collection /api/users/', 'collection /api/expenses/', 'other /api/expenses/totals/', 'singleton /api/users/me/',
    ]);
    const subfolder = planFlows(resourcesOf('drift-subfolder-django3.2'));
    expect(subfolder.items.map((i) => i.key)).toEqual(['/api/warehouses/', '/api/items/', '/api/items/<int:pk>/adjust/', '/api/summary/']);
    expect(subfolder.deps.relations.map((r) => [r.endpoint, r.field, r.target])).toEqual([['/api/items/', 'warehouse', '/api/warehouses/']]);
  });
});

describe('concretePath', () => {
  const adjust = resourcesOf('drift-subfolder-django3.2').others.find((o) => o.route.endsWith('adjust/'))!;

  it('knows the body of a function view from the serializer its code calls with data= (Django 3.2 and 4.2)', () => {
    for (const rec of ['drift-subfolder-django3.2', 'drift-subfolder-django4.2'] as const) {
      const post = resourcesOf(rec).others.find((o) => o.route.endsWith('adjust/'))!.bodies.POST;
      expect(post?.specific, rec).toBe(true);
      expect(post?.schema.writableFields.map((f) => f.name), rec).toEqual(['delta', 'reason']);
    }
  });

  it('fills a route parameter from a row of its parent collection', () => {
    expect(concretePath(adjust, (p) => (p === '/api/items/' ? [{ id: 12, sku: 'X' }, { id: 13 }] : []))).toEqual({ path: '/api/items/12/adjust/', real: true });
  });

  it('says why when the parent has no row, and takes a well-formed unknown value where no collection fills it', () => {
    expect(concretePath(adjust, () => [])).toEqual({ reason: 'no row of /api/items/ to fill <pk> with' });
    expect(concretePath({ ...adjust, parents: {} }, () => [])).toEqual({ path: '/api/items/987654321/adjust/', real: false });
    // A function view whose code names a model: a real row of it, before any value no row has.
    expect(concretePath({ ...adjust, parents: {}, models: ['inventory.Item'] }, () => [], (m) => (m === 'inventory.Item' ? [41, 42] : []))).toEqual({ path: '/api/items/41/adjust/', real: true });
  });
});
