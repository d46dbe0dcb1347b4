/**
 * Writes that stick: after PUT and PATCH the row is read back and every field sent must be there (an
 * update can echo what was sent and store something else); a PATCH must leave the fields it did not
 * send as they were. A field that changed beside a PATCH counts only when a PATCH that changes
 * nothing (the sent field's own value) changes it again: a field derived from the one sent is no reset.
 */
import type { Row } from '../api/endpoints.js';
import type { CollectionResource } from '../api/resource-types.js';
import type { EndpointSchema, FieldSchema } from '../api/schema.js';
import { sameValue } from '../flows/compare.js';
import { freshBody } from './bodies.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { createRow, detailEndpoint, ok, readRow, refused, type OwnRow } from './rows.js';
import type { Sent } from './session.js';

const body = (s: Sent | undefined): Row | undefined => {
  const b = s?.response?.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Row) : undefined;
};

/** Fields sent whose stored value (as a GET renders it) is not what was sent; fields the GET does not render are not judged. */
export function notStored(sent: Record<string, unknown>, stored: Row, fields: readonly FieldSchema[]): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const field = fields.find((f) => f.name === name);
    if (field?.writeOnly || !(name in stored)) continue;
    if (!sameValue(value, stored[name], field)) out.push(`${name}: sent ${JSON.stringify(value)}, stored ${JSON.stringify(stored[name])}`);
  }
  return out;
}

/** Writable fields rendered by both reads whose value differs between them. */
export function changedBeside(before: Row, after: Row, schema: EndpointSchema, sent: readonly string[]): string[] {
  return schema.writableFields
    .filter((f) => !f.writeOnly && !sent.includes(f.name) && f.name in before && f.name in after)
    .filter((f) => !sameValue(before[f.name], after[f.name], f) && !sameValue(after[f.name], before[f.name], f))
    .map((f) => f.name);
}

/** Runs both checks on one collection whose detail route takes PUT or PATCH. */
export async function checkWrites(env: CheckEnv, book: CheckBook, c: CollectionResource): Promise<void> {
  const methods = c.detail?.methods ?? [];
  if (!methods.includes('PUT') && !methods.includes('PATCH')) return;
  const made = await createRow(env, c, 'a');
  if (made.sent) serverError(book, made.sent, 'a generated valid body');
  if (!made.own) {
    book.skip('updatePersists', `${c.path}: no row of the run's own (${made.why})`);
    return;
  }
  const schema = c.detail!.schema ?? c.schema;
  if (methods.includes('PUT')) await checkPut(env, book, c, made.own, schema);
  if (methods.includes('PATCH')) await checkPatch(env, book, c, made.own, schema);
}

async function checkPut(env: CheckEnv, book: CheckBook, c: CollectionResource, own: OwnRow, schema: EndpointSchema): Promise<void> {
  const replacement = freshBody(env, schema);
  const put = await env.session.send('a', detailEndpoint(c), { method: 'PUT', path: own.path, body: replacement });
  if (!put || serverError(book, put, 'a generated valid body')) return;
  if (!ok(put.status)) {
    book.skip('updatePersists', `PUT ${own.path}: a generated body answered ${put.status}${refused(put.status) ? ' (the run\'s user may not update)' : ''}`);
    return;
  }
  const stored = body(await readRow(env, c, own));
  if (!stored) return;
  book.judged('updatePersists');
  const lost = notStored(replacement, stored, schema.fields);
  if (!lost.length) return;
  const echoed = body(put) && !notStored(replacement, body(put)!, schema.fields).length;
  book.file('updatePersists', put, `PUT ${own.path} answered ${put.status}${echoed ? ' echoing what was sent' : ''}, but a GET afterwards shows ${lost.join('; ')}`);
}

async function checkPatch(env: CheckEnv, book: CheckBook, c: CollectionResource, own: OwnRow, schema: EndpointSchema): Promise<void> {
  const endpoint = detailEndpoint(c);
  const before = body(await readRow(env, c, own));
  if (!before) return;
  const fresh = freshBody(env, schema);
  const field = schema.writableFields.find((f) => !f.writeOnly && f.name in before && fresh[f.name] !== undefined && !sameValue(fresh[f.name], before[f.name], f));
  if (!field) {
    book.skip('partialUpdateKeepsOthers', `PATCH ${own.path}: no field to change`);
    return;
  }
  const patch = { [field.name]: fresh[field.name] };
  const sent = await env.session.send('a', endpoint, { method: 'PATCH', path: own.path, body: patch });
  if (!sent || serverError(book, sent, `${field.name} only`)) return;
  if (!ok(sent.status)) {
    book.skip('partialUpdateKeepsOthers', `PATCH ${own.path}: answered ${sent.status}`);
    return;
  }
  const after = body(await readRow(env, c, own));
  if (!after) return;
  book.judged('updatePersists');
  const lost = notStored(patch, after, schema.fields);
  if (lost.length) book.file('updatePersists', sent, `PATCH ${own.path} answered ${sent.status}, but a GET afterwards shows ${lost.join('; ')}`);
  book.judged('partialUpdateKeepsOthers');
  const changed = changedBeside(before, after, schema, [field.name]);
  if (!changed.length) return;
  // Put them back, then send the field's own value: whatever changes now was reset, not derived.
  const restore = Object.fromEntries(changed.map((n) => [n, before[n]]));
  const back = await env.session.send('a', endpoint, { method: 'PATCH', path: own.path, body: restore });
  const restored = body(await readRow(env, c, own));
  if (!back || !ok(back.status) || !restored || changedBeside(before, restored, schema, [field.name]).length) {
    book.skip('partialUpdateKeepsOthers', `PATCH ${own.path}: ${changed.join(', ')} changed beside ${field.name} and could not be put back to tell a reset from a derived value`);
    return;
  }
  const noop = { [field.name]: restored[field.name] };
  const again = await env.session.send('a', endpoint, { method: 'PATCH', path: own.path, body: noop });
  const last = body(await readRow(env, c, own));
  if (!again || !ok(again.status) || !last) return;
  const reset = changedBeside(restored, last, schema, [field.name]);
  if (!reset.length) return;
  const shown = reset.map((n) => `${n}: was ${JSON.stringify(restored[n])}, now ${JSON.stringify(last[n])}`).join('; ');
  book.file('partialUpdateKeepsOthers', again, `PATCH ${own.path} sending only ${field.name} (its current value) changed fields it did not send: ${shown}`);
}
