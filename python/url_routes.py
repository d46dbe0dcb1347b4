"""Supplied by enid-test: Django's URL patterns, when the Django probe could not run.

Run through 'manage.py shell -c'; prints one 'ENID-ROUTES [json]' line. Kept small and dependency-free:
it runs in whatever Python and Django version the service has.
"""
import json, re
from django.urls import get_resolver, URLPattern, URLResolver
try:
    from django.middleware.cache import CacheMiddleware
except Exception:
    CacheMiddleware = None
def cached(cb):
    f, seen = cb, 0
    while f is not None and seen < 8:
        seen += 1
        for cell in (getattr(f, '__closure__', None) or ()):
            try:
                v = cell.cell_contents
            except ValueError:
                continue
            if CacheMiddleware is not None and isinstance(v, CacheMiddleware):
                return True
        f = getattr(f, '__wrapped__', None)
    return False
def concrete(route):
    # Router regexes are anchored per segment ("api/^notes/$"): anchors anywhere are not path text.
    r = route.replace('^', '').replace('\\Z', '').replace('$', '')
    if '<' in r or '(' in r or '[' in r or '*' in r or '+' in r or '?' in r:
        return None
    return '/' + r.replace('\\', '')
out = []
def walk(patterns, prefix):
    for p in patterns:
        if isinstance(p, URLResolver):
            walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            cb = p.callback
            view = getattr(cb, 'cls', None) or getattr(cb, 'view_class', None)
            name = (view.__module__ + '.' + view.__qualname__) if view else (getattr(cb, '__module__', '?') + '.' + getattr(cb, '__qualname__', '?'))
            route = prefix + str(p.pattern)
            out.append({'path': concrete(route), 'route': route, 'name': p.name, 'view': name,
                        'actions': getattr(cb, 'actions', None), 'drf': bool(view is not None and hasattr(view, 'renderer_classes')),
                        'cached': cached(cb)})
walk(get_resolver().url_patterns, '')
print('ENID-ROUTES ' + json.dumps(out))
