/**
 * Django route text, read and filled in: `api/items/<int:pk>/` (path converters) and a router's
 * `api/^courses/(?P<public_id>[^/.]+)/$` (regex groups). Pure.
 */

/** One parameter of a route, with where it stands in the route text. */
export interface RouteParam {
  name: string;
  /** The converter (`int`, `uuid`, `str`…), or `regex` for a regex group. */
  converter: string;
  start: number;
  end: number;
}

/** Index just past the `)` closing the group opened before `from` (escapes and classes respected). */
function groupEnd(route: string, from: number): number {
  let depth = 1;
  let inClass = false;
  for (let i = from; i < route.length; i += 1) {
    const c = route[i];
    if (c === '\\') i += 1;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The route's parameters in order; an unnamed regex group gets the name `''`. */
export function routeParams(route: string): RouteParam[] {
  const out: RouteParam[] = [];
  for (let i = 0; i < route.length; i += 1) {
    if (route[i] === '\\') { i += 1; continue; }
    const converter = /^<(?:(\w+):)?(\w+)>/.exec(route.slice(i));
    if (converter) {
      out.push({ name: converter[2]!, converter: converter[1] ?? 'str', start: i, end: i + converter[0].length });
      i += converter[0].length - 1;
      continue;
    }
    if (route[i] !== '(' || route.startsWith('(?:', i)) continue;
    const named = /^\(\?P<(\w+)>/.exec(route.slice(i));
    const end = groupEnd(route, i + (named ? named[0].length : 1));
    if (end < 0) return out;
    out.push({ name: named?.[1] ?? '', converter: 'regex', start: i, end });
    i = end - 1;
  }
  return out;
}

/** The route as apiCoverage names it: anchors dropped, a leading slash ("/api/notes/(?P<pk>[^/.]+)/"). */
export function routeKey(route: string): string {
  return `/${stripAnchors(route)}`;
}

/** A URL pattern without its regex anchors: `api/^books/$` → `api/books/` (routers put them mid-route); a `[^…]` class keeps its `^`. */
export function stripAnchors(route: string): string {
  return route.replace(/(?<!\[)\^|\$/g, '');
}

/**
 * The concrete path of a route with its parameters filled from `values`; undefined when a parameter has
 * no value or regex syntax other than anchors and an optional trailing slash remains.
 */
export function fillRoute(route: string, values: Record<string, string | number>): string | undefined {
  let out = '';
  let at = 0;
  for (const p of routeParams(route)) {
    const v = values[p.name];
    if (v === undefined || v === '') return undefined;
    out += literal(route.slice(at, p.start));
    out += encodeURIComponent(String(v));
    at = p.end;
  }
  out += literal(route.slice(at));
  return /[[\](){}*+?|\\]/.test(out) ? undefined : `/${out.replace(/^\/+/, '')}`;
}

function literal(text: string): string {
  return text.replace(/\^|\$|\\Z/g, '').replace(/\/\?/g, '/').replace(/\\([./-])/g, '$1');
}

/** Route text without anchors, for prefix comparisons. */
const bare = (route: string): string => route.replace(/(?<!\[)\^|\$|\\Z/g, '');

/**
 * When `route` is `prefix` followed by one parameter segment (`api/items/` + `<int:pk>/`), that
 * parameter's name; with `rest`, the parameter may be followed by more segments (`<int:pk>/adjust/`).
 */
export function paramAfter(prefix: string, route: string, rest = false): string | undefined {
  const [head, tail] = [bare(prefix), bare(route)];
  if (!tail.startsWith(head) || tail.length === head.length) return undefined;
  const param = routeParams(tail).find((p) => p.start === head.length);
  if (!param) return undefined;
  const after = tail.slice(param.end).replace(/^\/\?/, '/');
  return after === '/' || after === '' || (rest && after.startsWith('/')) ? param.name : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value no row has, in the shape of the converter or of a real row's value (`sample`), so the URL
 * resolves and the view itself answers: an integer below 2^31 (a larger one overflows an `integer`
 * column into a 500 on Django < 5), a UUID, else a slug.
 */
export function unknownValue(p: Pick<RouteParam, 'converter'>, sample?: string | number): string {
  const text = sample === undefined ? undefined : String(sample);
  if (p.converter === 'uuid' || (text !== undefined && UUID.test(text))) return '00000000-0000-4000-8000-000000000000';
  if (p.converter === 'int' || (text !== undefined && /^\d+$/.test(text))) return '987654321';
  return 'enid-unknown-0';
}
