import { describe, expect, it } from 'vitest';
import { buildContract, displayRoute } from '../../../src/pr/contract.js';
import { diffContracts, statusChanges } from '../../../src/pr/contract-diff.js';
import type { ProbeDocument, ProbeField } from '../../../src/probe/types.js';
import type { ContractChange } from '../../../src/pr/types.js';
import { probed } from '../probe/recorded.js';

// The recorded documents are real probe runs; each test changes a copy the way a pull request would.
function mutated(name: string, change: (doc: ProbeDocument) => void): ProbeDocument {
  const doc = structuredClone(probed(name));
  change(doc);
  return doc;
}

const NOTES = 'notes-redis-django3.2';
const noteField = (doc: ProbeDocument, name: string): ProbeField => doc.serializers['notes.serializers.NoteSerializer']!.fields.find((f) => f.name === name)!;
const brief = (changes: ContractChange[]): string[] => changes.map((c) => `${c.level} ${c.rule} ${c.endpoint}${c.field ? ` ${c.field}` : ''}`);
// The public notes routes only: private-notes shares the serializer and says the same again.
const publicOnly = (changes: ContractChange[]): string[] => brief(changes).filter((c) => !c.includes('private-notes'));

describe('the contract of a probe document', () => {
  it('names routes as clients see them, and keys them so a renamed lookup kwarg is the same URL', () => {
    expect(displayRoute('api/^notes/(?P<pk>[^/.]+)/$')).toEqual({ route: '/api/notes/{pk}/', key: '/api/notes/{}/' });
    expect(displayRoute('api/items/<int:pk>/adjust/')).toEqual({ route: '/api/items/{pk}/adjust/', key: '/api/items/{}/adjust/' });
    expect(displayRoute('api/^$')).toEqual({ route: '/api/', key: '/api/' });
  });

  it('holds every driven method with its serializer, access and pagination; format suffixes and the API root are left out', () => {
    const c = buildContract(probed(NOTES));
    expect([...c.keys()].filter((k) => k.includes('/api/notes/'))).toEqual(['GET /api/notes/', 'POST /api/notes/', 'GET /api/notes/{}/', 'PUT /api/notes/{}/', 'PATCH /api/notes/{}/', 'DELETE /api/notes/{}/']);
    const list = c.get('GET /api/notes/')!;
    expect(list).toMatchObject({ pagination: 'page-number', pageSize: 10, needsAuth: false });
    expect(list.response!.fields.map((f) => `${f.name}:${f.jsonType}`)).toEqual(['id:integer', 'title:string', 'body:string', 'priority:integer', 'status:string', 'email:string', 'created_at:string', 'updated_at:string']);
    expect(c.get('POST /api/notes/')!.request!.fields.find((f) => f.name === 'status')).toMatchObject({ required: false, choices: ['draft', 'published', 'archived'] });
    expect(c.get('GET /api/private-notes/')!.needsAuth).toBe(true);
  });
});

describe('diffContracts on recorded documents', () => {
  it.each(['notes-redis', 'library-pg', 'drift-subfolder', 'drift-pytest'])('%s: the same service under Django 3.2 and 4.2 has the same contract (no false change)', (fixture) => {
    expect(diffContracts(probed(`${fixture}-django3.2`), probed(`${fixture}-django4.2`))).toEqual([]);
  });

  it('a field gone from the serializer: removed from every response, and no longer accepted', () => {
    const head = mutated(NOTES, (d) => {
      const s = d.serializers['notes.serializers.NoteSerializer']!;
      s.fields = s.fields.filter((f) => f.name !== 'email');
    });
    expect(publicOnly(diffContracts(probed(NOTES), head))).toEqual([
      'breaking response-required-property-removed GET /api/notes/ email',
      'breaking response-required-property-removed GET /api/notes/{pk}/ email',
      'breaking request-property-removed POST /api/notes/ email',
      'breaking request-property-removed PUT /api/notes/{pk}/ email',
    ]);
    const change = diffContracts(probed(NOTES), head).find((c) => c.endpoint === 'GET /api/notes/')!;
    expect(change).toMatchObject({ serializer: 'notes.serializers.NoteSerializer', field: 'email', detail: 'email is no longer in the response' });
  });

  it('a renamed field: the old one removed, the new one required', () => {
    const head = mutated(NOTES, (d) => { noteField(d, 'title').name = 'heading'; });
    const rules = publicOnly(diffContracts(probed(NOTES), head)).filter((c) => c.includes('POST'));
    expect(rules.sort()).toEqual(['breaking new-required-request-property POST /api/notes/ heading', 'breaking request-property-removed POST /api/notes/ title']);
  });

  it('an optional field added is not breaking, in the request or the response', () => {
    const head = mutated(NOTES, (d) => {
      d.serializers['notes.serializers.NoteSerializer']!.fields.push({ ...noteField(d, 'body'), name: 'summary', source: 'summary' });
    });
    const changes = diffContracts(probed(NOTES), head);
    expect(changes.every((c) => c.level === 'non-breaking')).toBe(true);
    expect(publicOnly(changes)).toEqual([
      'non-breaking response-required-property-added GET /api/notes/ summary',
      'non-breaking response-required-property-added GET /api/notes/{pk}/ summary',
      'non-breaking new-optional-request-property POST /api/notes/ summary',
      'non-breaking new-optional-request-property PUT /api/notes/{pk}/ summary',
    ]);
  });

  it('constraints: required, narrowed choices, lower max_length and max_value break; wider ones do not', () => {
    const head = mutated(NOTES, (d) => {
      noteField(d, 'body').required = true;
      noteField(d, 'status').choices = ['draft', 'published'];
      noteField(d, 'title').maxLength = 80;
      noteField(d, 'priority').maxValue = 3;
      noteField(d, 'email').maxLength = 300;
    });
    const post = publicOnly(diffContracts(probed(NOTES), head)).filter((c) => c.includes(' POST '));
    expect(post.sort()).toEqual([
      'breaking request-property-became-required POST /api/notes/ body',
      'breaking request-property-enum-value-removed POST /api/notes/ status',
      'breaking request-property-max-decreased POST /api/notes/ priority',
      'breaking request-property-max-length-decreased POST /api/notes/ title',
      'non-breaking request-property-max-length-increased POST /api/notes/ email',
    ]);
    // PATCH bodies are partial: a field becoming required does not touch them (and PUT already says the rest).
    expect(brief(diffContracts(probed(NOTES), head)).some((c) => c.includes('PATCH'))).toBe(false);
  });

  it('a type change is breaking on both sides of the wire', () => {
    const head = mutated(NOTES, (d) => { noteField(d, 'priority').field = 'CharField'; });
    const changes = diffContracts(probed(NOTES), head).filter((c) => c.endpoint === 'GET /api/notes/' || c.endpoint === 'POST /api/notes/');
    expect(changes.map((c) => `${c.rule}: ${c.detail}`)).toEqual([
      'response-property-type-changed: priority changed from integer (IntegerField) to string (CharField)',
      'request-property-type-changed: priority changed from integer (IntegerField) to string (CharField)',
    ]);
  });

  it('an endpoint that now needs authentication is breaking for every method', () => {
    const head = mutated(NOTES, (d) => {
      for (const u of d.urls.filter((x) => x.view === 'notes.views.NoteViewSet')) for (const h of u.drf!.handlers) h.permissionClasses = ['rest_framework.permissions.IsAuthenticated'];
    });
    const changes = diffContracts(probed(NOTES), head);
    expect(changes.map((c) => c.rule)).toEqual(Array(6).fill('api-security-added'));
    expect(changes.map((c) => c.endpoint)).toContain('DELETE /api/notes/{pk}/');
    // And the way back is a relief, not a break.
    expect(diffContracts(head, probed(NOTES)).map((c) => `${c.level} ${c.rule}`)).toEqual(Array(6).fill('non-breaking api-security-removed'));
  });

  it('pagination style changed is breaking; only its page size is not', () => {
    const limitOffset = mutated(NOTES, (d) => {
      for (const u of d.urls.filter((x) => x.view === 'notes.views.NoteViewSet')) u.drf!.pagination = { class: 'rest_framework.pagination.LimitOffsetPagination', style: 'limit-offset', defaultLimit: 10 };
    });
    expect(brief(diffContracts(probed(NOTES), limitOffset))).toEqual(['breaking response-pagination-style-changed GET /api/notes/']);
    const smaller = mutated(NOTES, (d) => { for (const u of d.urls.filter((x) => x.view === 'notes.views.NoteViewSet')) u.drf!.pagination!.pageSize = 5; });
    expect(brief(diffContracts(probed(NOTES), smaller))).toEqual(['non-breaking response-pagination-page-size-changed GET /api/notes/']);
  });

  it('a route removed, a method removed, an endpoint added', () => {
    const head = mutated(NOTES, (d) => {
      d.urls = d.urls.filter((u) => !(u.view === 'notes.views.PrivateNoteViewSet' && u.params.some((p) => p.name === 'pk')));
      for (const u of d.urls.filter((x) => x.view === 'notes.views.NoteViewSet' && x.params.length)) u.methods = u.methods!.filter((m) => m !== 'DELETE');
    });
    expect(brief(diffContracts(probed(NOTES), head))).toEqual([
      'breaking api-removed-without-deprecation DELETE /api/notes/{pk}/',
      'breaking api-path-removed-without-deprecation GET|PUT|PATCH|DELETE /api/private-notes/{pk}/',
    ]);
    expect(brief(diffContracts(head, probed(NOTES)))).toEqual([
      'non-breaking endpoint-added DELETE /api/notes/{pk}/',
      'non-breaking endpoint-added DELETE /api/private-notes/{pk}/',
      'non-breaking endpoint-added GET /api/private-notes/{pk}/',
      'non-breaking endpoint-added PATCH /api/private-notes/{pk}/',
      'non-breaking endpoint-added PUT /api/private-notes/{pk}/',
    ]);
  });

  it('a filter the list no longer reads is breaking (the answer is no longer filtered)', () => {
    const base = mutated('library-pg-django3.2', (d) => {
      for (const u of d.urls.filter((x) => x.view === 'catalog.views.BookViewSet')) Object.assign(u.drf!, { filterBackends: ['django_filters.rest_framework.DjangoFilterBackend'], filtersetFields: ['genre', 'author'] });
    });
    const head = mutated('library-pg-django3.2', (d) => {
      for (const u of d.urls.filter((x) => x.view === 'catalog.views.BookViewSet')) Object.assign(u.drf!, { filterBackends: ['django_filters.rest_framework.DjangoFilterBackend'], filtersetFields: ['genre', 'published'] });
    });
    expect(brief(diffContracts(base, head))).toEqual(['breaking request-parameter-removed GET /api/books/ author', 'non-breaking new-optional-request-parameter GET /api/books/ published']);
  });
});

describe('statusChanges', () => {
  it('a success that became an error breaks; an error that became a success does not', () => {
    expect(statusChanges([
      { endpoint: 'GET /api/notes/', base: 200, head: 200 },
      { endpoint: 'GET /api/books/', base: 200, head: 500 },
      { endpoint: 'GET /api/books/{pk}/', base: 404, head: 200 },
      { endpoint: 'GET /api/tags/', base: 400, head: 422 },
    ]).map((c) => `${c.level} ${c.rule} ${c.endpoint}`)).toEqual([
      'breaking response-success-status-removed GET /api/books/',
      'non-breaking response-success-status-added GET /api/books/{pk}/',
      'non-breaking response-status-changed GET /api/tags/',
    ]);
  });
});
