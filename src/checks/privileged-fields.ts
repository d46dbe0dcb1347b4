/**
 * Fields a client must not set: those the serializer marks read-only, privileged flags (`is_staff`,
 * `is_superuser`) and owner fields (a relation to the user model named like an owner). Each is sent with
 * a value the server would not pick itself, and what was stored decides: the client set it or not.
 */
import type { Row } from '../api/endpoints.js';
import type { CollectionResource } from '../api/resource-types.js';
import type { FieldSchema } from '../api/schema.js';
import { sameValue } from '../flows/compare.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { createRow, ok, readRow, type OwnRow } from './rows.js';

const PRIVILEGED_FLAG = /^(is_staff|is_superuser|is_admin)$/;
const OWNER = /^(owner|user|creator|created_by|owned_by|author|submitted_by|posted_by)(_id)?$/;
// Read-only fields whose value is the server's by nature: keys, links, timestamps.
const SERVER_MADE = /^(id|pk|uuid|url|slug|created|updated|modified|(date_)?(created|updated|modified|joined)(_at|_on|_date)?)$/;
const CRAFTABLE = new Set(['boolean', 'integer', 'decimal', 'float', 'string', 'choice', 'date']);

/** A value of the field's kind that differs from `current` (what the server stored without being asked). */
export function craftedValue(field: FieldSchema, current: unknown): unknown {
  switch (field.kind) {
    case 'boolean': return current !== true;
    case 'integer': return typeof current === 'number' ? current + 7 : 7;
    case 'float': return typeof current === 'number' ? current + 7.5 : 7.5;
    case 'decimal': return (Number(current ?? 0) + 7).toFixed(field.decimalPlaces ?? 2);
    case 'choice': return field.choices?.map((c) => c.value).find((v) => v !== null && v !== '' && !sameValue(v, current)) ?? undefined;
    case 'date': return current === '2001-02-03' ? '2002-03-04' : '2001-02-03';
    case 'string': return current === 'enid-crafted' ? 'enid-crafted-2' : 'enid-crafted';
    default: return undefined;
  }
}

/** Read-only fields worth trying: model fields the client could plausibly want to set. */
export function craftableReadOnly(fields: readonly FieldSchema[]): FieldSchema[] {
  return fields.filter((f) => f.readOnly && CRAFTABLE.has(f.kind) && !SERVER_MADE.test(f.name) && !/_(at|on)$/.test(f.name));
}

const rowOf = (b: unknown): Row | undefined => (typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Row) : undefined);

/** The row as stored, read by its creator, else by the run's user (a row filed under someone else is theirs to read). */
async function storedRow(env: CheckEnv, c: CollectionResource, own: OwnRow, who: 'a' | 'b'): Promise<Row | undefined> {
  for (const reader of who === 'a' ? ['a' as const] : ['b' as const, 'a' as const]) {
    const read = await readRow(env, c, own, reader);
    if (read?.status === 200) return rowOf(read.response?.body);
  }
  return undefined;
}

/** Runs the check on one collection that takes POST. */
export async function checkPrivileged(env: CheckEnv, book: CheckBook, c: CollectionResource, readFields: readonly FieldSchema[], users: { bId?: string | number; userModel?: string }): Promise<void> {
  const check = 'privilegedFields';
  const readOnly = craftableReadOnly(readFields);
  const flags = c.schema.writableFields.filter((f) => PRIVILEGED_FLAG.test(f.name) && f.kind === 'boolean');
  const owners = c.schema.writableFields.filter((f) => f.kind === 'related' && !f.many && OWNER.test(f.name) && (!users.userModel || f.relatedModel === users.userModel));
  if (!readOnly.length && !flags.length && !owners.length) return;
  const base = await createRow(env, c, 'a');
  if (base.sent) serverError(book, base.sent, 'a generated valid body');
  if (!base.own) {
    book.skip(check, `${c.path}: no row to compare with (${base.why})`);
    return;
  }
  // What the server stores when nobody asks: the crafted values must differ from it.
  const baseline = (await storedRow(env, c, base.own, 'a')) ?? base.own.row;
  const crafted: Record<string, unknown> = {};
  for (const f of readOnly) {
    const v = craftedValue(f, baseline[f.name]);
    if (v !== undefined && f.name in baseline) crafted[f.name] = v;
  }
  if (Object.keys(crafted).length) await trySet(env, book, c, 'a', crafted, readFields, 'read-only');
  // Flags and owners go in as the second user, a plain one: what staff may do is not the question.
  if (!env.session.has('b')) {
    if (flags.length || owners.length) book.skip(check, `${c.path}: no second user to send ${[...flags, ...owners].map((f) => f.name).join(', ')} as`);
    return;
  }
  const privileged: Record<string, unknown> = {};
  for (const f of flags) privileged[f.name] = true;
  // The owner the run's own user got on its row is another user than the second one.
  for (const f of owners) if (baseline[f.name] !== undefined && baseline[f.name] !== null && !sameValue(baseline[f.name], users.bId)) privileged[f.name] = baseline[f.name];
  if (Object.keys(privileged).length) await trySet(env, book, c, 'b', privileged, readFields, 'privileged');
}

async function trySet(env: CheckEnv, book: CheckBook, c: CollectionResource, who: 'a' | 'b', values: Record<string, unknown>, readFields: readonly FieldSchema[], kind: string): Promise<void> {
  const check = 'privilegedFields';
  const made = await createRow(env, c, who, values);
  if (!made.sent || serverError(book, made.sent, `${kind} fields ${Object.keys(values).join(', ')}`)) return;
  if (!ok(made.sent.status)) {
    book.skip(check, `${c.path}: a body with ${kind} fields answered ${made.sent.status}`);
    return;
  }
  book.judged(check);
  const stored = (made.own ? await storedRow(env, c, made.own, who) : undefined) ?? rowOf(made.sent.response?.body);
  if (!stored) return;
  const set = Object.entries(values).filter(([name, v]) => name in stored && sameValue(v, stored[name], readFields.find((f) => f.name === name)));
  if (!set.length) return;
  const who2 = who === 'b' ? 'a second, plain user' : 'the client';
  book.file(check, made.sent, `${who2} set ${kind} field(s) ${set.map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ')} on create, and the row stored them`);
}
