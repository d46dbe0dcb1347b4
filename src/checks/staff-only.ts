/**
 * Function-level authorization (OWASP API5): where the probe says an endpoint needs staff — DRF's own
 * permission logic says so, or a staff gate sits in an OR that admits every signed-in user
 * (staff-gate.ts) — a plain signed-in user must be refused. Reads are asked with GET; creates with a
 * valid body (a create let through is the finding). Changes of existing rows are left to the
 * cross-user check.
 */
import { classifyPattern, isFormatSuffix } from '../api/classify.js';
import type { EndpointSchema } from '../api/schema.js';
import { fillRoute, routeKey } from '../api/route-path.js';
import { lookupValue } from '../api/related.js';
import { accessContext, accessFor } from '../probe/access.js';
import type { ProbeDocument, ProbeUrlPattern } from '../probe/types.js';
import { freshBody } from './bodies.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { permissionsFor } from './probe-facts.js';
import { ok } from './rows.js';
import { defeatedStaffGate } from './staff-gate.js';

const DRIVEN = new Set(['collection', 'detail', 'singleton', 'action', 'plain']);

/** Why staff is meant for `method` at `u`, or undefined. */
export function staffMeant(probe: ProbeDocument, u: ProbeUrlPattern, method: string): string | undefined {
  const actx = { ...accessContext(probe), classes: probe.classes };
  const decision = accessFor(u, method, actx);
  if (decision.access === 'superuser') return `its permissions admit staff only (${decision.reason})`;
  const defeated = defeatedStaffGate(permissionsFor(u, method), actx);
  return defeated ? `its permissions ${defeated} let every signed-in user through, so the staff check decides nothing` : undefined;
}

/** Runs the check over every DRF endpoint and method the probe reported. */
export async function checkStaffOnly(env: CheckEnv, book: CheckBook): Promise<void> {
  const probe = env.probe;
  if (!probe) return;
  const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  for (const u of probe.urls) {
    if (!u.drf || isFormatSuffix(u, kwarg) || !DRIVEN.has(classifyPattern(u))) continue;
    for (const method of (u.methods ?? []).filter((m) => m === 'GET' || m === 'POST')) {
      const why = staffMeant(probe, u, method);
      if (!why || env.signal.aborted) continue;
      const path = u.path ?? (await filled(env, u));
      if (!path) {
        book.skip('staffOnly', `${method} ${routeKey(u.route)}: no row to fill its route with`);
        continue;
      }
      const schema = method === 'POST' ? bodyOf(env, u) : undefined;
      if (method === 'POST' && !schema) {
        book.skip('staffOnly', `POST ${routeKey(u.route)}: no schema to build a valid body from`);
        continue;
      }
      const body = schema ? freshBody(env, schema) : undefined;
      const endpoint = u.path ?? routeKey(u.route);
      const sent = await env.session.send('b', endpoint, { method, path, ...(body ? { body } : {}) });
      if (!sent || serverError(book, sent, 'a plain user\'s request')) continue;
      book.judged('staffOnly');
      if (ok(sent.status)) book.file('staffOnly', sent, `${method} ${path} admitted a plain (non-staff) user with ${sent.status}: ${why}`);
    }
  }
}

function bodyOf(env: CheckEnv, u: ProbeUrlPattern): EndpointSchema | undefined {
  const c = env.resources.collections.find((x) => x.route === u.route);
  if (c) return c.schema.needsMultipart ? undefined : c.schema;
  return env.resources.others.find((o) => o.route === u.route)?.bodies.POST?.schema;
}

/** A detail route filled with a row of its collection (rows the lists or seeding showed). */
async function filled(env: CheckEnv, u: ProbeUrlPattern): Promise<string | undefined> {
  const c = env.resources.collections.find((x) => x.detail?.route === u.route);
  if (!c?.detail) return undefined;
  for (const row of await env.rowsOf(c.path)) {
    const key = lookupValue(row, c.detail.lookupField);
    const path = key === undefined ? undefined : fillRoute(u.route, { [c.detail.kwarg]: key });
    if (path) return path;
  }
  return undefined;
}
