import type { SeedEndpointResult } from '../types.js';

/**
 * What bounds seeding through the API where it was the only way, in one line a reader can act on: the
 * time per row as measured, and HTTP Basic named when the requests carried it (Django hashes the
 * password on every request: PBKDF2 at hundreds of thousands of iterations). Pure.
 */
export function rateBound(e: Pick<SeedEndpointResult, 'path' | 'created' | 'durationMs'>, basicAuth: boolean, why = 'no table known for COPY'): string {
  const perRow = e.created > 0 ? Math.round(e.durationMs / e.created) : undefined;
  const cost = perRow === undefined ? '' : `, ~${perRow} ms per row`;
  const bound = basicAuth ? 'HTTP Basic: the service hashes a password per request' : 'the service\'s create view, one request per row';
  return `${e.path}: through the API only (${why}); ${bound}${cost}`;
}

/** Whether requests carry HTTP Basic credentials (from the headers a request would carry). */
export function carriesBasicAuth(headers: Readonly<Record<string, string>>): boolean {
  return Object.entries(headers).some(([h, v]) => h.toLowerCase() === 'authorization' && /^basic /i.test(v));
}
