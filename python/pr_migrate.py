"""PR mode: the head's migrations on the BASE database, run in the HEAD container through its
manage.py (`manage.py shell`) with the database settings pointed at the base's database.

Lists the migrations the head has and that database lacks, every operation described as Django sees it
(class, model, table, the column before and after with its db type, null, default, index, whether it
can be reversed). With "apply", it then applies them one by one, as `migrate` would, timing each and
reading pg_locks from inside each migration's transaction (deferred SQL such as index builds runs
first, so its locks show), with lock_timeout as a guard.

Input: ENID_MIGRATE_INPUT = {"apply": bool, "lockTimeoutMs": int}; output: one `ENID-MIGRATE {json}` line.
Dependency-free; Python 3.8+, Django 3.2-5.x. Read by src/pr/migrate-base.ts.
"""
import json, os, time, traceback

INPUT = json.loads(os.environ.get('ENID_MIGRATE_INPUT') or '{}')
OUT = {'migrations': [], 'rows': {}, 'errors': [], 'applied': 0}
VOLATILE = ('random', 'uuid', 'clock_timestamp', 'nextval', 'timeofday')


def main():
    from django.db import DEFAULT_DB_ALIAS, connection
    from django.db.migrations.executor import MigrationExecutor
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    state = executor._create_project_state(with_applied_migrations=True)
    walk = state.clone()
    for migration, backwards in plan:
        ops = []
        for op in migration.operations:
            ops.append(describe(op, migration.app_label, walk, connection))
            op.state_forwards(migration.app_label, walk)
        OUT['migrations'].append({'app': migration.app_label, 'name': migration.name, 'atomic': bool(getattr(migration, 'atomic', True)), 'operations': ops})
    if not INPUT.get('apply') or not plan:
        return
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cur:
        for m in OUT['migrations']:
            for o in m['operations']:
                t = o.get('table')
                if t and t in tables and t not in OUT['rows']:
                    cur.execute('SELECT count(*) FROM ' + connection.ops.quote_name(t))
                    OUT['rows'][t] = cur.fetchone()[0]
        cur.execute('SET lock_timeout = %s', [str(int(INPUT.get('lockTimeoutMs') or 5000)) + 'ms'])
    for (migration, backwards), out in zip(plan, OUT['migrations']):
        started = time.perf_counter()
        try:
            with connection.schema_editor(atomic=migration.atomic) as editor:
                state = migration.apply(state, editor)
                # Index builds and constraints are deferred to the editor's exit: run them now, in the
                # same transaction, so the locks they take are read below.
                while editor.deferred_sql:
                    editor.execute(editor.deferred_sql.pop(0))
                out['locks'] = own_locks(connection)
                executor.record_migration(migration)
        except Exception as e:
            out['durationMs'] = round((time.perf_counter() - started) * 1000, 1)
            out['error'] = '%s: %s' % (type(e).__name__, str(e).strip().split('\n')[0][:300])
            return
        out['durationMs'] = round((time.perf_counter() - started) * 1000, 1)
        OUT['applied'] += 1
    try:
        from django.core.management.sql import emit_post_migrate_signal
        emit_post_migrate_signal(0, False, DEFAULT_DB_ALIAS)
    except Exception as e:
        OUT['errors'].append('post_migrate: %s' % e)


def own_locks(connection):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation' "
            "AND c.relnamespace <> 'pg_catalog'::regnamespace")
        return [{'relation': r[0], 'mode': r[1]} for r in cur.fetchall()]


def model_state(state, app, name):
    return state.models.get((app, (name or '').lower()))


def table_of(state, app, name):
    ms = model_state(state, app, name)
    if ms is None:
        return None
    return ms.options.get('db_table') or '%s_%s' % (app, ms.name_lower)


def field_of(state, app, model, name):
    ms = model_state(state, app, model)
    if ms is None or not name:
        return None
    fields = ms.fields if isinstance(ms.fields, dict) else dict(ms.fields)
    return fields.get(name)


def column(field, state, app, model, connection):
    if field is None or getattr(field, 'many_to_many', False):
        return None
    try:
        db_type = field.db_type(connection)
    except Exception:
        db_type = None
    if db_type is None and field.is_relation:
        # An unbound foreign key names its target as text: its column has the target key's type.
        try:
            target = field.remote_field.model
            if isinstance(target, str):
                target = state.apps.get_model(target if '.' in target else '%s.%s' % (app, target))
            to_field = (getattr(field, 'to_fields', None) or [None])[0]
            key = target._meta.get_field(to_field) if to_field else target._meta.pk
            db_type = key.rel_db_type(connection)
        except Exception:
            db_type = None
    from django.db.models.fields import NOT_PROVIDED
    db_default = getattr(field, 'db_default', NOT_PROVIDED)
    has_default = field.has_default()
    out = {
        'dbType': db_type, 'null': bool(field.null), 'hasDefault': has_default,
        'callableDefault': bool(has_default and callable(field.default)),
        'index': bool(field.db_index), 'unique': bool(field.unique and not field.primary_key),
        'relation': bool(field.is_relation and (field.many_to_one or field.one_to_one)),
    }
    if db_default is not NOT_PROVIDED:
        text = repr(db_default)
        out['dbDefault'] = text[:200]
        out['volatileDbDefault'] = any(v in text.lower() for v in VOLATILE)
    return out


def describe(op, app, state, connection):
    kind = type(op).__name__
    model = getattr(op, 'model_name', None) or (getattr(op, 'name', None) if kind in ('CreateModel', 'DeleteModel', 'AlterModelTable', 'AlterModelOptions') else None)
    if kind == 'RenameModel':
        model = op.old_name
    ms = model_state(state, app, model) if model else None
    out = {
        'op': kind, 'model': '%s.%s' % (app, ms.name if ms else model) if model else None, 'field': None,
        'table': table_of(state, app, model) if model else None, 'reversible': bool(getattr(op, 'reversible', True)),
    }
    if kind in ('AddField', 'AlterField', 'RemoveField'):
        out['field'] = op.name
        before = field_of(state, app, model, op.name)
        if kind != 'AddField':
            out['before'] = column(before, state, app, model, connection)
        if kind != 'RemoveField':
            out['column'] = column(op.field, state, app, model, connection)
    elif kind == 'RenameField':
        out['field'] = op.new_name
        out['oldField'] = op.old_name
    elif kind == 'RunPython':
        out['detail'] = getattr(op.code, '__name__', 'code')
    elif kind == 'RunSQL':
        sql = op.sql if isinstance(op.sql, str) else ' '.join(str(s) for s in op.sql)
        out['detail'] = sql.strip().split('\n')[0][:80]
    elif kind in ('AddIndex', 'AddIndexConcurrently', 'RemoveIndex'):
        out['detail'] = getattr(getattr(op, 'index', None), 'name', None) or getattr(op, 'name', None)
    elif kind in ('AddConstraint', 'RemoveConstraint'):
        out['detail'] = getattr(getattr(op, 'constraint', None), 'name', None) or getattr(op, 'name', None)
    return out


try:
    main()
except Exception as e:
    OUT['errors'].append('%s: %s' % (type(e).__name__, e))
    OUT['traceback'] = traceback.format_exc()[-2000:]
print('ENID-MIGRATE ' + json.dumps(OUT, default=str))

