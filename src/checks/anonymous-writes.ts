/**
 * Anonymous writes: where an endpoint refuses an anonymous read (401/403), an anonymous write must be
 * refused too. A write the probe shows declared open on purpose (AllowAny for that method: a sign-up,
 * a contact form) is not judged; a write let through by custom permission logic is the finding.
 */
import type { CollectionResource } from '../api/resource-types.js';
import type { EndpointSchema } from '../api/schema.js';
import { accessContext, accessFor } from '../probe/access.js';
import { freshBody } from './bodies.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { patternOf } from './probe-facts.js';
import { createRow, detailEndpoint, ok, refused } from './rows.js';

/** Whether the probe shows `method` at `route` open to anonymous clients on purpose (a built-in permission that says so). */
function declaredOpen(env: CheckEnv, route: string, method: string): boolean {
  const u = patternOf(env.probe, route);
  if (!u || !env.probe) return false;
  return accessFor(u, method, accessContext(env.probe)).needsAuth === false;
}

/** Runs the check on one collection: its list, and a row the run made through its detail route. */
export async function checkAnonymousWrites(env: CheckEnv, book: CheckBook, c: CollectionResource): Promise<void> {
  const check = 'anonymousWrites';
  const read = await env.session.send('anonymous', c.path, { method: 'GET', path: c.path });
  if (!read || serverError(book, read, 'an anonymous read')) return;
  if (!refused(read.status)) return;
  if (c.methods.includes('POST') && !c.schema.needsMultipart) {
    if (declaredOpen(env, c.route, 'POST')) book.skip(check, `POST ${c.path}: open to anonymous clients on purpose (its permissions say so)`);
    else {
      const body = freshBody(env, c.schema);
      const sent = await env.session.send('anonymous', c.path, { method: 'POST', path: c.path, body });
      if (sent && !serverError(book, sent, 'an anonymous create')) {
        book.judged(check);
        if (ok(sent.status)) book.file(check, sent, `an anonymous POST ${c.path} was accepted with ${sent.status}, although an anonymous GET is refused with ${read.status}`);
      }
    }
  }
  const writes = (c.detail?.methods ?? []).filter((m) => m === 'PATCH' || m === 'PUT' || m === 'DELETE');
  if (!writes.length) return;
  const made = await createRow(env, c, 'a');
  if (!made.own) return;
  const endpoint = detailEndpoint(c);
  const detailRead = await env.session.send('anonymous', endpoint, { method: 'GET', path: made.own.path });
  if (!detailRead || !refused(detailRead.status)) return;
  const schema = c.detail!.schema ?? c.schema;
  const body = freshBody(env, schema);
  for (const method of writes) {
    if (declaredOpen(env, c.detail!.route, method)) continue;
    const sent = await env.session.send('anonymous', endpoint, { method, path: made.own.path, ...(method === 'DELETE' ? {} : { body }) });
    if (!sent || serverError(book, sent, `an anonymous ${method}`)) continue;
    book.judged(check);
    if (ok(sent.status)) {
      book.file(check, sent, `an anonymous ${method} ${made.own.path} was accepted with ${sent.status}, although an anonymous GET of the row is refused with ${detailRead.status}`);
      if (method === 'DELETE') return;
    }
  }
}

/** An action or plain endpoint with a concrete path: an anonymous POST where an anonymous GET is refused. */
export async function checkAnonymousOther(env: CheckEnv, book: CheckBook, endpoint: string, path: string, route: string, schema: EndpointSchema | undefined): Promise<void> {
  const check = 'anonymousWrites';
  const read = await env.session.send('anonymous', endpoint, { method: 'GET', path });
  if (!read || serverError(book, read, 'an anonymous read') || !refused(read.status)) return;
  if (declaredOpen(env, route, 'POST')) return;
  const body = schema ? freshBody(env, schema) : {};
  const sent = await env.session.send('anonymous', endpoint, { method: 'POST', path, body });
  if (!sent || serverError(book, sent, 'an anonymous POST')) return;
  book.judged(check);
  if (ok(sent.status)) book.file(check, sent, `an anonymous POST ${path} was accepted with ${sent.status}, although an anonymous GET is refused with ${read.status}`);
}
