/**
 * The API contract diff of two probe documents, base against head, as oasdiff would state it for two
 * OpenAPI files: each change breaking or not, named by an oasdiff checker id where one exists. A
 * change is breaking when a client written against the base can fail against the head. Pure.
 */
import type { ProbeDocument } from '../probe/types.js';
import { buildContract, type ContractField, type ContractOperation } from './contract.js';
import { fieldChanges } from './field-diff.js';
import type { ContractChange } from './types.js';

const endpoint = (op: Pick<ContractOperation, 'method' | 'route'>): string => `${op.method} ${op.route}`;

/** Every contract change from `base` to `head`, breaking ones first, then by endpoint. */
export function diffContracts(base: ProbeDocument, head: ProbeDocument): ContractChange[] {
  const before = buildContract(base);
  const after = buildContract(head);
  const out: ContractChange[] = [];
  const routesAfter = new Set([...after.values()].map((o) => o.key));
  const removedRoutes = new Map<string, ContractOperation[]>();
  for (const [id, op] of before) {
    if (after.has(id)) continue;
    if (!routesAfter.has(op.key)) removedRoutes.set(op.key, [...(removedRoutes.get(op.key) ?? []), op]);
    else out.push({ rule: 'api-removed-without-deprecation', level: 'breaking', endpoint: endpoint(op), detail: `${op.method} is no longer answered on ${op.route} (${op.view})` });
  }
  for (const ops of removedRoutes.values()) {
    const first = ops[0]!;
    out.push({ rule: 'api-path-removed-without-deprecation', level: 'breaking', endpoint: `${ops.map((o) => o.method).join('|')} ${first.route}`, detail: `${first.route} is gone (was ${first.view})` });
  }
  for (const [id, op] of after) {
    const old = before.get(id);
    if (!old) {
      out.push({ rule: 'endpoint-added', level: 'non-breaking', endpoint: endpoint(op), detail: `new endpoint (${op.view})` });
      continue;
    }
    out.push(...operationChanges(old, op, before, after));
  }
  const rank = (c: ContractChange): number => (c.level === 'breaking' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
}

function operationChanges(old: ContractOperation, op: ContractOperation, before: Map<string, ContractOperation>, after: Map<string, ContractOperation>): ContractChange[] {
  const out: ContractChange[] = [];
  const at = endpoint(op);
  if (old.needsAuth === false && op.needsAuth === true) out.push({ rule: 'api-security-added', level: 'breaking', endpoint: at, detail: 'now refuses anonymous clients (it needs authentication)' });
  if (old.needsAuth === true && op.needsAuth === false) out.push({ rule: 'api-security-removed', level: 'non-breaking', endpoint: at, detail: 'now answers anonymous clients' });
  if (old.pagination !== undefined && op.pagination !== undefined) {
    if (old.pagination !== op.pagination) out.push({ rule: 'response-pagination-style-changed', level: 'breaking', endpoint: at, detail: `pagination changed from ${old.pagination} to ${op.pagination}: the list's body has another shape` });
    else if (old.pageSize !== op.pageSize) out.push({ rule: 'response-pagination-page-size-changed', level: 'non-breaking', endpoint: at, detail: `page size changed from ${old.pageSize ?? 'none'} to ${op.pageSize ?? 'none'}` });
  }
  for (const q of old.query.filter((x) => !op.query.includes(x))) out.push({ rule: 'request-parameter-removed', level: 'breaking', endpoint: at, detail: `the query parameter ${q} is no longer read: it is ignored, and the answer is no longer filtered by it`, field: q });
  for (const q of op.query.filter((x) => !old.query.includes(x))) out.push({ rule: 'new-optional-request-parameter', level: 'non-breaking', endpoint: at, detail: `new query parameter ${q}`, field: q });
  // A route's response is compared once: on GET, or on its first write when it has no GET.
  const sibling = (m: string): boolean => before.has(`${m} ${op.key}`) && after.has(`${m} ${op.key}`);
  const readsHere = op.method === 'GET' || (!sibling('GET') && ['POST', 'PUT', 'PATCH'].find(sibling) === op.method);
  if (readsHere && old.response && op.response) out.push(...fieldChanges('response', old.response.fields, op.response.fields, at, op.response.serializer));
  // PATCH validates the PUT serializer partially: only without PUT and POST does it say something new.
  const writesHere = op.method === 'POST' || op.method === 'PUT' || (op.method === 'PATCH' && !sibling('PUT') && !sibling('POST'));
  if (writesHere && old.request && op.request) {
    const fields = (list: ContractField[]): ContractField[] => (op.method === 'PATCH' ? list.map((f) => ({ ...f, required: false })) : list);
    out.push(...fieldChanges('request', fields(old.request.fields), fields(op.request.fields), at, op.request.serializer));
  }
  return out;
}

/** A request both sides answered in the run, with its status on each. */
export interface StatusPair {
  endpoint: string;
  base: number;
  head: number;
}

const ok = (s: number): boolean => s >= 200 && s < 300;

/** Status codes that changed for the same request: a success that became an error is breaking. */
export function statusChanges(pairs: StatusPair[]): ContractChange[] {
  const out: ContractChange[] = [];
  for (const p of pairs) {
    if (p.base === p.head) continue;
    const detail = `the same request answered ${p.base} on the base and ${p.head} on the head`;
    if (ok(p.base) && !ok(p.head)) out.push({ rule: 'response-success-status-removed', level: 'breaking', endpoint: p.endpoint, detail });
    else if (!ok(p.base) && ok(p.head)) out.push({ rule: 'response-success-status-added', level: 'non-breaking', endpoint: p.endpoint, detail });
    else out.push({ rule: 'response-status-changed', level: 'non-breaking', endpoint: p.endpoint, detail });
  }
  return out;
}
