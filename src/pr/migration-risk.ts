/**
 * The risk of each migration operation the head adds, judged from what Django reports of it (the
 * migration script in the head container describes every operation of the migrations the base
 * database lacks): what rewrites or locks a large table, what breaks the base code still running
 * during a rolling deploy, what cannot be undone. What PostgreSQL really locked and for how long is
 * measured separately, on the base's data; this says why. Pure.
 */
import type { MigrationFlag } from './types.js';

/** A column as Django's field describes it (the script's `field` / `before`). */
export interface PlannedColumn {
  /** `varchar(120)`, `integer`, `timestamp with time zone`; null when Django could not say. */
  dbType: string | null;
  null: boolean;
  /** A Python-side default (`default=`), used by Django only while adding the column. */
  hasDefault: boolean;
  /** The default is a callable (`timezone.now`, `uuid.uuid4`): evaluated once, for every row. */
  callableDefault: boolean;
  /** Django 5's `db_default`, as SQL, when set: it stays on the column. */
  dbDefault?: string | null;
  /** db_default is a volatile expression: PostgreSQL rewrites the table to fill it. */
  volatileDbDefault?: boolean;
  index: boolean;
  unique: boolean;
  /** A foreign key (an index and a constraint every row is checked against). */
  relation: boolean;
}

/** One operation of a pending migration. */
export interface PlannedOperation {
  /** Django's operation class: AddField, AlterField, RunPython, AddIndexConcurrently, … */
  op: string;
  /** `app.Model` for model operations. */
  model: string | null;
  /** The field (the new name for RenameField). */
  field: string | null;
  /** RenameField's old name. */
  oldField?: string | null;
  /** The model's table before the operation. */
  table: string | null;
  /** The column after (AddField, AlterField) and before (AlterField, RemoveField). */
  column?: PlannedColumn | null;
  before?: PlannedColumn | null;
  reversible: boolean;
  /** RunPython's function, RunSQL's first line, an index name: what to call it by. */
  detail?: string;
}

/** A migration the base database lacks, in plan order. */
export interface PlannedMigration {
  app: string;
  name: string;
  atomic: boolean;
  operations: PlannedOperation[];
}

/** When a table counts as large: rewriting or scanning it under a lock stalls the service. */
export interface RiskOptions {
  /** Rows per table at which a lock or rewrite is judged `high` (default 10 000). */
  largeRows?: number;
  /** Rows per table, when known (measured at volume). */
  rows?: Record<string, number>;
}

const INDEX_OPS = new Set(['AddIndex', 'AddConstraint', 'AlterUniqueTogether', 'AlterIndexTogether']);
// A varchar made longer, or made text, is a catalogue change in PostgreSQL: no rewrite.
const widened = (from: string, to: string): boolean => {
  const a = /^varchar\((\d+)\)$/.exec(from);
  const b = /^varchar\((\d+)\)$/.exec(to);
  return (!!a && to === 'text') || (!!a && !!b && Number(b[1]) >= Number(a[1]));
};

/** `AddField catalog.Book.published_at`, `RunPython catalog.0003 (backfill)`. */
export function operationLabel(o: PlannedOperation, migration?: Pick<PlannedMigration, 'app' | 'name'>): string {
  if (o.model) return `${o.op} ${o.model}${o.field ? `.${o.field}` : ''}`;
  return `${o.op}${migration ? ` ${migration.app}.${migration.name}` : ''}${o.detail ? ` (${o.detail})` : ''}`;
}

/** The risks of one operation; none for the safe ones (a nullable column, a new table, a concurrent index). */
export function classifyOperation(o: PlannedOperation, options: RiskOptions = {}, migration?: Pick<PlannedMigration, 'app' | 'name'>): MigrationFlag[] {
  const out: MigrationFlag[] = [];
  const operation = operationLabel(o, migration);
  const rows = o.table ? options.rows?.[o.table] : undefined;
  const large = rows !== undefined && rows >= (options.largeRows ?? 10_000);
  const on = o.table ? `${o.table}${rows !== undefined ? ` (${rows.toLocaleString('en-US')} rows)` : ''}` : 'its table';
  const lockLevel = large ? 'high' : 'medium';
  const flag = (rule: string, level: MigrationFlag['level'], detail: string): void => { out.push({ rule, level, operation, detail }); };
  const col = o.column;
  if (o.op === 'AddField' && col && !col.null) {
    if ((col.hasDefault && col.callableDefault) || col.volatileDbDefault) {
      flag('add-not-null-volatile-default', lockLevel, col.volatileDbDefault
        ? `a NOT NULL column with a volatile db_default (${col.dbDefault}): PostgreSQL rewrites ${on} under an ACCESS EXCLUSIVE lock`
        : `a NOT NULL column with a callable default: Django evaluates it once and writes that one value into every row of ${on}, under an ACCESS EXCLUSIVE lock`);
    }
    if (!col.dbDefault) flag('add-not-null-without-db-default', 'high', `Django drops the column default once ${o.field} is added: the base code's INSERTs into ${o.table ?? 'the table'}, which do not name it, violate NOT NULL until the new code runs (a rolling deploy breaks)`);
  }
  if (o.op === 'AlterField' && col && o.before) {
    const from = o.before.dbType;
    const to = col.dbType;
    if (from && to && from !== to) {
      if (widened(from, to)) flag('alter-field-type-widened', 'low', `${from} → ${to}: a catalogue change, no rewrite`);
      else flag('alter-field-type', lockLevel, `${from} → ${to}: PostgreSQL rewrites ${on} under an ACCESS EXCLUSIVE lock, and the base code may write values the new type refuses`);
    }
    if (o.before.null && !col.null) flag('set-not-null', lockLevel, `SET NOT NULL scans all of ${on} under an ACCESS EXCLUSIVE lock, and the base code may still write NULL`);
  }
  const newIndex = (o.op === 'AddField' && col && (col.index || col.unique || col.relation))
    || (o.op === 'AlterField' && col && o.before && ((col.index && !o.before.index) || (col.unique && !o.before.unique)))
    || INDEX_OPS.has(o.op);
  if (newIndex) flag('index-not-concurrent', lockLevel, `CREATE INDEX without CONCURRENTLY blocks every write to ${on} while it builds${col?.relation && o.op === 'AddField' ? '; the foreign key is validated against every row' : ''} (AddIndexConcurrently in a non-atomic migration avoids it)`);
  if (o.op === 'RemoveField') {
    flag('remove-field', 'high', `the base code still selects ${o.field} from ${o.table ?? 'the table'}: its queries of ${o.model} fail until the new code runs`);
    flag('irreversible', 'medium', `the data in ${o.field} is gone: reversing re-adds an empty column`);
  }
  if (o.op === 'DeleteModel') flag('irreversible', 'medium', `the rows of ${o.table ?? o.model} are gone: reversing re-creates an empty table`);
  if (o.op === 'RenameField') flag('rename-column', 'high', `the base code still reads ${o.oldField ?? 'the old column'} from ${o.table ?? 'the table'}: its queries of ${o.model} fail until the new code runs (add the new column, copy, then drop in a later release)`);
  if (o.op === 'RenameModel' || o.op === 'AlterModelTable') flag('rename-table', 'high', `the base code still reads ${o.table ?? 'the old table'}: its queries fail until the new code runs`);
  if (o.op === 'RunPython') flag('run-python', 'medium', `runs ${o.detail ?? 'Python'} inside the migration: over a large table it holds its row locks for the whole transaction, and its time grows with the rows`);
  if (o.op === 'RunSQL') flag('run-sql', 'low', 'raw SQL: what it locks is only known from running it (see the locks measured)');
  if (!o.reversible && (o.op === 'RunPython' || o.op === 'RunSQL')) flag('irreversible', 'medium', `no ${o.op === 'RunPython' ? 'reverse_code' : 'reverse_sql'}: \`migrate\` back to the previous migration fails`);
  else if (!o.reversible && !out.some((f) => f.rule === 'irreversible')) flag('irreversible', 'medium', `${o.op} cannot be reversed`);
  return out;
}

/** Every flag of a migration, and whether it can be reversed without losing data. */
export function classifyMigration(m: PlannedMigration, options: RiskOptions = {}): { flags: MigrationFlag[]; reversible: boolean } {
  const flags = m.operations.flatMap((o) => classifyOperation(o, options, m));
  return { flags, reversible: !flags.some((f) => f.rule === 'irreversible') };
}
