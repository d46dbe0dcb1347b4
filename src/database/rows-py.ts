/**
 * The script that creates rows inside the service container through its own models (`bulk_create`,
 * parents before children) and, at volume, EXPLAINs each list view's page query. Input comes as JSON
 * in ENID_DB_INPUT; the output is one `ENID-DB {json}` line. Dependency-free; Django 3.2–5.x and DRF
 * when present. With `commit: false` everything runs in one transaction that is rolled back, so the
 * rows made for EXPLAIN never reach the phases after this one.
 */
export const ROWS_PY = String.raw`
import datetime, decimal, json, os, time, uuid
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

INPUT = json.loads(os.environ['ENID_DB_INPUT'])
OUT = {'tables': {}, 'durationMs': 0, 'errors': [], 'plans': []}
NOW = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc if settings.USE_TZ else None)

def targets():
    by_table = {m._meta.db_table: m for m in apps.get_models() if not m._meta.proxy and m._meta.managed}
    order, seen = [], set()
    def visit(m, depth=0):
        if m in seen or depth > 8:
            return
        seen.add(m)
        for f in m._meta.concrete_fields:
            if (f.many_to_one or f.one_to_one) and not f.null and f.related_model is not m:
                visit(f.related_model, depth + 1)
        order.append(m)
    for t in INPUT['tables']:
        if t in by_table:
            visit(by_table[t])
    return order

def value(f, i, parents):
    if f.choices:
        return list(f.flatchoices)[i % len(f.flatchoices)][0]
    t = f.get_internal_type()
    if f.is_relation:
        ids = parents.get(f.related_model)
        return ids[i % len(ids)] if ids else None
    if t in ('CharField', 'TextField', 'SlugField'):
        s = 'r%d-%s' % (i, f.name)
        return s[: f.max_length] if f.max_length else s
    if t == 'EmailField':
        return 'r%d@example.com' % i
    if t == 'URLField':
        return 'https://example.com/%d' % i
    if t in ('IntegerField', 'BigIntegerField', 'PositiveIntegerField', 'PositiveBigIntegerField'):
        return i + 1 if f.unique else 1 + i % 1000
    if t in ('SmallIntegerField', 'PositiveSmallIntegerField'):
        return 1 + i % 100
    if t == 'DecimalField':
        return decimal.Decimal(1)
    if t == 'FloatField':
        return 1.0
    if t == 'BooleanField':
        return True
    if t == 'DateField':
        return datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 1500)
    if t == 'DateTimeField':
        return NOW - datetime.timedelta(minutes=i)
    if t == 'TimeField':
        return datetime.time(12, 0)
    if t == 'DurationField':
        return datetime.timedelta(seconds=i)
    if t == 'UUIDField':
        return uuid.uuid4()
    if t == 'JSONField':
        return {}
    if t == 'GenericIPAddressField':
        return '10.0.%d.%d' % (i // 250 % 250, i % 250 + 1)
    if t == 'BinaryField':
        return b''
    return None

def create(m, rows, parents):
    fields = [f for f in m._meta.concrete_fields if not f.primary_key and not getattr(f, 'auto_now', False) and not getattr(f, 'auto_now_add', False)]
    fill = [f for f in fields if not f.has_default() and (not f.null or f.is_relation)]
    objs = []
    for i in range(rows):
        kwargs = {}
        for f in fill:
            v = value(f, i + INPUT.get('offset', 0), parents)
            if v is None and not f.null:
                raise ValueError('no value for %s.%s (%s)' % (m._meta.label, f.name, f.get_internal_type()))
            kwargs[f.attname] = v
        objs.append(m(**kwargs))
    m._base_manager.bulk_create(objs, batch_size=2000)
    parents[m] = list(m._base_manager.values_list('pk', flat=True)[:5000])
    OUT['tables'][m._meta.db_table] = rows

def explain(ep):
    from django.urls import resolve
    from rest_framework.test import APIRequestFactory
    match = resolve(ep['path'])
    cls = match.func.cls
    view = cls(**getattr(match.func, 'initkwargs', {}))
    actions = getattr(match.func, 'actions', None)
    if actions:
        view.action_map = actions
        view.action = actions.get('get')
    request = view.initialize_request(APIRequestFactory().get(ep['path'], ep.get('query') or {}), *match.args, **match.kwargs)
    view.request, view.args, view.kwargs, view.format_kwarg, view.headers = request, match.args, match.kwargs, None, {}
    qs = view.filter_queryset(view.get_queryset())
    # EXPLAIN by hand: QuerySet.explain() formats JSON plans differently across Django versions.
    sql, params = qs[: ep['size']].query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute('EXPLAIN (FORMAT JSON) ' + sql, params)
        plan = cur.fetchone()[0]
    return json.loads(plan) if isinstance(plan, str) else plan

def main():
    parents = {}
    started = time.time()
    for m in targets():
        try:
            with transaction.atomic():
                create(m, INPUT['rows'], parents)
        except Exception as e:
            OUT['errors'].append('%s: %s: %s' % (m._meta.label, type(e).__name__, str(e).splitlines()[0] if str(e) else ''))
            parents[m] = list(m._base_manager.values_list('pk', flat=True)[:5000])
    OUT['durationMs'] = round((time.time() - started) * 1000)
    if INPUT.get('explain'):
        with connection.cursor() as cur:
            for t in OUT['tables']:
                cur.execute('ANALYZE %s' % connection.ops.quote_name(t))
        for ep in INPUT['explain']:
            try:
                OUT['plans'].append({'path': ep['path'], 'query': ep.get('query'), 'plan': explain(ep)})
            except Exception as e:
                OUT['errors'].append('%s: %s: %s' % (ep['path'], type(e).__name__, str(e).splitlines()[0] if str(e) else ''))

with transaction.atomic():
    main()
    if not INPUT.get('commit'):
        transaction.set_rollback(True)
print('ENID-DB ' + json.dumps(OUT, default=str))
`;
