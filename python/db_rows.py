"""Supplied by enid-test: creates rows through the service's own models, parents before children.

Run through 'manage.py shell -c' (copied to /tmp/enid/db-rows.py). The models give the tables, columns,
defaults and foreign keys; the rows go in by COPY on Django's own connection (tens of thousands of rows
a second), or by bulk_create for a few rows or where COPY is not available, and, at volume, each list
view's page query is EXPLAINed. Input comes as JSON in ENID_DB_INPUT; the output is one 'ENID-DB {json}'
line. Standard library, Django 3.2-5.x and DRF when present. With 'commit': false everything runs in
one transaction that is rolled back, so the rows made for EXPLAIN never reach the phases after this one.
"""
import collections, datetime, decimal, io, json, os, time, uuid

# Set by run(): Django is imported only there and in the functions that need it, so that the pure
# parts (text()) import without it.
INPUT = {}
OUT = {'tables': {}, 'methods': {}, 'durationMs': 0, 'errors': [], 'plans': []}
NOW = None

def targets():
    from django.apps import apps
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

def maker(f, parents):
    """A function of the row number giving the field's value: the same rule for every row, decided once."""
    if f.choices:
        values = [c[0] for c in f.flatchoices]
        return lambda i: values[i % len(values)]
    t = f.get_internal_type()
    if f.is_relation:
        ids = parents.get(f.related_model) or []
        target = getattr(f, 'target_field', None)
        if ids and target is not None and not target.primary_key:  # ForeignKey(to_field=...)
            ids = list(f.related_model._base_manager.values_list(target.attname, flat=True)[:5000])
        ids = ids or [None]
        return lambda i: ids[i % len(ids)]
    if t in ('CharField', 'TextField', 'SlugField'):
        name, cut = f.name, f.max_length
        if not cut:
            return lambda i: 'r%d-%s' % (i, name)
        # Cut to max_length, the row number must survive: a unique code of 6 characters still differs per row.
        return lambda i: ('r%d-%s' % (i, name)) if len('r%d-%s' % (i, name)) <= cut else base36(i)[-cut:]
    if t == 'EmailField':
        return lambda i: 'r%d@example.com' % i
    if t == 'URLField':
        return lambda i: 'https://example.com/%d' % i
    if t in ('IntegerField', 'BigIntegerField', 'PositiveIntegerField', 'PositiveBigIntegerField'):
        return (lambda i: i + 1) if f.unique else (lambda i: 1 + i % 1000)
    if t in ('SmallIntegerField', 'PositiveSmallIntegerField'):
        return lambda i: 1 + i % 100
    if t == 'DecimalField':
        one = decimal.Decimal(1)
        return lambda i: one
    if t == 'FloatField':
        return lambda i: 1.0
    if t == 'BooleanField':
        return lambda i: True
    if t == 'DateField':
        day = datetime.date(2020, 1, 1)
        return lambda i: day + datetime.timedelta(days=i % 1500)
    if t == 'DateTimeField':
        return lambda i: NOW - datetime.timedelta(minutes=i)
    if t == 'TimeField':
        return lambda i: datetime.time(12, 0)
    if t == 'DurationField':
        return lambda i: datetime.timedelta(seconds=i)
    if t == 'UUIDField':
        return lambda i: uuid.uuid4()
    if t == 'JSONField':
        return lambda i: {}
    if t == 'GenericIPAddressField':
        return lambda i: '10.0.%d.%d' % (i // 250 % 250, i % 250 + 1)
    if t == 'BinaryField':
        return lambda i: b''
    return None

AUTO = ('AutoField', 'BigAutoField', 'SmallAutoField')

def columns(m, parents):
    """(field, value function) for every column a new row needs: defaults called, timestamps filled."""
    out = []
    for f in m._meta.local_concrete_fields:
        if f.primary_key and f.get_internal_type() in AUTO:
            continue
        if getattr(f, 'auto_now', False) or getattr(f, 'auto_now_add', False):
            make = maker(f, parents)
        elif f.has_default():
            make = (lambda f: lambda i: f.get_default())(f)
        elif not f.null or f.is_relation:
            make = maker(f, parents)
            if make is None or (f.is_relation and not f.null and not parents.get(f.related_model)):
                raise ValueError('no value for %s.%s (%s)' % (m._meta.label, f.name, f.get_internal_type()))
        else:
            make = lambda i: None
        out.append((f, make))
    return out

def base36(n):
    digits, out = '0123456789abcdefghijklmnopqrstuvwxyz', ''
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def text(v):
    """One value in COPY's text format."""
    if v is None:
        return '\\N'
    if v is True or v is False:
        return 't' if v else 'f'
    if isinstance(v, (bytes, bytearray, memoryview)):
        return '\\\\x' + bytes(v).hex()
    if isinstance(v, (dict, list)):
        v = json.dumps(v)
    elif isinstance(v, (datetime.date, datetime.time)):
        v = v.isoformat()
    elif isinstance(v, datetime.timedelta):
        v = '%d microseconds' % (v // datetime.timedelta(microseconds=1))
    elif hasattr(v, 'value') and not isinstance(v, (str, int, float, decimal.Decimal)):
        v = v.value
    return str(v).replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')

def copy_rows(m, cols, rows, offset):
    """COPY FROM STDIN on the connection Django holds, in chunks; False where COPY is not available."""
    from django.db import connection
    raw = connection.cursor().cursor
    copy_expert, copy = getattr(raw, 'copy_expert', None), getattr(raw, 'copy', None)
    if connection.vendor != 'postgresql' or m._meta.parents or not (copy_expert or copy):
        return False
    qn = connection.ops.quote_name
    sql = 'COPY %s (%s) FROM STDIN' % (qn(m._meta.db_table), ', '.join(qn(f.column) for f, _ in cols))
    makers = [make for _, make in cols]
    for start in range(0, rows, 20000):
        data = ''.join('\t'.join([text(make(i)) for make in makers]) + '\n' for i in range(offset + start, offset + min(rows, start + 20000)))
        if copy_expert:  # psycopg2
            copy_expert(sql, io.StringIO(data))
        else:  # psycopg 3
            with copy(sql) as c:
                c.write(data)
    return True

def create(m, rows, parents):
    offset = INPUT.get('offset', 0)
    cols = columns(m, parents)
    method = 'copy'
    if rows < 200 or not copy_rows(m, cols, rows, offset):
        # Few rows, or no COPY: the models' own bulk_create.
        method = 'bulk_create'
        names = [f.attname for f, _ in cols]
        objs = [m(**dict(zip(names, [make(i) for _, make in cols]))) for i in range(offset, offset + rows)]
        m._base_manager.bulk_create(objs, batch_size=max(1, min(2000, 60000 // max(1, len(names)))))
    parents[m] = list(m._base_manager.values_list('pk', flat=True)[:5000])
    OUT['tables'][m._meta.db_table] = rows
    OUT['methods'][m._meta.db_table] = method

def explain(ep):
    from django.db import connection
    from django.urls import resolve
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIRequestFactory, force_authenticate
    match = resolve(ep['path'])
    cls = match.func.cls
    view = cls(**getattr(match.func, 'initkwargs', {}))
    actions = getattr(match.func, 'actions', None)
    if actions:
        view.action_map = actions
        view.action = actions.get('get')
    raw = APIRequestFactory().get(ep['path'], ep.get('query') or {})
    # As a user: a queryset filtered by request.user is what the view really runs for a signed-in client.
    user = get_user_model()._base_manager.order_by('pk').first()
    if user is not None:
        force_authenticate(raw, user=user)
    request = view.initialize_request(raw, *match.args, **match.kwargs)
    view.request, view.args, view.kwargs, view.format_kwarg, view.headers = request, match.args, match.kwargs, None, {}
    qs = view.filter_queryset(view.get_queryset())
    # EXPLAIN by hand: QuerySet.explain() formats JSON plans differently across Django versions.
    sql, params = qs[: ep['size']].query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute('EXPLAIN (FORMAT JSON) ' + sql, params)
        plan = cur.fetchone()[0]
    return json.loads(plan) if isinstance(plan, str) else plan

def main():
    from django.db import connection, transaction
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

# --- seed at volume (src/seed/volume-seed.ts): the rows of --rows the API did not create ---------------
# Each collection's payloads (the seed phase's generator, as JSON lines in a file) go in by COPY. A column
# the payload fills takes its value through the model field; one it does not (an owner perform_create
# sets from request.user, a field the view fills) takes the value the service gave most of the rows it
# created through the API (INPUT seed[].apiIds); unique ones get a value of their own; timestamps as above.
SEED_OFFSET = 3000000

def seed_value(f, v, known):
    """The payload's value as the column stores it, or raise: a relation must point at an existing row."""
    if not f.is_relation:
        return f.clean(v, None)
    target = f.target_field
    v = target.to_python(v)
    if f.name not in known:
        known[f.name] = set(f.related_model._base_manager.values_list(target.attname, flat=True)[:100000])
    if v not in known[f.name]:
        raise ValueError('no %s row %r' % (f.related_model._meta.label, v))
    return v

def seed_fallback(m, f, api_ids):
    """How a column the payload does not fill (or fills with a value the field refuses) gets its value."""
    if getattr(f, 'auto_now', False) or getattr(f, 'auto_now_add', False):
        return maker(f, {})
    if f.unique or f.primary_key:
        return (lambda i: f.get_default()) if f.has_default() else maker(f, {})
    values = list(m._base_manager.filter(pk__in=api_ids).order_by('pk').values_list(f.attname, flat=True)) if api_ids else []
    if values:
        common = collections.Counter(values).most_common(1)[0][0]
        return lambda i: common
    if f.has_default():
        return lambda i: f.get_default()
    if f.null:
        return lambda i: None
    return maker(f, {})

def seed_column(m, f, payloads, api_ids):
    """The column's values for every payload row."""
    from django.contrib.auth import get_user_model
    if f.name == 'password' and m is get_user_model():
        # Never a payload's plain text in the hash column: an unusable password, as set_unusable_password() gives.
        from django.contrib.auth.hashers import make_password
        return [make_password(None) for _ in payloads]
    fallback = seed_fallback(m, f, api_ids)
    if fallback is None:
        raise ValueError('no value for %s.%s (%s)' % (m._meta.label, f.name, f.get_internal_type()))
    unique = f.unique or f.primary_key
    own = maker(f, {}) if unique else None
    seen = set(m._base_manager.values_list(f.attname, flat=True)) if unique else None
    known, out = {}, []
    for i, p in enumerate(payloads):
        key = f.name if f.name in p else f.attname if f.attname in p else None
        try:
            v = seed_value(f, p[key], known) if key else fallback(SEED_OFFSET + i)
        except Exception:
            v = fallback(SEED_OFFSET + i)
        if seen is not None:
            if v in seen and own is not None:  # one duplicate would fail the whole COPY
                v = own(SEED_OFFSET + i)
            seen.add(v)
        out.append(v)
    return out

def seed():
    from django.apps import apps
    from django.db import transaction
    started = time.time()
    OUT['seeded'] = {}
    by_table = {m._meta.db_table: m for m in apps.get_models() if not m._meta.proxy and m._meta.managed}
    for spec in INPUT['seed']:
        m = by_table.get(spec['table'])
        if m is None:
            OUT['errors'].append('%s: no model has the table %s' % (spec['path'], spec['table']))
            continue
        try:
            with open(spec['file'], encoding='utf-8') as fh:
                payloads = [json.loads(line) for line in fh if line.strip()]
            with transaction.atomic():
                fields = [f for f in m._meta.local_concrete_fields if not (f.primary_key and f.get_internal_type() in AUTO)]
                columns_ = [seed_column(m, f, payloads, spec.get('apiIds') or []) for f in fields]
                cols = [(f, (lambda c: lambda i: c[i])(c)) for f, c in zip(fields, columns_)]
                method = 'copy'
                if not copy_rows(m, cols, len(payloads), 0):
                    method = 'bulk_create'
                    names = [f.attname for f in fields]
                    m._base_manager.bulk_create([m(**dict(zip(names, row))) for row in zip(*columns_)], batch_size=500)
            OUT['seeded'][spec['path']] = {'rows': len(payloads), 'method': method}
        except Exception as e:
            OUT['errors'].append('%s: %s: %s' % (spec['path'], type(e).__name__, str(e).splitlines()[0] if str(e) else ''))
    OUT['durationMs'] = round((time.time() - started) * 1000)
# --- end of seed at volume ---------------------------------------------------------------------------------

def run():
    global INPUT, NOW
    from django.conf import settings
    from django.db import transaction
    INPUT = json.loads(os.environ['ENID_DB_INPUT'])
    NOW = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc if settings.USE_TZ else None)
    with transaction.atomic():
        seed() if INPUT.get('seed') else main()
        if not INPUT.get('commit'):
            transaction.set_rollback(True)
    print('ENID-DB ' + json.dumps(OUT, default=str))

# The bootstrap runs the file as __main__; imported under its own name (the unit tests), it only defines.
if __name__ == '__main__':
    run()
