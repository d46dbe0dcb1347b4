"""Supplied by enid-test: asks the running Django project about itself; prints one ENID-PROBE JSON line.

Run through 'manage.py shell -c', so the project's own manage.py chooses the settings and sys.path.
Standard library, Django and (when importable) DRF only. Every section, URL pattern, view and field is
guarded: a failure becomes an entry in 'errors' and the rest is still reported. Nothing serves a
request or writes: views are set up the way dispatch() would set them up, never dispatched.
"""
import json
import re
import sys

# Copied beside this file to /tmp/enid/, which the bootstrap puts on sys.path (run-probe.ts).
from enid_url_walk import HTTP_METHODS, cell_values, describe_pattern, dotted, innermost, plain, view_actions, view_class, walk_urls

PROBE_VERSION = 1
ERRORS, CLASSES, SERIALIZERS = [], {}, {}

def fail(section, exc, view=None, what=None):
    text = re.sub(r' at 0x[0-9a-f]+', '', (str(exc).strip().splitlines() or [''])[0])[:300]  # stable across runs
    ERRORS.append({'section': section, 'view': view, 'message': '%s%s: %s' % (what + ': ' if what else '', type(exc).__name__, text)})

def guard(section, fn, default=None, view=None, what=None):
    try:
        return fn()
    except (Exception, SystemExit) as exc:  # project code (and Django's questioners) may exit instead of raising
        fail(section, exc, view, what)
        return default

def camel(name):
    return re.sub(r'_(\w)', lambda m: m.group(1).upper(), name)

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
    # What 'makemigrations --check --dry-run' compares: the migration files' state against the models, with
    # translations deactivated as makemigrations' @no_translations does (under LANGUAGE_CODE='es' a lazy
    # verbose_name of django.contrib.auth comes out in Spanish, and would differ from its migration's).
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import MigrationQuestioner
    from django.db.migrations.state import ProjectState
    from django.utils import translation
    saved = translation.get_language()
    translation.deactivate_all()
    try:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        questioner = MigrationQuestioner(specified_apps=set(), dry_run=True)  # answers with defaults: never prompts, never exits
        changes = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps), questioner).changes(graph=loader.graph)
    finally:
        if saved is not None:
            translation.activate(saved)
    return [{'app': app, 'operation': type(op).__name__, 'model': getattr(op, 'model_name', None) or getattr(op, 'name', None),
             'field': getattr(op, 'name', None) if hasattr(op, 'model_name') else None, 'description': op.describe()}
            for app, migrations in changes.items() for migration in migrations for op in migration.operations]

def migrations_section():
    from django.db.migrations.loader import MigrationLoader
    return {'unapplied': guard('migrations', unapplied_migrations, what='unapplied'),
            'conflicts': guard('migrations', lambda: plain(MigrationLoader(None, ignore_no_migrations=True).detect_conflicts()), what='conflicts'),
            'changes': guard('migrations', model_changes, what='changes')}

# ---- URL patterns (walked by enid_url_walk.py) -------------------------------------------------

def describe_url(p, route, literal, params, ns):
    # The walk and the decorators are enid_url_walk's; a DRF view's policy and serializers are asked here.
    item = describe_pattern(p, route, literal, params, ns)
    cb = p.callback
    cls, actions = view_class(cb), view_actions(cb)
    if cls is not None and DRF:
        from rest_framework.views import APIView
        if issubclass(cls, APIView):
            item['drf'] = guard('urls', lambda: drf_view(cb, cls, actions, item), view=item['view'])
    if cls is None or item.get('apiViewFunction'):  # a function view: the models its code names say whose rows its parameters take
        models = guard('urls', lambda: models_named(own_function(cb, cls)), [], view=item['view'], what='models')
        if models:
            item['models'] = models
    return item

def own_function(cb, cls):
    # @api_view keeps the function in the closure of the handlers it sets on WrappedAPIView.
    if cls is not None:
        for method in HTTP_METHODS:
            fn = cell_values(getattr(getattr(cls, method, None), '__func__', getattr(cls, method, None))).get('func') if hasattr(cls, method) else None
            if callable(fn):
                return innermost(fn)
    return innermost(cb)

def models_named(fn):
    """The models a function's code names: its globals (or attributes of its global modules) that are concrete models."""
    from django.db.models import Model
    code, scope, found = getattr(fn, '__code__', None), getattr(fn, '__globals__', {}), []
    names = set(getattr(code, 'co_names', ()))
    for name in sorted(names):
        candidates = [scope.get(name)] + [getattr(m, name, None) for m in scope.values() if type(m).__name__ == 'module' and m is not sys]
        for obj in candidates:
            if isinstance(obj, type) and issubclass(obj, Model) and not obj._meta.abstract and obj._meta.label not in found:
                found.append(obj._meta.label)
    return found[:5]

def urls_section():
    return walk_urls(describe_url, lambda exc, route: fail('urls', exc, view=route))

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
            'relatedModel': rel._meta.label if isinstance(rel, type) else None, 'column': getattr(mf, 'column', None)}

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
        if desc and callable(getattr(type(ser), 'validate_' + name, None)):
            desc['validateMethod'] = True  # a rule of the service's own that no constraint above tells
        out['fields' if desc else 'failedFields'].append(desc or name)
    from rest_framework.serializers import Serializer
    if getattr(type(ser), 'validate', None) not in (None, Serializer.validate):
        out['validate'] = True  # cross-field rules of its own
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

def main():
    doc = {'probe': PROBE_VERSION}
    for key, section in (('versions', versions), ('settings', settings_section), ('restFramework', rest_framework_section),
                         ('auth', auth_section), ('migrations', migrations_section), ('urls', urls_section)):
        doc[key] = guard(key, section, [] if key == 'urls' else None)
    doc.update(serializers=SERIALIZERS, classes=CLASSES, errors=ERRORS)
    parts = []
    for key, value in doc.items():  # section by section: a value JSON cannot take costs that section only
        try:
            parts.append('%s:%s' % (json.dumps(key), json.dumps(value, default=str, separators=(',', ':'))))
        except Exception as exc:
            fail('output', exc, what=key)
            parts.append('%s:%s' % (json.dumps(key), json.dumps({'urls': [], 'serializers': {}, 'classes': {}}.get(key))))
    # A newline first: whatever the project printed before may not have ended its line.
    sys.stdout.write('\nENID-PROBE {' + ','.join(parts) + '}\n')
    sys.stdout.flush()

# The bootstrap runs the file as __main__; imported under its own name (the unit tests), it only defines.
if __name__ == '__main__':
    main()
