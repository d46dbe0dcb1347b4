/** Cache headers that Django's cache framework (cache_page, UpdateCacheMiddleware) sets on a response. */
export function cacheHeaders(headers: Record<string, string | string[] | undefined>): string[] {
  const found: string[] = [];
  const cc = String(headers['cache-control'] ?? '');
  const maxAge = /max-age=(\d+)/.exec(cc);
  if (maxAge && Number(maxAge[1]) > 0) found.push(`Cache-Control: ${cc}`);
  if (headers.expires) found.push(`Expires: ${String(headers.expires)}`);
  return found;
}

/** Server-side duration from a `Server-Timing` header (sum of `dur=` values), when the service sends one. */
export function serverTimingMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['server-timing'];
  if (!value) return undefined;
  const durations = [...String(value).matchAll(/dur=([\d.]+)/g)].map((m) => Number(m[1]));
  return durations.length ? durations.reduce((a, b) => a + b, 0) : undefined;
}
