import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findProbeLine, parseProbeOutput, PROBE_PREFIX, ProbeOutputError, readProbeDocument } from '../../../src/probe/parse.js';
import { pythonSource } from '../../../src/python/scripts.js';
import { PROBE_VERSION } from '../../../src/probe/types.js';
import { named, probed, RECORDINGS } from './recorded.js';

// What ran: the probe and the URL walk it imports, hashed in this order (record.sh does the same).
const sha = createHash('sha256').update(pythonSource('django_probe')).update(pythonSource('enid_url_walk')).digest('hex');
const name = (file: string): string => file.replace(/\.json$/, '');
const rawDocument = (stdout: string): Record<string, unknown> => JSON.parse(findProbeLine(stdout)!) as Record<string, unknown>;

/** The message parseProbeOutput throws for `output`. */
function failure(output: string): string {
  try {
    parseProbeOutput(output);
  } catch (err) {
    expect(err).toBeInstanceOf(ProbeOutputError);
    expect((err as ProbeOutputError).output).toBe(output);
    return (err as Error).message;
  }
  throw new Error('parseProbeOutput accepted the output');
}

describe('recorded probe runs', () => {
  it('covers the fixtures on both stand-in Django versions', () => {
    expect(RECORDINGS.map((r) => `${r.fixture}@${r.django.split('.').slice(0, 2).join('.')}`)).toEqual(expect.arrayContaining([
      'notes-redis@3.2', 'library-pg@3.2', 'drift-subfolder@3.2', 'drift-pytest@3.2', 'drift-nomigrate@3.2', 'auth-jwt@3.2',
      'notes-redis@4.2', 'library-pg@4.2', 'drift-subfolder@4.2', 'drift-pytest@4.2',
    ]));
  });

  it.each(RECORDINGS.map((r) => [r.file, r] as const))('%s was made by the current probe script and parses', (file, rec) => {
    // Stale recordings would test a script that no longer ships: re-record (recorded/README.md) after changing it.
    expect(rec.probeSha256, `${file} was recorded with another python/django_probe.py or enid_url_walk.py`).toBe(sha);
    expect(rec.exitCode).toBe(0);
    const doc = probed(name(file));
    expect(doc.probe).toBe(PROBE_VERSION);
    expect(doc.versions).toEqual({ python: rec.python, django: rec.django, drf: rec.drf });
    expect(`${file}`).toBe(`${rec.fixture}-django${rec.django.split('.').slice(0, 2).join('.')}.json`);
  });

  it.each(RECORDINGS.map((r) => [r.file, r] as const))('%s: every serializer a handler names is in the document', (file) => {
    const doc = probed(name(file));
    const keys = doc.urls.flatMap((u) => u.drf?.handlers ?? []).map((h) => h.serializer).filter((k): k is string => k !== null);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(Object.keys(doc.serializers)).toContain(key);
  });

  it('never prints a database password or the secret key', () => {
    const library = RECORDINGS.filter((r) => r.fixture === 'library-pg');
    expect(library).toHaveLength(2);
    for (const rec of library) {
      expect(rec.stdout).not.toContain('library-secret');
      expect(rec.stdout).not.toContain('dummy-library-secret-key');
      expect(rec.stdout).not.toContain('PASSWORD');
      expect((rawDocument(rec.stdout).settings as { DATABASES: Record<string, object> }).DATABASES.default).toEqual({
        ENGINE: 'django.db.backends.postgresql', NAME: 'library', HOST: 'db', PORT: '5432', USER: 'library',
      });
    }
  });

  it('reads settings, REST framework defaults and the user model as the running service has them', () => {
    const notes = probed('notes-redis-django3.2');
    expect(notes.settings).toMatchObject({ ROOT_URLCONF: 'app.urls', SESSION_ENGINE: 'django.contrib.sessions.backends.cache', DEBUG: true });
    expect(notes.settings?.CACHES.default).toEqual({ BACKEND: 'django_redis.cache.RedisCache', LOCATION: 'redis://redis:6379/0' });
    expect(notes.restFramework).toMatchObject({
      PAGE_SIZE: 10, DEFAULT_PAGINATION_CLASS: 'rest_framework.pagination.PageNumberPagination',
      DEFAULT_PERMISSION_CLASSES: ['rest_framework.permissions.AllowAny'], DEFAULT_AUTHENTICATION_CLASSES: [],
    });
    expect(notes.auth).toMatchObject({ userModel: 'auth.User', usernameField: 'username', fields: { username: { maxLength: 150, unique: true } } });
    const ledger = probed('drift-pytest-django4.2');
    expect(ledger.auth).toMatchObject({
      userModel: 'accounts.User', usernameField: 'email', requiredFields: ['full_name'],
      fields: { email: { type: 'CharField', unique: true, maxLength: 254 }, full_name: { maxLength: 150, unique: false } },
      authtoken: { installed: true, importable: true },
    });
    expect(ledger.restFramework?.DEFAULT_AUTHENTICATION_CLASSES).toEqual(['rest_framework.authentication.TokenAuthentication']);
    expect(ledger.migrations).toEqual({ unapplied: [], conflicts: {}, changes: [] });
  });

  it('reports the migrations a service that never migrates has not applied', () => {
    const courseware = probed('drift-nomigrate-django3.2');
    expect(courseware.migrations?.unapplied).toHaveLength(16);
    expect(courseware.migrations?.unapplied).toEqual(expect.arrayContaining([{ app: 'courses', name: '0001_initial' }, { app: 'auth', name: '0001_initial' }]));
    expect(courseware.migrations?.changes).toEqual([]);
    for (const name of ['notes-redis-django3.2', 'library-pg-django4.2', 'drift-pytest-django3.2']) expect(probed(name).migrations?.unapplied).toEqual([]);
  });

  it('reads simplejwt settings where the package is importable', () => {
    const orders = probed('auth-jwt-django3.2');
    expect(orders.auth?.simplejwt).toEqual({
      installed: false, importable: true, authHeaderTypes: ['Bearer'], authHeaderName: 'HTTP_AUTHORIZATION', userIdField: 'id', accessTokenLifetimeSeconds: 900,
    });
    expect(orders.restFramework?.DEFAULT_AUTHENTICATION_CLASSES).toEqual(['rest_framework_simplejwt.authentication.JWTAuthentication']);
    // The stand-ins now ship simplejwt: a service that does not use it has it importable, not installed.
    expect(probed('notes-redis-django3.2').auth?.simplejwt).toMatchObject({ installed: false, importable: true });
    expect(probed('notes-redis-django3.2').restFramework?.DEFAULT_AUTHENTICATION_CLASSES.some((c) => c.includes('simplejwt'))).toBe(false);
  });

  it('finds cache_page and never_cache in the wrapper chains, with the timeout', () => {
    for (const v of ['3.2', '4.2']) {
      const notes = probed(`notes-redis-django${v}`);
      expect(named(notes, 'stats').cache).toEqual([{ decorator: 'cache_page', on: 'view', timeout: 60, keyPrefix: '', cacheAlias: 'default' }]);
      expect(named(notes, 'stats-live').cache).toEqual([]);
    }
    const courseware = probed('drift-nomigrate-django3.2');
    expect(named(courseware, 'stats').cache).toEqual([expect.objectContaining({ decorator: 'cache_page', timeout: 60 })]);
    expect(named(courseware, 'metrics').cache).toEqual([{ decorator: 'never_cache', on: 'view' }]);
    expect(named(courseware, 'rest_framework:login').cache).toEqual([{ decorator: 'never_cache', on: 'dispatch' }]);
  });

  it('reports a view the probe could not fully ask as an error, and still describes it', () => {
    const ledger = probed('drift-pytest-django4.2');
    // get_queryset() filters by request.user, which is anonymous in the probe: the serializer's model (and its table) stand in.
    expect(ledger.errors.length).toBeGreaterThan(0);
    for (const e of ledger.errors) expect(e).toMatchObject({ section: 'urls', view: 'expenses.views.ExpenseViewSet', message: expect.stringMatching(/^get_queryset: TypeError: .*AnonymousUser/) });
    expect(named(ledger, 'expense-list').drf?.queryset).toEqual({ model: 'expenses.Expense', dbTable: 'expenses_expense', source: 'serializer' });
    expect(ledger.errors.some((e) => /0x[0-9a-f]{6,}/.test(e.message))).toBe(false);
  });

  it('describes serializer fields with the constraints DRF holds', () => {
    const library = probed('library-pg-django4.2');
    const book = library.serializers['catalog.serializers.BookSerializer']!;
    const field = (n: string) => book.fields.find((f) => f.name === n);
    expect(field('isbn')).toMatchObject({ field: 'CharField', required: true, maxLength: 13, unique: true, regex: '^\\d{13}$' });
    expect(field('pages')).toMatchObject({ field: 'IntegerField', minValue: 1, maxValue: 5000 });
    expect(field('price')).toMatchObject({ field: 'DecimalField', maxDigits: 6, decimalPlaces: 2, minValue: 0 });
    expect(field('genre')?.choices).toEqual(['fiction', 'non-fiction', 'poetry', 'science']);
    expect(field('author')).toMatchObject({ field: 'PrimaryKeyRelatedField', related: { model: 'catalog.Author' }, modelField: { type: 'ForeignKey', relatedModel: 'catalog.Author' } });
    expect(field('author_name')).toMatchObject({ readOnly: true, source: 'author.name', modelField: null });
    expect(library.serializers['catalog.serializers.AuthorSerializer']!.fields.find((f) => f.name === 'email')).toMatchObject({ unique: true, modelField: { unique: true } });
  });
});

describe('findProbeLine', () => {
  it('takes the last probe line among warnings, CRLF line ends and text before it on the same line', () => {
    const out = `Warning: something\r\n${PROBE_PREFIX}{"a":1}\r\nnoise ${PROBE_PREFIX}{"b":2}  \r\ntrailing`;
    expect(findProbeLine(out)).toBe('{"b":2}');
    expect(findProbeLine('ENID-PROBE-ISH {"x":1}\nENID-PROBE without json')).toBeUndefined();
  });
});

describe('parseProbeOutput errors', () => {
  const good = RECORDINGS.find((r) => r.fixture === 'notes-redis')!.stdout;

  it('finds the document in output with Django warnings around it', () => {
    const { document, notes } = parseProbeOutput(`/usr/lib/python3/dist-packages/x.py:1: RemovedInDjango50Warning: ...\n${good}\n6 objects imported automatically\n`);
    expect(document.urls.length).toBe(13);
    expect(notes).toEqual([]);
  });

  it('says so when there is no probe line, with the end of the output', () => {
    expect(failure('')).toMatch(/printed no ENID-PROBE line \(no output at all\)/);
    expect(failure('Traceback (most recent call last):\nImportError: No module named settings')).toMatch(/output ended with:\nTraceback[\s\S]*ImportError: No module named settings$/);
  });

  it('says so when the line is not JSON', () => {
    expect(failure(`${PROBE_PREFIX}{"probe": 1, "urls": [`)).toMatch(/ENID-PROBE line is not JSON \(.+; 22 characters, starting "\{\\"probe\\": 1/);
  });

  it('reads what it can of a document with parts of the wrong shape, and names each part it gave up', () => {
    const doc = rawDocument(good) as { urls: Record<string, unknown>[]; settings: unknown };
    const route3 = doc.urls[3]!.route;
    delete doc.urls[3]!.route;
    (doc.urls[0]!).methods = 'GET';
    doc.settings = 'oops';
    const { document, notes } = parseProbeOutput(`${PROBE_PREFIX}${JSON.stringify(doc)}`);
    expect(document.settings).toBeNull();
    expect(document.urls[0]!.methods).toBeNull();
    expect(document.urls.map((u) => u.route)).not.toContain(route3);
    expect(document.urls).toHaveLength(12);
    expect(document.restFramework).not.toBeNull();
    expect(notes).toEqual([
      'settings read as null: expected an object at settings, found "oops" (a string)',
      'urls[0].methods read as null: expected a list, found "GET" (a string)',
      expect.stringMatching(/^urls\[3\] \(".+"\) left out: urls\[3\]\.route: expected text, found nothing \(missing\)$/),
    ]);
  });

  it('says so when the document is no object at all, and reads a list of the wrong type as empty', () => {
    expect(() => readProbeDocument([1, 2])).toThrow(/document cannot be read: expected an object at the top, found \[1,2\] \(a list\)/);
    const { document, notes } = readProbeDocument({ ...rawDocument(good), urls: 7, serializers: 'none' });
    expect(document.urls).toEqual([]);
    expect(document.serializers).toEqual({});
    expect(document.settings?.ROOT_URLCONF).toBe('app.urls');
    expect(notes).toEqual(['urls read as empty: expected a list, found 7 (a number)', 'serializers read as empty: expected a mapping, found "none" (a string)']);
  });

  it('refuses a document of another version', () => {
    const doc = { ...rawDocument(good), probe: PROBE_VERSION + 1 };
    expect(failure(`${PROBE_PREFIX}${JSON.stringify(doc)}`)).toMatch(new RegExp(`version ${PROBE_VERSION + 1}; this enid-test reads version ${PROBE_VERSION}`));
  });
});
