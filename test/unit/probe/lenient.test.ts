import { describe, expect, it } from 'vitest';
import { pythonTruth, readLenient } from '../../../src/probe/lenient.js';
import { findProbeLine, probeDocumentSchema, readProbeDocument } from '../../../src/probe/parse.js';
import { RECORDINGS } from './recorded.js';

type Key = string | number;
type Json = unknown;

/** Paths to every leaf: a primitive, or an empty list or mapping. */
function leaves(value: Json, at: Key[] = [], out: Key[][] = []): Key[][] {
  if (value && typeof value === 'object') {
    const entries: Array<[Key, Json]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    if (!entries.length) out.push(at);
    for (const [k, v] of entries) leaves(v, [...at, k], out);
  } else out.push(at);
  return out;
}

const clone = <T>(v: T): T => structuredClone(v);
const parentOf = (doc: Json, at: Key[]): Record<Key, Json> => at.slice(0, -1).reduce((o: any, k) => o?.[k], doc) as Record<Key, Json>;
const getAt = (doc: Json, at: Key[]): Json => at.reduce((o: any, k) => o?.[k], doc);
const isPrefix = (prefix: Key[], at: Key[]): boolean => prefix.length <= at.length && prefix.every((k, i) => k === at[i]);

/** Removes the part at `at` from a parsed document as the reader gives it up: a list element goes, a property is nulled or left out. */
function giveUp(doc: Json, at: Key[], nulled: boolean): void {
  const parent = parentOf(doc, at);
  const last = at.at(-1)!;
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else if (nulled) parent[last] = null;
  else delete parent[last];
}

/** A value of another JSON type that Python could not read as the original's type, and one it could. */
function mutations(value: Json): Array<{ label: string; value: Json | typeof DROP }> {
  const other = typeof value === 'string' ? 42 : typeof value === 'number' ? 'enid' : typeof value === 'boolean' ? 'yes' : value === null ? 42 : 'enid';
  return [{ label: 'an object', value: { enid: 1 } }, { label: `another type (${JSON.stringify(other)})`, value: other }, { label: 'dropped', value: DROP }];
}
const DROP = Symbol('drop');

// An even spread of the leaves of every section, the same on every run; ENID_PROPERTY_FULL=1 mutates every leaf
// of every recording (~38,000 parses, minutes).
const SAMPLE_PER_DOCUMENT = 40;

function sample(paths: Key[][]): Key[][] {
  if (process.env.ENID_PROPERTY_FULL === '1') return paths.filter((p) => p[0] !== 'probe');
  const candidates = paths.filter((p) => p[0] !== 'probe');
  const stride = Math.max(1, Math.floor(candidates.length / SAMPLE_PER_DOCUMENT));
  // Settings are few and read first by everything: always all of them.
  return candidates.filter((p, i) => p[0] === 'settings' || i % stride === 0);
}

describe('the probe document read part by part (property over the recorded real documents)', () => {
  let documents = 0;
  let mutated = 0;
  it.each(RECORDINGS.map((r) => [r.file, r] as const))('%s: one leaf of another type (or dropped) costs at most the part that holds it', { timeout: 60_000 }, (_file, rec) => {
    const raw = JSON.parse(findProbeLine(rec.stdout)!) as Json;
    const whole = readProbeDocument(raw).document;
    documents += 1;
    for (const at of sample(leaves(raw))) {
      for (const m of mutations(getAt(raw, at))) {
        const doc = clone(raw);
        const parent = parentOf(doc, at);
        const last = at.at(-1)!;
        if (m.value === DROP) {
          if (Array.isArray(parent)) continue; // dropping a list item is a shorter list, not a broken leaf
          delete parent[last];
        } else parent[last] = m.value;
        mutated += 1;
        const where = `${JSON.stringify(at)} as ${m.label}`;
        const read = readProbeDocument(doc);
        const lost = read.parts.filter((p) => p.kind === 'dropped');
        expect(lost.length, `${where}: ${read.notes.join(' | ')}`).toBeLessThanOrEqual(1);
        const expected = clone(whole) as Json;
        const actual = clone(read.document) as Json;
        if (lost[0]) {
          // The loss is where the change was, and the note names the part and the value found there.
          expect(isPrefix(lost[0].at, at) || isPrefix(at, lost[0].at), `${where}: gave up ${lost[0].path}`).toBe(true);
          expect(read.notes.join('\n')).toContain(lost[0].path);
          expect(read.notes.join('\n'), where).toMatch(/ found .*(\((an object|a string|a number|a list|a boolean|null)\)|nothing \(missing\))/);
          giveUp(expected, lost[0].at, / read as null: /.test(lost[0].message));
        }
        // Everything else is read exactly as from the whole document; the changed leaf itself, where it
        // survived, was coerced (and said so).
        if (!lost[0] || !isPrefix(lost[0].at, at)) {
          const p = parentOf(actual, at) as Record<Key, Json> | undefined;
          const inActual = !!p && typeof p === 'object' && at.at(-1)! in p;
          // A changed value that survived was coerced, and said so; an optional part sent as nothing is just absent.
          if (inActual && m.value !== DROP && JSON.stringify(p![at.at(-1)!]) !== JSON.stringify(m.value)) {
            expect(read.coerced.length + read.notes.length, `${where}: changed silently`).toBeGreaterThan(0);
          }
          if (inActual) delete p[at.at(-1)!];
          const q = parentOf(expected, at) as Record<Key, Json> | undefined;
          if (q && typeof q === 'object') delete q[at.at(-1)!];
        }
        // JSON text first: vitest's deep equality over a 40 kB document thousands of times is most of the cost.
        if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, where).toEqual(expected);
      }
    }
  });

  it('covered every recording', () => {
    expect(documents).toBe(RECORDINGS.length);
    expect(mutated).toBeGreaterThan(RECORDINGS.length * 100);
    console.log(`lenient probe parse: ${documents} documents × ${mutated} single-leaf mutations, each kept every other part`);
  });
});

describe('values read as Python reads them', () => {
  it('coerces DEBUG given as an int, extra_kwargs booleans given as strings, numbers given as strings', () => {
    const raw = JSON.parse(findProbeLine(RECORDINGS.find((r) => r.fixture === 'library-pg')!.stdout)!) as any;
    raw.settings.DEBUG = 0;
    raw.settings.APPEND_SLASH = 'True';
    const key = Object.keys(raw.serializers)[0]!;
    raw.serializers[key].fields[0].required = 'True';
    raw.serializers[key].fields[0].readOnly = '';
    raw.restFramework.PAGE_SIZE = '5';
    const { document, notes, coerced } = readProbeDocument(raw);
    expect(notes).toEqual([]);
    expect(document.settings!.DEBUG).toBe(false);
    expect(document.settings!.APPEND_SLASH).toBe(true);
    expect(document.serializers[key]!.fields[0]).toMatchObject({ required: true, readOnly: false });
    expect(document.restFramework!.PAGE_SIZE).toBe(5);
    expect(coerced).toContain('settings.DEBUG: 0 (a number) read as false');
  });

  it('reads the checks phase\'s facts part by part: a bad query parameter or readsStaff costs that value only', () => {
    const raw = JSON.parse(findProbeLine(RECORDINGS.find((r) => r.fixture === 'library-pg')!.stdout)!) as any;
    raw.urls[0].queryParams = ['status', 7, { enid: 1 }];
    raw.urls[1].queryParams = 'status';
    const [staff, other] = Object.keys(raw.classes) as [string, string];
    raw.classes[staff].readsStaff = 'yes';
    raw.classes[other].readsStaff = { enid: 1 };
    const whole = readProbeDocument(JSON.parse(findProbeLine(RECORDINGS.find((r) => r.fixture === 'library-pg')!.stdout)!)).document;
    const { document, notes, coerced } = readProbeDocument(raw);
    expect(document.urls[0]!.queryParams).toEqual(['status', '7']);
    expect(document.urls[1]!.queryParams).toBeUndefined();
    expect({ ...document.urls[1]!, queryParams: undefined }).toEqual({ ...whole.urls[1]!, queryParams: undefined });
    expect(document.urls).toHaveLength(whole.urls.length);
    expect(notes).toEqual([
      'urls[0].queryParams[2] left out: expected text, found {"enid":1} (an object)',
      'urls[1].queryParams left out: expected a list, found "status" (a string)',
    ]);
    expect(document.classes[staff]!.readsStaff).toBe(true);
    expect(document.classes[other]!.mro).toEqual(whole.classes[other]!.mro);
    expect(coerced).toContain('urls[0].queryParams[1]: 7 (a number) read as "7"');
  });

  it('follows Python truthiness', () => {
    expect([0, '', null, [], {}, false].map(pythonTruth)).toEqual([false, false, false, false, false, false]);
    expect([1, -1, 'False', '0', [0], { a: 0 }, true].map(pythonTruth)).toEqual([true, true, true, true, true, true, true]);
  });

  it('takes a union member as it is before trying coercions', () => {
    const read = readLenient(probeDocumentSchema, { probe: 1, versions: null, settings: null, restFramework: null, auth: null, migrations: null, urls: [], serializers: {}, classes: {}, errors: [] });
    expect(read.ok).toBe(true);
  });
});
