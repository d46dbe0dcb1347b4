/**
 * Object-level authorization (OWASP API1): a row the run's user made, shown by that user's list and
 * not by the second user's, must not be readable, changeable or deletable by the second user through
 * the detail route (403 or 404), and must be as it was when the first user reads it afterwards.
 */
import type { CollectionResource } from '../api/resource-types.js';
import { freshBody } from './bodies.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { createRow, detailEndpoint, listShows, ok, readRow } from './rows.js';
import { sameMasked, volatilePaths } from './volatile.js';

/** Runs the check on one collection with a detail route. */
export async function checkCrossUser(env: CheckEnv, book: CheckBook, c: CollectionResource): Promise<void> {
  const check = 'crossUserAccess';
  if (!c.detail?.methods.includes('GET')) return;
  const made = await createRow(env, c, 'a');
  if (made.sent) serverError(book, made.sent, 'a generated valid body');
  if (!made.own) {
    book.skip(check, `${c.path}: no row of the run's own (${made.why})`);
    return;
  }
  const own = made.own;
  const mine = await listShows(env, c, own.key, 'a');
  if (mine !== 'shown') {
    book.skip(check, `${c.path}: the run's own list ${mine === 'hidden' ? 'does not show the row it made' : `could not be read (${mine})`}`);
    return;
  }
  const theirs = await listShows(env, c, own.key, 'b');
  const hidden = theirs === 'refused' ? 'may not list it at all' : 'does not see it in their list';
  if (theirs === 'shown' || theirs === 'unknown') {
    book.skip(check, `${c.path}: ${theirs === 'shown' ? 'the second user\'s list shows the first user\'s rows (shared data)' : 'the second user\'s list could not be read to the end'}`);
    return;
  }
  await foreignReferences(env, book, c, own.key, hidden);
  const before = await readRow(env, c, own, 'a');
  const again = await readRow(env, c, own, 'a');
  if (!before || before.status !== 200 || again?.status !== 200) return;
  // What changes between two reads on its own (a computed age, a timestamp) is no change by anyone.
  const volatile = volatilePaths([before.response?.body, again.response?.body]);
  const endpoint = detailEndpoint(c);
  book.judged(check);
  const read = await env.session.send('b', endpoint, { method: 'GET', path: own.path });
  if (read && !serverError(book, read, 'the second user reading another user\'s row') && ok(read.status)) {
    book.file(check, read, `a second user who ${hidden} read another user's row through GET ${own.path} (${read.status})`);
  }
  const writes: Array<{ method: 'PATCH' | 'PUT' | 'DELETE'; body?: Record<string, unknown> }> = [];
  const schema = c.detail.schema ?? c.schema;
  const replacement = freshBody(env, schema);
  const field = schema.writableFields.find((f) => !f.writeOnly && f.kind !== 'related' && replacement[f.name] !== undefined);
  if (c.detail.methods.includes('PATCH') && field) writes.push({ method: 'PATCH', body: { [field.name]: replacement[field.name] } });
  if (c.detail.methods.includes('PUT')) writes.push({ method: 'PUT', body: replacement });
  if (c.detail.methods.includes('DELETE')) writes.push({ method: 'DELETE' });
  for (const w of writes) {
    const sent = await env.session.send('b', endpoint, { method: w.method, path: own.path, ...(w.body ? { body: w.body } : {}) });
    if (!sent || serverError(book, sent, `the second user's ${w.method} of another user's row`)) continue;
    const after = await readRow(env, c, own, 'a');
    const gone = after?.status === 404;
    const changed = after?.status === 200 && !sameMasked(before.response?.body, after.response?.body, volatile);
    if (ok(sent.status)) {
      const effect = gone ? ': the row is gone' : changed ? ': the change was stored' : '';
      book.file(check, sent, `a second user who ${hidden} sent ${w.method} ${own.path} to another user's row and got ${sent.status}${effect}`);
      if (gone) return;
    } else if (gone || changed) {
      book.file(check, sent, `${w.method} ${own.path} by a second user answered ${sent.status}, yet the row ${gone ? 'is gone' : 'changed'}`);
      if (gone) return;
    }
  }
}

/**
 * A foreign id: the second user creates a row of another collection whose relation points at the first
 * user's hidden row. A relation's queryset that ignores who asks lets one user attach data to another's.
 */
async function foreignReferences(env: CheckEnv, book: CheckBook, c: CollectionResource, key: string | number, hidden: string): Promise<void> {
  if (!c.schema.model || (c.detail?.lookupField ?? 'pk') !== 'pk') return;
  for (const d of env.resources.collections.filter((x) => x.source === 'probe' && x.methods.includes('POST') && !x.schema.needsMultipart)) {
    const field = d.schema.writableFields.find((f) => f.kind === 'related' && f.relatedModel === c.schema.model && !f.slugField && !f.hyperlinked);
    if (!field) continue;
    const body = { ...freshBody(env, d.schema), [field.name]: field.many ? [key] : key };
    const sent = await env.session.send('b', d.path, { method: 'POST', path: d.path, body });
    if (!sent || serverError(book, sent, `${field.name}: another user's row`)) continue;
    book.judged('crossUserAccess');
    if (ok(sent.status)) book.file('crossUserAccess', sent, `a second user who ${hidden} created a row of ${d.path} pointing ${field.name} at another user's row (${key}) and got ${sent.status}`);
  }
}
