/**
 * N+1 detection from two measurements of one endpoint: the query count at a few rows and at more.
 * A count that grows with the rows is flagged with the growth per row, the statement that repeats,
 * the table it reads, and the fix the serializer's relations point to. Pure.
 */
import type { ProbeDocument, ProbeField, ProbeSerializer } from '../probe/types.js';
import { looksUpByKey, queryCount, tableOf } from './statements.js';
import type { StatementStat } from './types.js';

/** One measured request of a list endpoint. */
export interface SizedSample {
  rows: number;
  statements: StatementStat[];
}

/** A relation the serializer follows, and the table behind it. */
export interface RelationField {
  /** The attribute the serializer reads (`category`, `products`, first part of `author.name`). */
  source: string;
  model: string | null;
  many: boolean;
}

export interface Growth {
  perRow: number;
  statement: string;
  table?: string;
  hint: string;
}

// A query per row shows as ~1 (or more) per row; anything under half a query per extra row is a
// constant cost (a COUNT, a page of rows) that the extra rows only made visible once.
const MIN_PER_ROW = 0.5;

/** The growth between two samples, or undefined when the count is flat (or the rows did not grow). */
export function detectGrowth(a: SizedSample, b: SizedSample, relations: RelationField[] = [], tables: Record<string, string> = {}): Growth | undefined {
  const [small, large] = a.rows <= b.rows ? [a, b] : [b, a];
  const extraRows = large.rows - small.rows;
  if (extraRows <= 0) return undefined;
  const extra = queryCount(large.statements) - queryCount(small.statements);
  const perRow = extra / extraRows;
  if (perRow < MIN_PER_ROW || extra < 2) return undefined;
  const before = new Map(small.statements.map((s) => [s.query, s.calls]));
  const repeated = [...large.statements].sort((x, y) => (y.calls - (before.get(y.query) ?? 0)) - (x.calls - (before.get(x.query) ?? 0)))[0]!;
  const table = tableOf(repeated.query);
  return { perRow: Math.round(perRow * 100) / 100, statement: repeated.query, ...(table ? { table } : {}), hint: hintFor(repeated.query, table, relations, tables) };
}

/** `select_related` for a row looked up by its key (FK, one-to-one), `prefetch_related` otherwise (reverse FK, M2M), `annotate` for a COUNT. */
export function hintFor(statement: string, table: string | undefined, relations: RelationField[], tables: Record<string, string>): string {
  // A count per row is a SerializerMethodField (or property) asking each object: one annotation answers all.
  if (/^\s*SELECT\s+COUNT\(/i.test(statement)) return `annotate the count in the view's queryset (.annotate(${table ? `${table.split('_').at(-1)}_count=` : ''}Count('…'))) and read it in the serializer: a COUNT per row`;
  const field = table ? relations.find((r) => r.model && tableOfModel(r.model, tables) === table) : undefined;
  const many = field ? field.many : !(table && looksUpByKey(statement, table));
  const what = field ? `'${field.source}'` : '…';
  return many
    ? `add .prefetch_related(${what}) to the view's queryset: ${field ? `${field.source} is a reverse foreign key or many-to-many` : 'a reverse foreign key or many-to-many'} read once per row`
    : `add .select_related(${what}) to the view's queryset: ${field ? `${field.source} is a foreign key or one-to-one` : 'a foreign key or one-to-one'} read once per row`;
}

/** A model's table: as the probe saw it behind a view, else Django's default `app_model`. */
export function tableOfModel(model: string, tables: Record<string, string>): string {
  if (tables[model]) return tables[model]!;
  const [app, name] = model.split('.');
  return name ? `${app!.toLowerCase()}_${name.toLowerCase()}` : model.toLowerCase();
}

/** Model → table for every view whose queryset the probe read. */
export function modelTables(probe: ProbeDocument | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of probe?.urls ?? []) if (u.drf?.queryset?.dbTable) out[u.drf.queryset.model] = u.drf.queryset.dbTable;
  return out;
}

/** The relations a serializer follows: nested serializers, related fields and dotted sources. Readable ones first. */
export function relationFields(serializer: ProbeSerializer | undefined): RelationField[] {
  const out: RelationField[] = [];
  for (const f of serializer?.fields ?? []) {
    const model = modelOf(f);
    const many = f.many === true || f.field === 'ListSerializer' || f.field === 'ManyRelatedField';
    const source = f.source === '*' ? f.name : f.source.split('.')[0]!;
    if (model || f.source.includes('.')) out.push({ source, model, many });
  }
  const written = new Set((serializer?.fields ?? []).filter((f) => f.writeOnly).map((f) => f.source.split('.')[0]));
  return out.sort((a, b) => Number(written.has(a.source)) - Number(written.has(b.source)));
}

function modelOf(f: ProbeField): string | null {
  return f.children?.model ?? f.child?.children?.model ?? f.related?.model ?? f.child?.related?.model ?? f.modelField?.relatedModel ?? null;
}
