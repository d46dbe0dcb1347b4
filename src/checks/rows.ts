/**
 * Rows the phase makes for itself (it never changes rows it did not make), and whether a list shows a
 * given row to whoever asks: followed page by page, a bounded number of pages.
 */
import type { Row } from '../api/endpoints.js';
import { lookupValue } from '../api/related.js';
import type { CollectionResource } from '../api/resource-types.js';
import { fillRoute, routeKey } from '../api/route-path.js';
import { sizeQuery } from '../database/endpoints.js';
import { pathOf } from '../http/client.js';
import { freshBody, sendValid } from './bodies.js';
import type { CheckEnv } from './context.js';
import type { Sent, Who } from './session.js';

/** Payload indexes of the phase's rows: apart from seeding's and the flows' (1 000 000), so unique values never collide. */
export const CHECK_INDEX_BASE = 2_000_000;
// Pages of a list read to find one row; a list longer than this is not judged.
const MAX_PAGES = 10;

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
export const refused = (status: number): boolean => status === 401 || status === 403;
export const ok = (status: number): boolean => status >= 200 && status < 300;

/** A row the phase created, where its detail route is, and what was sent to make it. */
export interface OwnRow {
  row: Row;
  /** Its detail path (`/api/notes/7/`). */
  path: string;
  /** The value its detail route is looked up by. */
  key: string | number;
  payload: Record<string, unknown>;
}


/** The detail path of a row of `c`, from its lookup field. */
export function detailPathOf(c: CollectionResource, row: Row): { path: string; key: string | number } | undefined {
  if (!c.detail) return undefined;
  const key = lookupValue(row, c.detail.lookupField);
  const path = key === undefined ? undefined : fillRoute(c.detail.route, { [c.detail.kwarg]: key });
  return path && key !== undefined ? { path, key } : undefined;
}

/** The endpoint name of a collection's detail route, as reports name routes. */
export const detailEndpoint = (c: CollectionResource): string => routeKey(c.detail!.route);

/** Creates a row of `c` as `who`; `why` says what stood in the way. */
export async function createRow(env: CheckEnv, c: CollectionResource, who: Who = 'a', extra: Record<string, unknown> = {}): Promise<{ own?: OwnRow; sent?: Sent; why?: string }> {
  if (!c.methods.includes('POST')) return { why: 'the collection takes no POST' };
  if (c.schema.needsMultipart) return { why: 'a required field is a file upload' };
  // With values of its own (a privileged field) the body is sent as it is; else the service's rules are learnt.
  let payload: Record<string, unknown>;
  let sent: Sent | undefined;
  if (Object.keys(extra).length) {
    payload = { ...freshBody(env, c.schema), ...extra };
    sent = await env.session.send(who, c.path, { method: 'POST', path: c.path, body: payload });
  } else {
    const valid = await sendValid(env, who, c.path, 'POST', c.path, c.schema);
    ({ payload, sent } = valid);
    if (valid.why) return { ...(sent ? { sent } : {}), why: valid.why };
  }
  if (!sent) return { why: 'the endpoint\'s request budget is spent' };
  if (!ok(sent.status) || !isObject(sent.response?.body)) return { sent, why: `a generated body answered ${sent.status}` };
  const row = sent.response!.body as Row;
  const at = detailPathOf(c, row);
  if (!at) return { sent, why: 'the created row has no field that leads to its detail route' };
  return { own: { row, path: at.path, key: at.key, payload }, sent };
}

/** Reads one row through its detail route as `who`. */
export async function readRow(env: CheckEnv, c: CollectionResource, own: OwnRow, who: Who = 'a'): Promise<Sent | undefined> {
  return env.session.send(who, detailEndpoint(c), { method: 'GET', path: own.path });
}

export type Listed = 'shown' | 'hidden' | 'refused' | 'unknown';

/** Whether `who`'s list of `c` shows the row looked up by `key`, following the list's pages. */
export async function listShows(env: CheckEnv, c: CollectionResource, key: string | number, who: Who): Promise<Listed> {
  const lookup = c.detail?.lookupField ?? c.lookupField ?? 'pk';
  const size = sizeQuery(c.pagination ?? null, 100);
  let url: string | undefined = c.path;
  let query: Record<string, number> | undefined = size;
  for (let page = 0; page < MAX_PAGES && url; page += 1) {
    const sent = await env.session.send(who, c.path, { method: 'GET', path: url, ...(query ? { query } : {}) });
    if (!sent) return 'unknown';
    if (refused(sent.status)) return 'refused';
    if (sent.status !== 200) return 'unknown';
    const body = sent.response?.body;
    const rows = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.results) ? body.results : undefined;
    if (!rows) return 'unknown';
    if (rows.some((r) => isObject(r) && String(lookupValue(r, lookup)) === String(key))) return 'shown';
    const link = isObject(body) && typeof body.next === 'string' ? body.next : undefined;
    url = link ? pathOf(link) : undefined;
    query = undefined;
    if (!url) return 'hidden';
  }
  return 'unknown';
}
