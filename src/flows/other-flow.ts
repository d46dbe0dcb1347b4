import type { HttpClient, HttpResponse } from '../http/client.js';
import type { Row } from '../api/endpoints.js';
import { invalidPayloads } from '../seed/invalid.js';
import type { PayloadGenerator, RelatedIds } from '../seed/payload.js';
import { lookupValue } from '../api/related.js';
import type { OtherResource } from '../api/resource-types.js';
import { fillRoute, routeKey, unknownValue } from '../api/route-path.js';
import type { EndpointSchema } from '../api/schema.js';
import type { FlowResult } from '../types.js';
import { PayloadLessons } from '../seed/lessons.js';
import { FLOW_INDEX_BASE } from './crud-flow.js';
import { FlowSteps, namesField, refusal, refused, StepSkipped } from './steps.js';

/** What an endpoint's flow needs from the run: who it is, and the rows and ids created before it. */
export interface OtherOptions {
  signedIn?: boolean;
  /** Rows of a collection (created earlier, else listed), to fill route parameters with. */
  rowsOf: (collectionPath: string) => readonly Row[];
  /** Primary keys of rows of a model (`app.Model`), for parameters no collection fills (a function view's). */
  idsOf?: (model: string) => readonly (string | number)[];
  /** Related ids for a body schema's relations. */
  relatedFor: (schema: EndpointSchema) => RelatedIds;
  lessons?: PayloadLessons;
}

// Step names say which method went out (the API coverage reads them so): GET, POST, PUT, PATCH, DELETE.
export const METHOD_STEPS: Readonly<Record<string, string>> = { GET: 'retrieve', POST: 'create', PUT: 'update', PATCH: 'partial update', DELETE: 'delete' };

/** A filled-in path, and whether every parameter holds a real row's value (else one no row has). */
export type ConcretePath = { path: string; real: boolean } | { reason: string };

/**
 * The path of the endpoint with its parameters filled: a parent collection's row, else a row of a model
 * the view's code names, else (nothing says what fills it) a well-formed value that matches no row.
 */
export function concretePath(resource: OtherResource, rowsOf: OtherOptions['rowsOf'], idsOf?: OtherOptions['idsOf']): ConcretePath {
  if (resource.path) return { path: resource.path, real: true };
  const values: Record<string, string | number> = {};
  let real = true;
  for (const p of resource.params) {
    const parent = resource.parents[p.name];
    if (parent) {
      const value = rowsOf(parent.path).map((r) => lookupValue(r, parent.lookupField)).find((v) => v !== undefined);
      if (value === undefined) return { reason: `no row of ${parent.path} to fill <${p.name}> with` };
      values[p.name] = value;
      continue;
    }
    const id = (resource.models ?? []).flatMap((m) => idsOf?.(m) ?? [])[0];
    if (id !== undefined) values[p.name] = id;
    else {
      values[p.name] = unknownValue(p);
      real = false;
    }
  }
  const path = fillRoute(resource.route, values);
  return path ? { path, real } : { reason: `the route ${resource.route} cannot be filled in` };
}

/**
 * The flow of an endpoint that is neither a collection nor a singleton: an `@action`, an APIView, an
 * `@api_view` function, a detail route without its collection. Each method it allows is sent once,
 * with route parameters from real rows. A 5xx fails; where the view declares a serializer of its own, a
 * valid body must get 2xx and each invalid one a 400 naming the field. Where nothing says what a valid
 * request is (a body with no schema of its own, a parameter no real row fills), the step is "reached,
 * not verified": sent, a 5xx still fails, anything else proves nothing.
 */
export async function runOtherFlow(http: HttpClient, resource: OtherResource, generator: PayloadGenerator, onResult: (r: FlowResult) => void, options: OtherOptions): Promise<FlowResult[]> {
  const steps = new FlowSteps(http, resource.path ?? routeKey(resource.route), onResult);
  const target = concretePath(resource, options.rowsOf, options.idsOf);
  if ('reason' in target) steps.blocked = target.reason;
  const path = 'path' in target ? target.path : '';
  const invented = 'real' in target && !target.real;
  const lessons = options.lessons ?? new PayloadLessons();
  const answered = (res: HttpResponse, method: string): void => {
    if (refused(res.status)) throw new StepSkipped((steps.blocked = refusal(method, res.status, options.signedIn === true)));
    if (res.status >= 500 && !invented) steps.fail(`expected an answer below 500, got ${res.status}`);
  };

  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => resource.methods.includes(m))) {
    const body = resource.bodies[method];
    let valid = body ? generator.generate(body.schema, { relatedIds: options.relatedFor(body.schema), index: FLOW_INDEX_BASE + 5 }) : method === 'GET' || method === 'DELETE' ? undefined : {};
    await steps.step(METHOD_STEPS[method]!, async () => {
      if (body?.specific && valid) {
        const sent = await steps.send(method, path, valid, { schema: body.schema, lessons, index: FLOW_INDEX_BASE + 5 });
        valid = sent.payload;
        answered(sent.res, method);
        if (sent.res.status < 200 || sent.res.status >= 300) steps.fail(`expected a 2xx answer to a valid body, got ${sent.res.status}`);
        return;
      }
      const res = await steps.call(method, path, valid);
      answered(res, method);
      if (invented) {
        throw new StepSkipped(`reached, not verified: no real row fills ${resource.route} (the view's code names no model the run has rows of); a value no row has answered ${res.status}`, true);
      }
      if (method !== 'GET' && method !== 'DELETE') {
        throw new StepSkipped(`reached, not verified: no serializer of its own says what a valid ${method} body is; it answered ${res.status}`, true);
      }
    });
    if (method !== 'POST' || !body?.specific || !valid) continue;
    for (const bad of invalidPayloads(body.schema, valid)) {
      await steps.step(`400 on ${bad.detail}`, async () => {
        const res = await steps.call(method, path, bad.payload);
        answered(res, method);
        steps.expectStatus(res, 400);
        if (!namesField(res.body, bad.field)) steps.fail(`the 400 body does not name the field "${bad.field}"`);
      });
    }
  }
  return steps.results;
}
