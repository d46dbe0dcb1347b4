/**
 * Edge and negative input: every writable field of an endpoint's body gets the cases its constraints
 * give (edge-cases.ts), and every query parameter it reads gets wrong-typed values (query-cases.ts).
 * Never a 5xx; provably invalid input refused and not stored; provably valid edge values accepted.
 * Only a schema that is the endpoint's own (the probe's serializer of that very handler) can prove
 * anything; elsewhere only "never a 5xx" applies.
 */
import type { Row } from '../api/endpoints.js';
import type { EndpointSchema } from '../api/schema.js';
import type { ProbeSerializer } from '../probe/types.js';
import { judge400 } from '../seed/learn.js';
import { freshBody, sendValid } from './bodies.js';
import type { CheckBook, CheckEnv } from './context.js';
import { edgeCases, type EdgeCase } from './edge-cases.js';
import { fieldFacts } from './probe-facts.js';
import type { QueryCase } from './query-cases.js';
import { ok, refused } from './rows.js';
import type { Sent } from './session.js';
import { environmental } from './tracebacks.js';

/** One endpoint and method whose body is checked. */
export interface BodyTarget {
  endpoint: string;
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  schema: EndpointSchema;
  serializer?: ProbeSerializer;
  /** The schema is the handler's own serializer: invalid input must be refused, valid edges accepted. */
  provable: boolean;
  /** The view reads only parsers DRF ships (a text/plain body cannot be read). */
  builtinParsers: boolean;
  /** The table a POST adds to (to see whether refused input was stored anyway). */
  table?: string | null;
  /** Rows that exist, for duplicates of unique values. */
  existing?: readonly Row[];
}

/** The exception a traceback ends with (`decimal.DivisionByZero: …`), not a continuation line of its message. */
export function exceptionLine(traceback: readonly string[] | undefined): string | undefined {
  const lines = (traceback ?? []).map((l) => l.trim()).filter(Boolean);
  return lines.findLast((l) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|DivisionByZero|InvalidOperation|DoesNotExist)\b/.test(l)) ?? lines.at(-1);
}

/** What a 5xx looked like, for the finding's message: the exception the traceback ends with. */
export function failureText(sent: Sent): string {
  if (sent.status === 0) return 'no answer (the connection was closed or timed out)';
  const last = exceptionLine(sent.traceback);
  return `${sent.status}${last ? ` (${last})` : ''}`;
}

/** Whether the seed's reading of a 400 (seed/learn.ts) says `field` was refused with no rule of the service's own to blame. */
export function rejectsValid(body: unknown, schema: EndpointSchema, field: string): boolean {
  const judged = judge400(body, schema);
  return judged.kind === 'rejects-valid' && judged.error.field === field;
}

/** Whether a 400 body objects to `field` only (a refusal of another field says nothing of this one). */
export function refusesOnly(body: unknown, field: string): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return keys.length === 1 && keys[0] === field && !/already exists|unique/i.test(JSON.stringify(body));
}

const describe = (t: { method: string; endpoint: string }, what: string): string => `${t.method} ${t.endpoint} with ${what}`;

/**
 * Files a notAServerError finding when `sent` is a 5xx that came back when sent again and is not the
 * database being unreachable; true when the request failed either way (no answer included).
 */
export function serverError(book: CheckBook, sent: Sent, what: string): boolean {
  book.judged('notAServerError');
  if (sent.transient !== undefined) book.note(`${sent.method} ${sent.endpoint} with ${what} answered ${sent.transient || 'nothing'} once and ${sent.status} when sent again: not counted`);
  if (sent.status !== 0 && sent.status < 500) return false;
  // No answer at all, twice, is a worker killed on its timeout as often as a service that hangs: a
  // loaded machine looks the same from here, so it is said, never counted.
  if (sent.status === 0) {
    book.note(`${sent.method} ${sent.endpoint} with ${what} got no answer twice (timed out or the connection closed): not counted`);
    return true;
  }
  if (environmental(sent.traceback)) {
    book.note(`${sent.method} ${sent.endpoint} with ${what} answered ${sent.status} while the database was unreachable: not counted`);
    return true;
  }
  // The same exception at the same endpoint is one defect, however many cases (and values) reach it.
  const key = `${sent.method} ${sent.endpoint} ${exceptionLine(sent.traceback)?.split(':')[0] ?? sent.status}`;
  if (book.seen(key)) {
    book.note(`${sent.method} ${sent.endpoint} with ${what}: the same ${failureText(sent)} again`);
    return true;
  }
  book.file('notAServerError', sent, `${sent.method} ${sent.endpoint} with ${what} answered ${failureText(sent)}`);
  return true;
}

function uniqueCases(t: BodyTarget): EdgeCase[] {
  const out: EdgeCase[] = [];
  const row = t.existing?.find((r) => typeof r === 'object');
  if (!row) return out;
  for (const f of t.schema.writableFields.filter((x) => x.unique && !x.readOnly)) {
    const v = row[f.name];
    if (v !== undefined && v !== null && typeof v !== 'object') out.push({ field: f.name, value: v, expect: 'invalid', detail: 'a value another row has (unique)' });
  }
  for (const fields of t.schema.uniqueTogether ?? []) {
    if (fields.every((n) => row[n] !== undefined && typeof row[n] !== 'object')) {
      out.push({ field: fields.join('+'), value: Object.fromEntries(fields.map((n) => [n, row[n]])), expect: 'invalid', detail: `the ${fields.join(', ')} of another row (unique together)` });
    }
  }
  return out;
}

/** Checks one endpoint's body: a valid base first (learnt from the service's own 400s), then every case of every writable field. */
export async function checkBody(env: CheckEnv, book: CheckBook, t: BodyTarget): Promise<void> {
  const { session } = env;
  const fresh = (): Record<string, unknown> => freshBody(env, t.schema);
  const learned = await sendValid(env, 'a', t.endpoint, t.method, t.path, t.schema);
  const base = learned.sent;
  if (!base) return;
  const valid = learned.payload;
  serverError(book, base, 'a generated valid body');
  if (refused(base.status)) {
    for (const c of ['negativeDataRejection', 'positiveDataAcceptance'] as const) book.skip(c, `${t.method} ${t.endpoint}: the run's user may not write here (${base.status})`);
    return;
  }
  const baseOk = ok(base.status) && !learned.why;
  const proving = t.provable && baseOk;
  if (t.provable && !baseOk) {
    const why = learned.why ?? `a generated valid body answered ${base.status}`;
    for (const c of ['negativeDataRejection', 'positiveDataAcceptance'] as const) book.skip(c, `${t.method} ${t.endpoint}: ${why}, so no edge value can be judged`);
  }
  const facts = fieldFacts(t.serializer);
  const cases: EdgeCase[] = [
    ...t.schema.writableFields.flatMap((f) => edgeCases(f, valid[f.name], facts.get(f.name))),
    ...(t.method === 'POST' ? uniqueCases(t) : []),
  ];
  const readsBody = t.schema.requiredFields.length > 0;
  for (const c of cases) {
    if (!session.canSend(t.endpoint) || env.signal.aborted) return;
    const merged = c.field.includes('+') ? (c.value as Record<string, unknown>) : { [c.field]: c.value };
    const body = t.method === 'PATCH' ? merged : { ...fresh(), ...merged };
    const before = proving && c.expect === 'invalid' && t.table && t.method === 'POST' ? await env.count?.(t.table) : undefined;
    const sent = await session.send('a', t.endpoint, { method: t.method, path: t.path, body });
    if (!sent) return;
    const what = `${c.field}: ${c.detail}`;
    if (serverError(book, sent, what)) continue;
    if (proving && c.expect === 'invalid') {
      book.judged('negativeDataRejection');
      const after = before !== undefined ? await env.count?.(t.table!) : undefined;
      const stored = before !== undefined && after !== undefined && after > before ? ` and stored it (${t.table} went from ${before} to ${after} rows)` : '';
      if (ok(sent.status)) book.file('negativeDataRejection', sent, `${describe(t, what)} answered ${sent.status}: invalid input was accepted${stored}`);
      else if (stored) book.file('negativeDataRejection', sent, `${describe(t, what)} answered ${sent.status}${stored}`);
    }
    // A serializer's own validate() may refuse any value: there, a valid edge proves nothing.
    if (proving && c.expect === 'valid' && !t.schema.customValidate) {
      book.judged('positiveDataAcceptance');
      if (sent.status === 400 && refusesOnly(sent.response?.body, c.field) && rejectsValid(sent.response?.body, t.schema, c.field)) {
        book.file('positiveDataAcceptance', sent, `${describe(t, what)} answered 400, although its declared constraints allow the value`);
      }
    }
  }
  await bodyLevel(env, book, t, valid, proving && readsBody);
}

/** A malformed JSON document and a body of the wrong Content-Type: refused (400, 415), never a 5xx. */
async function bodyLevel(env: CheckEnv, book: CheckBook, t: BodyTarget, valid: Record<string, unknown>, proving: boolean): Promise<void> {
  const text = JSON.stringify(valid);
  const cases = [
    { raw: { text: text.slice(0, Math.max(1, Math.floor(text.length / 2))), contentType: 'application/json' }, what: 'a malformed JSON body', invalid: proving },
    { raw: { text, contentType: 'text/plain' }, what: 'a text/plain body', invalid: proving && t.builtinParsers },
  ];
  for (const c of cases) {
    const sent = await env.session.send('a', t.endpoint, { method: t.method, path: t.path, raw: c.raw });
    if (!sent) return;
    if (serverError(book, sent, c.what)) continue;
    if (c.invalid) {
      book.judged('negativeDataRejection');
      if (ok(sent.status)) book.file('negativeDataRejection', sent, `${describe(t, c.what)} answered ${sent.status}: a body the view cannot have read was accepted`);
    }
  }
}

/** GETs `path` with each query case as `who`: never a 5xx. */
export async function checkQuery(env: CheckEnv, book: CheckBook, endpoint: string, path: string, cases: readonly QueryCase[]): Promise<void> {
  for (const c of cases) {
    if (!env.session.canSend(endpoint) || env.signal.aborted) return;
    const sent = await env.session.send('a', endpoint, { method: 'GET', path, query: { [c.param]: c.value } });
    if (!sent) return;
    serverError(book, sent, `?${c.param}=${JSON.stringify(c.value).slice(1, -1)} (${c.detail})`);
  }
}
