import type { HttpClient, HttpResponse } from '../http/client.js';
import type { Row } from '../api/endpoints.js';
import { invalidPayloads } from '../seed/invalid.js';
import type { PayloadGenerator, RelatedIds } from '../seed/payload.js';
import { lookupValue } from '../api/related.js';
import type { OtherResource } from '../api/resource-types.js';
import { fillRoute, routeKey, unknownValue } from '../api/route-path.js';
import type { EndpointSchema } from '../api/schema.js';
import type { FlowResult } from '../types.js';
import { FLOW_INDEX_BASE } from './crud-flow.js';
import { FlowSteps, namesField, refusal, refused, StepSkipped } from './steps.js';

/** What an endpoint's flow needs from the run: who it is, and the rows and ids created before it. */
export interface OtherOptions {
  signedIn?: boolean;
  /** Rows of a collection (created earlier, else listed), to fill route parameters with. */
  rowsOf: (collectionPath: string) => readonly Row[];
  /** Related ids for a body schema's relations. */
  relatedFor: (schema: EndpointSchema) => RelatedIds;
}

// Step names say which method went out (the API coverage reads them so): GET, POST, PUT, PATCH, DELETE.
export const METHOD_STEPS: Readonly<Record<string, string>> = { GET: 'retrieve', POST: 'create', PUT: 'update', PATCH: 'partial update', DELETE: 'delete' };

/** The path of the endpoint with its parameters filled (a parent's row, else a value no row has), or why not. */
export function concretePath(resource: OtherResource, rowsOf: OtherOptions['rowsOf']): { path: string } | { reason: string } {
  if (resource.path) return { path: resource.path };
  const values: Record<string, string | number> = {};
  for (const p of resource.params) {
    const parent = resource.parents[p.name];
    if (!parent) {
      // Nothing says what fills it (an orphan detail route): a well-formed value that matches no row.
      values[p.name] = unknownValue(p);
      continue;
    }
    const value = rowsOf(parent.path).map((r) => lookupValue(r, parent.lookupField)).find((v) => v !== undefined);
    if (value === undefined) return { reason: `no row of ${parent.path} to fill <${p.name}> with` };
    values[p.name] = value;
  }
  const path = fillRoute(resource.route, values);
  return path ? { path } : { reason: `the route ${resource.route} cannot be filled in` };
}

/**
 * The flow of an endpoint that is neither a collection nor a singleton: an `@action`, an APIView, an
 * `@api_view` function, a detail route without its collection. Each method it allows is sent once: any
 * answer below 500 passes; where the view declares a serializer of its own, a valid body must get 2xx
 * and each invalid one a 400 naming the field. Route parameters are filled from rows created earlier.
 */
export async function runOtherFlow(http: HttpClient, resource: OtherResource, generator: PayloadGenerator, onResult: (r: FlowResult) => void, options: OtherOptions): Promise<FlowResult[]> {
  const steps = new FlowSteps(http, resource.path ?? routeKey(resource.route), onResult);
  const target = concretePath(resource, options.rowsOf);
  if ('reason' in target) steps.blocked = target.reason;
  const path = 'path' in target ? target.path : '';
  const sent = (res: HttpResponse, method: string): void => {
    if (refused(res.status)) throw new StepSkipped((steps.blocked = refusal(method, res.status, options.signedIn === true)));
    if (res.status >= 500) steps.fail(`expected an answer below 500, got ${res.status}`);
  };

  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => resource.methods.includes(m))) {
    const body = resource.bodies[method];
    const valid = body ? generator.generate(body.schema, { relatedIds: options.relatedFor(body.schema), index: FLOW_INDEX_BASE + 5 }) : method === 'GET' || method === 'DELETE' ? undefined : {};
    await steps.step(METHOD_STEPS[method]!, async () => {
      const res = await steps.call(method, path, valid);
      sent(res, method);
      if (body?.specific && (res.status < 200 || res.status >= 300)) steps.fail(`expected a 2xx answer to a valid body, got ${res.status}`);
    });
    if (method !== 'POST' || !body?.specific || !valid) continue;
    for (const bad of invalidPayloads(body.schema, valid)) {
      await steps.step(`400 on ${bad.detail}`, async () => {
        const res = await steps.call(method, path, bad.payload);
        sent(res, method);
        steps.expectStatus(res, 400);
        if (!namesField(res.body, bad.field)) steps.fail(`the 400 body does not name the field "${bad.field}"`);
      });
    }
  }
  return steps.results;
}
