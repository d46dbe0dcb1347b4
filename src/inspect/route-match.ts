/**
 * A Django URL pattern as Django joins it (path() converters, router regexes anchored per part) as a
 * JavaScript regex over request paths. Pure.
 */
export function routeRegex(route: string): RegExp {
  const body = route
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=\w+\)/g, '[^/]+')
    // path() converters; a named group `(?<pk>` is not one.
    .replace(/(?<!\?)<(?:(\w+):)?\w+>/g, (_m, conv: string | undefined) => (conv === 'path' ? '.+' : '[^/]+'))
    .replace(/(^|\/)\^/g, '$1')
    .replace(/\$(?=\/|$)/g, '')
    .replace(/\\Z$/, '');
  return new RegExp(`^/${body}$`);
}

/**
 * Whether a request (method, path) goes to one of these routes with that method. OPTIONS and HEAD go
 * with the route's other methods: DRF answers OPTIONS with the permissions of the caller.
 */
export function routeMatcher(routes: Array<{ route: string; method: string }>): (method: string, path: string) => boolean {
  const compiled = routes.map((r) => ({ method: r.method.toUpperCase(), re: routeRegex(r.route) }));
  return (method, path) => {
    const m = method.toUpperCase();
    return compiled.some((c) => (c.method === m || m === 'OPTIONS' || m === 'HEAD') && c.re.test(path));
  };
}
