"""Supplied by enid-test: Django's URL patterns, walked as Django resolves them, with what wraps each view.

Shared by the Django probe (django_probe.py) and the URL fallback (url_routes.py), copied beside them to
/tmp/enid/ and imported from there: one walk over the URL patterns and one reading of the decorators
(cache_page, never_cache, cache_control, vary_on_headers, require_http_methods, login_required...).
Standard library at module level (Django imports sit in the functions that need them), Python 3.8+,
Django 3.2-5.x. Nothing here serves a request or calls a view: wrapper chains are read, never run.
"""
import decimal
import functools
import re

HTTP_METHODS = ('get', 'post', 'put', 'patch', 'delete')

def dotted(obj):
    obj = obj if hasattr(obj, '__qualname__') else type(obj)
    return '%s.%s' % (getattr(obj, '__module__', None) or '?', obj.__qualname__)

def plain(value):
    # JSON's own types only: lazy translations and paths become strings, Decimal limits numbers.
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return items if isinstance(value, (list, tuple)) else sorted(items, key=str)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return None if callable(value) else str(value)

def real_name(f):
    # functools.wraps copies __module__ / __qualname__ from the wrapped view; the function's globals and
    # code object still tell where a wrapper was defined (co_qualname from Python 3.11 on).
    code, qual = f.__code__, f.__qualname__
    qual = getattr(code, 'co_qualname', None) or (qual if qual.split('.')[-1] == code.co_name else code.co_name)
    return getattr(f, '__globals__', {}).get('__name__') or '?', qual

def cell_values(f):
    values = {}
    for name, cell in zip(f.__code__.co_freevars, f.__closure__ or ()):
        try:
            values[name] = cell.cell_contents
        except ValueError:  # an empty cell
            pass
    return values

# Class-view plumbing (as_view's function, dispatch, csrf_exempt) that every view has: not listed.
PLUMBING = ('django.views.generic.base', 'rest_framework.views', 'rest_framework.viewsets', 'django.views.decorators.csrf')

def cache_page(on, timeout, kw):
    return {'decorator': 'cache_page', 'on': on, 'timeout': timeout, 'keyPrefix': kw.get('key_prefix'), 'cacheAlias': kw.get('cache_alias')}

def decorators(root, on, found, wrappers, methods, own=None):
    """Walks a view's wrapper chain (__wrapped__, closures) calling nothing: cache_page keeps a
    CacheMiddleware in a closure, method_decorator keeps its decorators, the rest is told by the module
    that defined the wrapper's code and by what it closes over."""
    try:
        from django.middleware.cache import CacheMiddleware
    except ImportError:
        CacheMiddleware = None
    stack, seen = [(root, 0, None)], set()
    while stack and len(seen) < 60:
        f, depth, via = stack.pop()
        f = getattr(f, '__func__', f)  # bound methods (admin views)
        if id(f) in seen or depth > 6:
            continue
        seen.add(id(f))
        if isinstance(f, functools.partial):
            stack.append((f.func, depth + 1, via))
        if CacheMiddleware and isinstance(f, CacheMiddleware):
            page = getattr(f, 'page_timeout', None)
            found.append(cache_page(on, getattr(f, 'cache_timeout', None) if page is None else page, vars(f)))
        if not hasattr(f, '__code__'):
            continue
        (mod, qual), cells = real_name(f), cell_values(f)
        # Listed: wrappers made by functools.wraps, the decorators method_decorator applies, and the
        # test of user_passes_test (login_required's lambda tells it apart from staff_member_required's).
        if f is not own and mod not in PLUMBING and (hasattr(f, '__wrapped__') or via in ('test_func', 'decorators')):
            wrappers.append(mod + '.' + qual)
        if mod == 'django.views.decorators.cache' and 'kwargs' in cells:
            found.append({'decorator': 'cache_control', 'on': on, 'directives': plain(cells['kwargs'])})
        elif mod == 'django.views.decorators.cache':  # never_cache: cache_page's wrapper lives elsewhere
            found.append({'decorator': 'never_cache', 'on': on})
        elif mod == 'django.views.decorators.vary':  # vary_on_headers closes over its headers
            found.append({'decorator': 'vary_on_headers', 'on': on, 'headers': plain(cells.get('headers', ['Cookie']))})
        elif 'request_method_list' in cells:  # require_http_methods, require_GET, require_POST
            methods.extend(m.upper() for m in cells['request_method_list'])
        maker = cells.get('middleware_class')  # method_decorator(cache_page(...)): not instantiated yet
        if CacheMiddleware and isinstance(maker, type) and issubclass(maker, CacheMiddleware):
            found.append(cache_page(on, (cells.get('m_kwargs') or {}).get('page_timeout'), cells.get('m_kwargs') or {}))
        if mod in PLUMBING and qual.endswith('as_view.<locals>.view'):
            continue  # beyond as_view's function lie dispatch and the handlers, walked on their own
        for name, v in [('__wrapped__', getattr(f, '__wrapped__', None))] + list(cells.items()):
            stack.extend((i, depth + 1, name) for i in (v if isinstance(v, (list, tuple)) else [v]) if callable(i) and not isinstance(i, type))

def innermost(f):
    for _ in range(10):
        f = getattr(f, '__wrapped__', None) or f
    return getattr(f, '__func__', f)

def group_regex(text, name):
    """The sub-pattern of (?P<name>...), reading balanced parentheses."""
    start = text.find('(?P<%s>' % name)
    i = j = start + len(name) + 5
    depth = 1 if start >= 0 else 0
    while j < len(text) and depth:
        depth += {'(': 1, ')': -1}.get(text[j], 0)
        j += 2 if text[j] == '\\' else 1
    return text[i:j - 1] if start >= 0 else None

def regex_literal(text):
    """The path text a re_path() piece without groups matches, or None when it matches more than one text."""
    # Router regexes are anchored per piece ("^notes/$"); anchors and a trailing "/?" are not path text.
    lit = re.sub(r'\^|\$|\\A|\\Z', '', text).replace('/?', '/')
    return None if re.search(r'(?<!\\)[.*+?()\[\]{}|]', lit) else re.sub(r'\\(.)', r'\1', lit)

def pattern_parts(pat):
    """(text, literal path text or None, params) of one piece: a path() route, a re_path() regex, a locale."""
    from django.urls.resolvers import RoutePattern
    if hasattr(pat, 'language_prefix'):  # i18n_patterns
        return pat.language_prefix, pat.language_prefix, []
    text = str(pat)
    if isinstance(pat, RoutePattern):  # converter names as the route spells them: <int:pk>, <drf_format_suffix:format>
        spelt = {n: c or 'str' for c, n in re.findall(r'<(?:([^>:]+):)?([^>]+)>', text)}
        params = [{'name': n, 'converter': spelt.get(n, dotted(c)), 'regex': getattr(c, 'regex', None)} for n, c in pat.converters.items()]
        return text, None if params else text, params
    groups = pat.regex.groupindex
    params = [{'name': n, 'converter': 'regex', 'regex': group_regex(text, n)} for n in groups]
    params += [{'name': None, 'converter': 'regex', 'regex': None}] * (pat.regex.groups - len(groups))
    return text, None if params else regex_literal(text), params

def allowed_methods(cls, actions):
    # A viewset route answers its actions; other views the handlers they define. HEAD and OPTIONS are
    # left out: Django and DRF answer them for every view (HEAD wherever GET is).
    return [m.upper() for m in actions] if actions else [m.upper() for m in HTTP_METHODS if m in getattr(cls, 'http_method_names', ()) and hasattr(cls, m)]

def view_class(cb):
    """The class behind a URL pattern's callback (as_view() keeps it), or None for a function view."""
    cls = getattr(cb, 'cls', None) or getattr(cb, 'view_class', None)
    return cls if isinstance(cls, type) else None

def view_actions(cb):
    """A viewset route's action map ({'get': 'list', 'post': 'create'}), or None."""
    return getattr(cb, 'actions', None) if isinstance(getattr(cb, 'actions', None), dict) else None

def describe_pattern(p, route, literal, params, ns):
    """One URL pattern with its view, methods and decorators; 'drf' is left None for the caller to fill."""
    cb = p.callback
    cls, actions = view_class(cb), view_actions(cb)
    # @api_view makes a class named WrappedAPIView and renames it after the function, not its qualname.
    api_fn = cls is not None and cls.__qualname__ == 'WrappedAPIView'
    view = dotted(innermost(cb)) if cls is None else '%s.%s' % (cls.__module__, cls.__name__ if api_fn else cls.__qualname__)
    cache, wrappers, fn_methods = [], [], []
    decorators(cb, 'view', cache, wrappers, fn_methods, own=innermost(cb))
    if cls is not None:  # method_decorator(..., name='dispatch' / 'get' / 'list') sits on the class
        for attr in dict.fromkeys(['dispatch'] + list((actions or {}).values()) + list(HTTP_METHODS)):
            if callable(getattr(cls, attr, None)):
                decorators(getattr(cls, attr), attr, cache, wrappers, [])
    item = {'route': route, 'path': None if literal is None else '/' + literal, 'params': params,
            'name': ':'.join(ns + [p.name]) if p.name else None, 'namespace': ':'.join(ns) or None,
            'view': view, 'callable': 'class' if cls else 'function', 'apiViewFunction': api_fn,
            'mro': [dotted(c) for c in cls.__mro__ if c is not object] if cls else [], 'actions': plain(actions),
            'initkwargs': {k: v for k, v in (getattr(cb, 'initkwargs', None) or {}).items() if v is None or isinstance(v, (str, int, float, bool))},
            'methods': allowed_methods(cls, actions) if cls else (fn_methods or None), 'cache': cache,
            'wrappers': list(dict.fromkeys(wrappers))[:12], 'loginNotRequired': getattr(cb, 'login_required', None) is False,
            'drf': None}
    return item

def walk_urls(describe, on_error):
    """describe(pattern, route, literal path or None, params, namespaces) for every URLPattern under the
    root URLconf, in resolution order; on_error(exc, route) for a piece that could not be read."""
    from django.urls import URLPattern, URLResolver, get_resolver
    out = []
    def walk(patterns, route, literal, params, ns):
        for p in patterns:
            text = '?'
            try:  # one broken include() or pattern must not hide the others
                text, lit, more = pattern_parts(p.pattern)
                lit = None if literal is None or lit is None else literal + lit
                if isinstance(p, URLResolver):
                    walk(p.url_patterns, route + text, lit, params + more, ns + [p.namespace] if p.namespace else ns)
                elif isinstance(p, URLPattern):
                    out.append(describe(p, route + text, lit, params + more, ns))
            except (Exception, SystemExit) as exc:
                on_error(exc, route + text)
    walk(get_resolver().url_patterns, '', '', [], [])
    return out
