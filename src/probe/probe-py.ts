/**
 * Python source of the Django probe: one script, injected at run time (never into the service's files),
 * run once in the service container through `manage.py shell -c` after the service booted. It asks
 * Django itself instead of parsing the service's files (versions, effective settings, the user model,
 * migration state, every URL pattern with its view, decorators, DRF policy and serializers) and prints
 * one `ENID-PROBE {json}` line; see types.ts for the document and run-probe.ts for how it is run.
 *
 * Dependency-free (standard library, Django, DRF when importable); Python 3.8+, Django 3.2-5.x,
 * DRF 3.12+. Kept as a TS string constant because the package ships `dist/src` and `templates` only.
 */
export const PROBE_PY = String.raw`"""Supplied by enid-test: asks the running Django project about itself; prints one ENID-PROBE JSON line.

Run through 'manage.py shell -c', so the project's own manage.py chooses the settings and sys.path.
Standard library, Django and (when importable) DRF only. Every section, URL pattern, view and field is
guarded: a failure becomes an entry in 'errors' and the rest is still reported. Nothing serves a
request or writes: views are set up the way dispatch() would set them up, never dispatched.
"""
import decimal
import functools
import json
import re
import sys

PROBE_VERSION = 1
ERRORS, CLASSES, SERIALIZERS = [], {}, {}
HTTP_METHODS = ('get', 'post', 'put', 'patch', 'delete')

def fail(section, exc, view=None, what=None):
    text = re.sub(r' at 0x[0-9a-f]+', '', (str(exc).strip().splitlines() or [''])[0])[:300]  # stable across runs
    ERRORS.append({'section': section, 'view': view, 'message': '%s%s: %s' % (what + ': ' if what else '', type(exc).__name__, text)})

def guard(section, fn, default=None, view=None, what=None):
    try:
        return fn()
    except (Exception, SystemExit) as exc:  # project code (and Django's questioners) may exit instead of raising
        fail(section, exc, view, what)
        return default

def dotted(obj):
    obj = obj if hasattr(obj, '__qualname__') else type(obj)
    return '%s.%s' % (getattr(obj, '__module__', None) or '?', obj.__qualname__)

def camel(name):
    return re.sub(r'_(\w)', lambda m: m.group(1).upper(), name)

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

def remember(cls):
    """A class's dotted name; its MRO goes into 'classes' once, so that subclasses can be classified too."""
    name = dotted(cls)
    if name not in CLASSES:
        CLASSES[name] = {'mro': [dotted(c) for c in getattr(cls, '__mro__', (cls,)) if c is not object]}
        if isinstance(getattr(cls, 'keyword', None), str):
            CLASSES[name]['keyword'] = cls.keyword  # TokenAuthentication's header keyword
    return name

def perm_ref(p):
    # DRF composes permissions with & | ~ into holders (class level) and AND / OR / NOT (instances).
    kind = type(p).__name__ if type(p).__module__ == 'rest_framework.permissions' else ''
    if kind == 'OperandHolder':
        return {'op': p.operator_class.__name__.lower(), 'left': perm_ref(p.op1_class), 'right': perm_ref(p.op2_class)}
    if kind in ('AND', 'OR'):
        return {'op': kind.lower(), 'left': perm_ref(p.op1), 'right': perm_ref(p.op2)}
    if kind in ('SingleOperandHolder', 'NOT'):
        return {'op': 'not', 'operand': perm_ref(p.op1_class if kind == 'SingleOperandHolder' else p.op1)}
    return remember(p if isinstance(p, type) else type(p))

def importable(module):
    import importlib.util
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False

DRF = importable('rest_framework')

def versions():
    import platform
    import django
    return {'python': platform.python_version(), 'django': django.get_version(), 'drf': __import__('rest_framework').VERSION if DRF else None}

def redact(loc):  # a cache URL may carry a password (redis://:secret@host): keep the shape, drop the secret
    return [redact(x) for x in loc] if isinstance(loc, list) else re.sub(r'(//[^/@:]*:)[^@/]*@', r'\1***@', loc) if isinstance(loc, str) else loc

def settings_section():
    from django.conf import settings as s
    out = {n: plain(getattr(s, n, None)) for n in (
        'DEBUG', 'ALLOWED_HOSTS', 'INSTALLED_APPS', 'MIDDLEWARE', 'ROOT_URLCONF', 'TEST_RUNNER', 'SESSION_ENGINE',
        'AUTH_USER_MODEL', 'APPEND_SLASH', 'STATIC_URL', 'MEDIA_URL', 'USE_TZ', 'TIME_ZONE', 'DEFAULT_AUTO_FIELD',
        'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER')}
    # Never PASSWORD, nor OPTIONS (which may hold one).
    out['DATABASES'] = {a: {k: plain(db.get(k)) for k in ('ENGINE', 'NAME', 'HOST', 'PORT', 'USER')} for a, db in s.DATABASES.items()}
    out['CACHES'] = {a: {'BACKEND': c.get('BACKEND'), 'LOCATION': redact(plain(c.get('LOCATION')))} for a, c in s.CACHES.items()}
    return out

def rest_framework_section():
    if not DRF:
        return None
    from rest_framework.settings import api_settings as api
    out = {}
    # Key by key: one unimportable dotted path in REST_FRAMEWORK must not hide the others.
    for key, name in (('DEFAULT_AUTHENTICATION_CLASSES', remember), ('DEFAULT_PERMISSION_CLASSES', perm_ref),
                      ('DEFAULT_THROTTLE_CLASSES', dotted), ('DEFAULT_FILTER_BACKENDS', dotted),
                      ('DEFAULT_RENDERER_CLASSES', dotted), ('DEFAULT_PARSER_CLASSES', dotted)):
        out[key] = guard('restFramework', lambda: [name(c) for c in getattr(api, key) or []], [], what=key)
    for key in ('DEFAULT_PAGINATION_CLASS', 'DEFAULT_SCHEMA_CLASS', 'DEFAULT_VERSIONING_CLASS'):
        out[key] = guard('restFramework', lambda: getattr(api, key) and dotted(getattr(api, key)), what=key)
    out.update({key: plain(getattr(api, key, None)) for key in ('PAGE_SIZE', 'DEFAULT_THROTTLE_RATES', 'FORMAT_SUFFIX_KWARG')})
    return out

def auth_section():
    from django.apps import apps
    from django.contrib.auth import get_user_model
    user = get_user_model()
    email, fields = user.get_email_field_name(), {}
    for name in dict.fromkeys([user.USERNAME_FIELD, email] + list(user.REQUIRED_FIELDS)):
        try:
            f = user._meta.get_field(name)
            fields[name] = {'type': f.get_internal_type(), 'maxLength': f.max_length, 'unique': bool(f.unique), 'null': f.null, 'blank': f.blank}
        except Exception:
            fields[name] = None  # EMAIL_FIELD defaults to 'email' even on a model without one
    jwt = {'installed': apps.is_installed('rest_framework_simplejwt'), 'importable': importable('rest_framework_simplejwt'),
           'authHeaderTypes': None, 'authHeaderName': None, 'userIdField': None, 'accessTokenLifetimeSeconds': None}
    def jwt_settings():
        from rest_framework_simplejwt.settings import api_settings as j
        types = j.AUTH_HEADER_TYPES
        jwt.update(authHeaderTypes=[types] if isinstance(types, str) else list(types), authHeaderName=j.AUTH_HEADER_NAME,
                   userIdField=j.USER_ID_FIELD, accessTokenLifetimeSeconds=j.ACCESS_TOKEN_LIFETIME.total_seconds())
    if jwt['importable']:
        guard('auth', jwt_settings, what='simplejwt settings')
    return {'userModel': user._meta.label, 'dbTable': user._meta.db_table, 'usernameField': user.USERNAME_FIELD,
            'emailField': email, 'requiredFields': list(user.REQUIRED_FIELDS), 'fields': fields, 'simplejwt': jwt,
            'authtoken': {'installed': apps.is_installed('rest_framework.authtoken'), 'importable': importable('rest_framework.authtoken')}}

def unapplied_migrations():
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])  # reads django_migrations: needs the database
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [{'app': m.app_label, 'name': m.name} for m, backwards in plan if not backwards]

def model_changes():
    # What 'makemigrations --check --dry-run' compares: the migration files' state against the models.
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import MigrationQuestioner
    from django.db.migrations.state import ProjectState
    loader = MigrationLoader(None, ignore_no_migrations=True)
    questioner = MigrationQuestioner(specified_apps=set(), dry_run=True)  # answers with defaults: never prompts, never exits
    changes = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps), questioner).changes(graph=loader.graph)
    return [{'app': app, 'operation': type(op).__name__, 'model': getattr(op, 'model_name', None) or getattr(op, 'name', None),
             'field': getattr(op, 'name', None) if hasattr(op, 'model_name') else None, 'description': op.describe()}
            for app, migrations in changes.items() for migration in migrations for op in migration.operations]

def migrations_section():
    from django.db.migrations.loader import MigrationLoader
    return {'unapplied': guard('migrations', unapplied_migrations, what='unapplied'),
            'conflicts': guard('migrations', lambda: plain(MigrationLoader(None, ignore_no_migrations=True).detect_conflicts()), what='conflicts'),
            'changes': guard('migrations', model_changes, what='changes')}

# ---- URL patterns ------------------------------------------------------------------------------

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
    # Router regexes are anchored per piece ("^notes/$"); anchors and a trailing "/?" are not path text.
    lit = re.sub(r'\^|\$|\\A|\\Z', '', text).replace('/?', '/')
    literal = not params and not re.search(r'(?<!\\)[.*+?()\[\]{}|]', lit)
    return text, re.sub(r'\\(.)', r'\1', lit) if literal else None, params

def allowed_methods(cls, actions):
    # A viewset route answers its actions; other views the handlers they define. HEAD and OPTIONS are
    # left out: Django and DRF answer them for every view (HEAD wherever GET is).
    return [m.upper() for m in actions] if actions else [m.upper() for m in HTTP_METHODS if m in getattr(cls, 'http_method_names', ()) and hasattr(cls, m)]

def describe_pattern(p, route, literal, params, ns):
    cb = p.callback
    cls = getattr(cb, 'cls', None) or getattr(cb, 'view_class', None)
    cls = cls if isinstance(cls, type) else None
    actions = getattr(cb, 'actions', None) if isinstance(getattr(cb, 'actions', None), dict) else None
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
    if cls is not None and DRF:
        from rest_framework.views import APIView
        if issubclass(cls, APIView):
            item['drf'] = guard('urls', lambda: drf_view(cb, cls, actions, item), view=view)
    item['queryParams'] = guard('urls', lambda: query_params_read(cb, cls), [], view=view, what='query parameters')  # enid checks
    return item

def urls_section():
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
                    out.append(describe_pattern(p, route + text, lit, params + more, ns))
            except (Exception, SystemExit) as exc:
                fail('urls', exc, view=route + text)
    walk(get_resolver().url_patterns, '', '', [], [])
    return out

# ---- DRF views and serializers -----------------------------------------------------------------

FIELD_ATTRS = ('allow_blank', 'max_length', 'min_length', 'max_value', 'min_value', 'max_digits', 'decimal_places', 'uuid_format', 'allow_empty')
LIMITS = {'MaxValueValidator': 'maxValue', 'MinValueValidator': 'minValue', 'MaxLengthValidator': 'maxLength', 'MinLengthValidator': 'minLength'}

def model_field(model, source):
    try:
        mf = model._meta.get_field(source)
    except Exception:
        return None  # a property, a method or a dotted source: not a model field
    rel = getattr(mf, 'related_model', None)
    return {'type': mf.get_internal_type(), 'unique': bool(getattr(mf, 'unique', False)), 'null': bool(getattr(mf, 'null', False)),
            'hasDefault': bool(getattr(mf, 'has_default', lambda: False)()), 'primaryKey': bool(getattr(mf, 'primary_key', False)),
            'relatedModel': rel._meta.label if isinstance(rel, type) else None}

def describe_field(name, f, model, depth):
    from django.core.validators import RegexValidator, URLValidator
    from rest_framework import serializers as s
    from rest_framework.fields import empty
    out = {'name': name, 'field': type(f).__name__, 'source': f.source, 'required': f.required, 'readOnly': f.read_only,
           'writeOnly': f.write_only, 'allowNull': f.allow_null, 'hasDefault': f.default is not empty, 'unique': False}
    if out['hasDefault'] and not callable(f.default):
        out['default'] = plain(f.default)
    out.update({camel(a): plain(getattr(f, a)) for a in FIELD_ATTRS if getattr(f, a, None) is not None})
    if isinstance(f, s.ChoiceField):  # RelatedField.choices would query the database: never asked
        values = [v if v is None or isinstance(v, (str, int, float, bool)) else str(v) for v in f.choices]
        out.update(choices=values[:200], choicesTruncated=len(values) > 200)
    out['validators'] = [dotted(v) for v in f.validators]
    for v in f.validators:
        kind = type(v).__name__
        if kind == 'UniqueValidator':
            out['unique'] = True
        elif isinstance(v, RegexValidator) and not isinstance(v, URLValidator) and not v.inverse_match:
            out.setdefault('regex', v.regex.pattern)  # RegexField, and a model field's RegexValidator
        elif kind in LIMITS and not callable(v.limit_value):
            out.setdefault(LIMITS[kind], plain(v.limit_value))
    if model is not None and f.source and f.source != '*':
        out['modelField'] = model_field(model, f.source)
    if isinstance(f, s.ManyRelatedField):
        out.update(many=True, child=describe_field(name, f.child_relation, None, depth))
    elif isinstance(f, s.RelatedField):
        target = getattr(getattr(f, 'queryset', None), 'model', None)
        out['related'] = {'model': target._meta.label if target else None, 'slugField': getattr(f, 'slug_field', None),
                          'viewName': getattr(f, 'view_name', None)}
    elif isinstance(f, s.ListSerializer):
        out.update(many=True, children=describe_serializer(f.child, depth + 1) if depth < 3 else None)
    elif isinstance(f, s.BaseSerializer):
        out['children'] = describe_serializer(f, depth + 1) if depth < 3 else None
    elif getattr(f, 'child', None) is not None:  # ListField, DictField, HStoreField
        out['child'] = describe_field('child', f.child, None, depth + 1)
    return out

def describe_serializer(ser, depth=0):
    model = getattr(getattr(ser, 'Meta', None), 'model', None)
    out = {'class': dotted(ser), 'model': model._meta.label if model else None, 'fields': [], 'failedFields': [],
           'uniqueTogether': [], 'validators': []}
    for name, f in ser.fields.items():
        desc = guard('serializers', lambda: describe_field(name, f, model, depth), view=out['class'], what='field ' + name)
        out['fields' if desc else 'failedFields'].append(desc or name)
    for v in guard('serializers', lambda: list(ser.validators), [], view=out['class'], what='validators'):
        out['validators'].append(dotted(v))
        if type(v).__name__ == 'UniqueTogetherValidator':
            out['uniqueTogether'].append(list(v.fields))
    return out

def register(desc):
    # One entry per serializer class; a class that comes out differently per action gets #2, #3...
    key, n = desc['class'], 1
    while key in SERIALIZERS and SERIALIZERS[key] != desc:
        n += 1
        key = '%s#%d' % (desc['class'], n)
    SERIALIZERS[key] = desc
    return key

def make_view(cb, cls, actions, method, kwargs):
    """The view as dispatch() sets it up, without dispatching: a real DRF Request around an anonymous
    RequestFactory request, so that get_serializer_class() and get_queryset() may read self.request."""
    from django.contrib.auth.models import AnonymousUser
    from django.test.client import RequestFactory
    view = cls(**(getattr(cb, 'initkwargs', None) or {}))
    view.args, view.kwargs, view.format_kwarg, view.headers = (), dict(kwargs), None, {}
    if actions is not None:
        view.action_map = actions
    req = RequestFactory().generic(method, '/')
    req.user = AnonymousUser()
    view.request = view.initialize_request(req)  # sets view.action on viewsets
    view.request.user = AnonymousUser()
    return view

def serializer_of(view, label, where):
    from rest_framework.generics import GenericAPIView
    declared = getattr(view, 'serializer_class', None) is not None
    if not declared and not (isinstance(view, GenericAPIView) and type(view).get_serializer_class is not GenericAPIView.get_serializer_class):
        return None, None
    context = lambda: {'request': view.request, 'view': view, 'format': None}
    for source, build in (('get_serializer', lambda: view.get_serializer()),
                          ('get_serializer_class', lambda: view.get_serializer_class()(context=context())),
                          ('serializer_class', lambda: view.serializer_class(context=context()))):
        if hasattr(view, source) and (declared or source != 'serializer_class'):
            try:
                return register(describe_serializer(build())), source
            except (Exception, SystemExit) as exc:
                fail('urls', exc, view=label, what='%s via %s' % (where, source))
    return None, None

PAGER = ('page_size', 'max_page_size', 'page_query_param', 'page_size_query_param', 'default_limit', 'max_limit',
         'limit_query_param', 'offset_query_param', 'cursor_query_param', 'ordering')

def pagination(view):
    from rest_framework import pagination as p
    if getattr(view, 'pagination_class', None) is None:
        return None
    pager = view.pagination_class()
    style = ('cursor' if isinstance(pager, p.CursorPagination) else 'limit-offset' if isinstance(pager, p.LimitOffsetPagination)
             else 'page-number' if isinstance(pager, p.PageNumberPagination) else 'other')
    return dict({'class': remember(type(pager)), 'style': style}, **{camel(a): plain(getattr(pager, a)) for a in PAGER if hasattr(pager, a)})

def model_table(model_label):
    from django.apps import apps
    return apps.get_model(model_label)._meta.db_table

def queryset_of(view, label):
    from rest_framework.generics import GenericAPIView
    qs, source = None, None
    if isinstance(view, GenericAPIView) and (type(view).get_queryset is not GenericAPIView.get_queryset or view.queryset is not None):
        qs, source = guard('urls', view.get_queryset, view=label, what='get_queryset'), 'get_queryset'  # lazy: no query runs
    if qs is None and getattr(view, 'queryset', None) is not None:
        qs, source = view.queryset, 'queryset'
    model = getattr(qs, 'model', None)
    return {'model': model._meta.label, 'dbTable': model._meta.db_table, 'source': source} if model else None

def drf_view(cb, cls, actions, item):
    label, kwargs = item['view'], {p['name']: '1' for p in item['params'] if p['name']}
    view = make_view(cb, cls, actions, (item['methods'] or ['GET'])[0], kwargs)
    names = lambda attr: [remember(c) for c in getattr(view, attr, None) or []]
    value = lambda *attrs: plain(next((getattr(view, a) for a in attrs if getattr(view, a, None) is not None), None))
    fc = getattr(view, 'filterset_class', None) or getattr(view, 'filter_class', None)
    out = {'authenticationClasses': names('authentication_classes'), 'permissionClasses': [perm_ref(x) for x in view.permission_classes],
           'throttleClasses': names('throttle_classes'), 'rendererClasses': names('renderer_classes'),
           'parserClasses': names('parser_classes'), 'filterBackends': names('filter_backends'),
           'filtersetFields': value('filterset_fields', 'filter_fields'), 'filtersetClass': dotted(fc) if fc else None,
           'searchFields': value('search_fields'), 'orderingFields': value('ordering_fields'), 'ordering': value('ordering'),
           'lookupField': value('lookup_field'), 'lookupUrlKwarg': value('lookup_url_kwarg'),
           'pagination': guard('urls', lambda: pagination(view), view=label, what='pagination'),
           'queryset': queryset_of(view, label), 'handlers': []}
    for method in item['methods'] or []:  # per method: get_serializer_class() and get_permissions() may read the action
        where = ('%s %s' % (method, (actions or {}).get(method.lower()) or '')).strip()
        v = guard('urls', lambda: make_view(cb, cls, actions, method, kwargs), view=label, what=where)
        if v is not None:
            perms = guard('urls', lambda: [perm_ref(x) for x in v.get_permissions()], view=label, what=where + ' permissions')
            ser, source = serializer_of(v, label, where) if method != 'DELETE' else (None, None)
            out['handlers'].append({'method': method, 'action': getattr(v, 'action', None), 'permissionClasses': perms,
                                    'serializer': ser, 'serializerSource': source})
    model = next((SERIALIZERS[h['serializer']]['model'] for h in out['handlers'] if h['serializer']), None)
    if out['queryset'] is None and model:  # no queryset to ask: the serializer's model says which table
        table = guard('urls', lambda: model_table(model), view=label, what='model table')
        out['queryset'] = {'model': model, 'dbTable': table, 'source': 'serializer'}
    return out

# ---- enid checks: query parameters the view's own code reads; permission classes that read is_staff ----

QUERY_READS = re.compile(r'''(?:query_params|GET)\s*(?:\.\s*(?:get|getlist|pop)\s*\(\s*|\[\s*)['"]([A-Za-z_][\w.-]*)['"]''')
STAFF_READS = re.compile(r'\bis_(?:staff|superuser)\b')
FRAMEWORK = ('django.', 'rest_framework', 'django_filters', 'builtins')

def own_code(cb, cls):
    # The project's own code behind a view: its classes (framework bases left out), the function an
    # @api_view keeps in the closure of the handlers DRF writes, or a plain function view.
    import inspect
    if cls is None:
        return [innermost(cb)]
    found = [c for c in cls.__mro__ if c is not object and not (c.__module__ or '').startswith(FRAMEWORK)]
    for name in HTTP_METHODS:
        handler = cls.__dict__.get(name)
        if hasattr(handler, '__code__'):
            found += [v for v in cell_values(handler).values() if inspect.isfunction(v)]
    return found

def query_params_read(cb, cls):
    # Names in query_params.get('x'), GET['x'], getlist('x'): read from the source, never run.
    import inspect
    names = []
    for obj in own_code(cb, cls)[:8]:
        try:
            names += QUERY_READS.findall(inspect.getsource(obj))
        except (OSError, TypeError):
            pass  # built at run time, or the source is not shipped
    return sorted(set(names))[:30]

def resolve(name):
    import importlib
    parts = name.split('.')
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module('.'.join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    return None

def mark_staff_readers():
    # A project's permission class whose has_permission reads is_staff / is_superuser means staff.
    import inspect
    for name, info in CLASSES.items():
        if 'rest_framework.permissions.BasePermission' not in info['mro'] or name.startswith('rest_framework.'):
            continue
        def reads(name=name):
            cls = resolve(name)
            owner = next((c for c in getattr(cls, '__mro__', ()) if 'has_permission' in vars(c)), None)
            if owner is None or (owner.__module__ or '').startswith(FRAMEWORK):
                return False
            return bool(STAFF_READS.search(inspect.getsource(vars(owner)['has_permission'])))
        info['readsStaff'] = guard('urls', reads, False, view=name, what='has_permission source')

# ---- end enid checks ----

DOC = {'probe': PROBE_VERSION}
for key, section in (('versions', versions), ('settings', settings_section), ('restFramework', rest_framework_section),
                     ('auth', auth_section), ('migrations', migrations_section), ('urls', urls_section)):
    DOC[key] = guard(key, section, [] if key == 'urls' else None)
guard('urls', mark_staff_readers)  # enid checks
DOC.update(serializers=SERIALIZERS, classes=CLASSES, errors=ERRORS)
parts = []
for key, value in DOC.items():  # section by section: a value JSON cannot take costs that section only
    try:
        parts.append('%s:%s' % (json.dumps(key), json.dumps(value, default=str, separators=(',', ':'))))
    except Exception as exc:
        fail('output', exc, what=key)
        parts.append('%s:%s' % (json.dumps(key), json.dumps({'urls': [], 'serializers': {}, 'classes': {}}.get(key))))
# A newline first: whatever the project printed before may not have ended its line.
sys.stdout.write('\nENID-PROBE {' + ','.join(parts) + '}\n')
sys.stdout.flush()
`;
