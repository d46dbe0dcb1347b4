/**
 * Comparing response bodies that carry volatile parts (a `generated_at`, a random order of ties): the
 * JSON paths where two answers to the same request differ are masked before anything else is
 * compared. Pure.
 */

/** JSON paths (`a.b[2].c`) at which `a` and `b` differ; an array of another length differs as a whole. */
export function diffPaths(a: unknown, b: unknown, at = '$', out = new Set<string>()): Set<string> {
  if (Object.is(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffPaths(x, b[i], `${at}[${i}]`, out));
    return out;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths(a[key], b[key], `${at}.${key}`, out);
    return out;
  }
  out.add(at);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body with every value at `paths` (and below them) replaced by one marker. */
export function mask(value: unknown, paths: ReadonlySet<string>, at = '$'): unknown {
  if (paths.has(at)) return '<volatile>';
  if (Array.isArray(value)) return value.map((v, i) => mask(v, paths, `${at}[${i}]`));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, paths, `${at}.${k}`)]));
  return value;
}

/** One text for a JSON value whatever order its keys came in. */
export function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

/** Whether two bodies are the same once the volatile paths are masked. */
export function sameMasked(a: unknown, b: unknown, paths: ReadonlySet<string>): boolean {
  return stable(mask(a, paths)) === stable(mask(b, paths));
}

/** The paths that differ between any two answers of each pair: what changes on its own. */
export function volatilePaths(...pairs: Array<[unknown, unknown]>): Set<string> {
  const out = new Set<string>();
  for (const [a, b] of pairs) diffPaths(a, b, '$', out);
  return out;
}
