"""Supplied by enid-test: Django's URL patterns, when the Django probe could not run.

Run through 'manage.py shell -c' (copied to /tmp/enid/url-routes.py, beside enid_url_walk.py, which the
bootstrap puts on sys.path): the probe's own URL walk and decorator reading, without its settings,
migrations and DRF sections. Prints one 'ENID-ROUTES [json]' line, each route in the shape
routesFromProbe() (src/api/probe-routes.ts) makes of the probe's patterns; pieces that could not be read
go to stderr.
"""
import json
import sys

from enid_url_walk import describe_pattern, view_class, walk_urls


def describe_route(p, route, literal, params, ns):
    item = describe_pattern(p, route, literal, params, ns)
    cls = view_class(p.callback)
    decorators = [c['decorator'] for c in item['cache']]
    return {'path': item['path'], 'route': item['route'], 'name': item['name'], 'view': item['view'],
            'actions': item['actions'], 'drf': cls is not None and hasattr(cls, 'renderer_classes'),
            'cached': 'cache_page' in decorators, 'neverCache': 'never_cache' in decorators, 'methods': item['methods']}


def unread(exc, where):
    sys.stderr.write('enid-test: URL pattern %s not read: %s: %s\n' % (where, type(exc).__name__, exc))


routes = walk_urls(describe_route, unread)
# A newline first: whatever the project printed before may not have ended its line.
sys.stdout.write('\nENID-ROUTES ' + json.dumps(routes, default=str) + '\n')
sys.stdout.flush()
