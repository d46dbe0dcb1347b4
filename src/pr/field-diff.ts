/**
 * Field-level contract changes of one serializer, request or response side, with oasdiff's checker ids.
 * A request change is breaking when a body the base accepted can be refused (or silently dropped) by
 * the head; a response change when a client reading the base's bodies can misread the head's. Pure.
 */
import type { ContractField } from './contract.js';
import type { ContractChange } from './types.js';

type Side = 'request' | 'response';

/** Changes from `before` to `after` fields of one endpoint's serializer. */
export function fieldChanges(side: Side, before: ContractField[], after: ContractField[], endpoint: string, serializer: string): ContractChange[] {
  const out: ContractChange[] = [];
  const add = (rule: string, breaking: boolean, field: string, detail: string): void => {
    out.push({ rule, level: breaking ? 'breaking' : 'non-breaking', endpoint, detail, serializer, field });
  };
  const now = new Map(after.map((f) => [f.name, f]));
  const was = new Map(before.map((f) => [f.name, f]));
  // A removed nested object's children are not listed again, nor an added one's.
  const under = (name: string, names: Set<string>): boolean => [...names].some((n) => name.startsWith(`${n}.`));
  const removed = new Set(before.filter((f) => !now.has(f.name)).map((f) => f.name));
  const added = new Set(after.filter((f) => !was.has(f.name)).map((f) => f.name));
  for (const name of removed) {
    if (under(name, removed)) continue;
    if (side === 'response') add('response-required-property-removed', true, name, `${name} is no longer in the response`);
    else add('request-property-removed', true, name, `${name} is no longer accepted: a value sent for it is silently ignored`);
  }
  for (const name of added) {
    if (under(name, added)) continue;
    const f = now.get(name)!;
    if (side === 'response') add('response-required-property-added', false, name, `${name} (${f.drfType}) is new in the response`);
    else if (f.required) add('new-required-request-property', true, name, `${name} (${f.drfType}) is new and required: bodies without it are refused`);
    else add('new-optional-request-property', false, name, `${name} (${f.drfType}) is new and optional`);
  }
  for (const old of before) {
    const f = now.get(old.name);
    if (f) (side === 'request' ? requestChanges : responseChanges)(old, f, add);
  }
  return out;
}

type Add = (rule: string, breaking: boolean, field: string, detail: string) => void;

const typed = (a: ContractField, b: ContractField): boolean => a.jsonType !== b.jsonType && a.jsonType !== 'any' && b.jsonType !== 'any';

function responseChanges(old: ContractField, f: ContractField, add: Add): void {
  const n = f.name;
  if (typed(old, f)) add('response-property-type-changed', true, n, `${n} changed from ${old.jsonType} (${old.drfType}) to ${f.jsonType} (${f.drfType})`);
  if (!old.allowNull && f.allowNull) add('response-property-became-nullable', true, n, `${n} may now be null`);
  const added = (f.choices ?? []).filter((c) => old.choices && !old.choices.includes(c));
  if (added.length) add('response-property-enum-value-added', false, n, `${n} may now be ${added.join(', ')}`);
}

function requestChanges(old: ContractField, f: ContractField, add: Add): void {
  const n = f.name;
  if (typed(old, f)) add('request-property-type-changed', true, n, `${n} changed from ${old.jsonType} (${old.drfType}) to ${f.jsonType} (${f.drfType})`);
  if (!old.required && f.required) add('request-property-became-required', true, n, `${n} became required: bodies without it are refused`);
  if (old.required && !f.required) add('request-property-became-optional', false, n, `${n} became optional`);
  if (old.allowNull && !f.allowNull) add('request-property-became-not-nullable', true, n, `${n} no longer accepts null`);
  if (!old.allowNull && f.allowNull) add('request-property-became-nullable', false, n, `${n} now accepts null`);
  if (!old.choices && f.choices) add('request-property-became-enum', true, n, `${n} now accepts only ${f.choices.join(', ')}`);
  if (old.choices && f.choices) {
    const gone = old.choices.filter((c) => !f.choices!.includes(c));
    const fresh = f.choices.filter((c) => !old.choices!.includes(c));
    if (gone.length) add('request-property-enum-value-removed', true, n, `${n} no longer accepts ${gone.join(', ')}`);
    if (fresh.length) add('request-property-enum-value-added', false, n, `${n} now also accepts ${fresh.join(', ')}`);
  }
  bound(add, n, 'max-length', old.maxLength, f.maxLength, 'upper');
  bound(add, n, 'min-length', old.minLength, f.minLength, 'lower');
  bound(add, n, 'max', old.maxValue, f.maxValue, 'upper');
  bound(add, n, 'min', old.minValue, f.minValue, 'lower');
}

/** A limit on what a request may send: tighter (or newly set) refuses values the base took. */
function bound(add: Add, n: string, what: 'max-length' | 'min-length' | 'max' | 'min', old: number | undefined, now: number | undefined, kind: 'upper' | 'lower'): void {
  if (old === now) return;
  const label = { 'max-length': 'max_length', 'min-length': 'min_length', max: 'max_value', min: 'min_value' }[what];
  if (old === undefined) {
    add(`request-property-${what}-set`, true, n, `${n} now has ${label} ${now}`);
    return;
  }
  if (now === undefined) {
    add(`request-property-${what}-unset`, false, n, `${n} no longer has a ${label} (was ${old})`);
    return;
  }
  const tighter = kind === 'upper' ? now < old : now > old;
  const verb = now < old ? 'decreased' : 'increased';
  add(`request-property-${what}-${verb}`, tighter, n, `${n}'s ${label} ${verb} from ${old} to ${now}`);
}
