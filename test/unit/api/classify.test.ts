import { describe, expect, it } from 'vitest';
import { classifyPattern, isFormatSuffix, lookupParams, type EndpointKind } from '../../../src/api/classify.js';
import type { ProbeUrlPattern } from '../../../src/probe/types.js';
import { named, probed, RECORDINGS } from '../probe/recorded.js';

const kinds = (name: string): Record<string, EndpointKind> =>
  Object.fromEntries(probed(name).urls.filter((u) => !isFormatSuffix(u) && u.name && !u.namespace?.startsWith('admin')).map((u) => [u.name, classifyPattern(u)]));

/** A recorded pattern with another view class: for view kinds no fixture has. */
function asView(base: ProbeUrlPattern, view: string, mro: string[], extra: Partial<ProbeUrlPattern> = {}): ProbeUrlPattern {
  return { ...base, view, mro: [view, ...mro], name: null, namespace: null, wrappers: [], ...extra };
}

describe('classifyPattern on recorded services', () => {
  it.each(['3.2', '4.2'])('notes-redis on Django %s: a router, two @api_view functions and a plain view', (v) => {
    expect(kinds(`notes-redis-django${v}`)).toEqual({
      health: 'plain', stats: 'plain', 'stats-live': 'plain', 'note-list': 'collection', 'note-detail': 'detail',
      'private-note-list': 'collection', 'private-note-detail': 'detail', 'api-root': 'non-api',
    });
  });

  it.each(['3.2', '4.2'])('library-pg on Django %s: the DRF schema view', (v) => {
    expect(kinds(`library-pg-django${v}`)).toEqual({
      health: 'plain', 'openapi-schema': 'schema', 'author-list': 'collection', 'author-detail': 'detail',
      'book-list': 'collection', 'book-detail': 'detail', 'api-root': 'non-api',
    });
  });

  it.each(['3.2', '4.2'])('drift-subfolder on Django %s: generic views, @api_view functions and the admin', (v) => {
    const doc = probed(`drift-subfolder-django${v}`);
    expect(kinds(`drift-subfolder-django${v}`)).toEqual({
      'inventory:warehouse-list': 'collection', 'inventory:warehouse-detail': 'detail', 'inventory:item-list': 'collection',
      'inventory:item-detail': 'detail', 'inventory:item-adjust': 'plain', 'inventory:summary': 'plain',
    });
    const admin = doc.urls.filter((u) => u.route.startsWith('admin/'));
    expect(admin.length).toBeGreaterThan(20);
    // Every admin pattern, the unnamed RedirectViews and contenttypes' shortcut in its namespace included.
    expect(new Set(admin.map(classifyPattern))).toEqual(new Set(['admin']));
  });

  it.each(['3.2', '4.2'])('drift-pytest on Django %s: token auth, a sign-up collection, a /me/ singleton and an @action route', (v) => {
    expect(kinds(`drift-pytest-django${v}`)).toEqual({
      'token-obtain': 'auth-token', 'user-register': 'collection', 'user-me': 'singleton', 'expense-list': 'collection',
      'expense-totals': 'action', 'expense-detail': 'detail', 'api-root': 'non-api',
    });
  });

  it('auth-jwt: simplejwt token views, a report APIView and two routers', () => {
    expect(kinds('auth-jwt-django3.2')).toEqual({
      health: 'plain', token_obtain_pair: 'auth-jwt', token_refresh: 'auth-jwt', 'sales-report': 'plain',
      'product-list': 'collection', 'product-detail': 'detail', 'order-list': 'collection', 'order-detail': 'detail', 'api-root': 'non-api',
    });
  });

  it('drift-nomigrate: DRF browsable-API login and logout, a UUID lookup, cached function views', () => {
    const doc = probed('drift-nomigrate-django3.2');
    expect(kinds('drift-nomigrate-django3.2')).toMatchObject({
      'rest_framework:login': 'auth-session', 'rest_framework:logout': 'auth-session', 'course-list': 'collection',
      'course-detail': 'detail', stats: 'plain', metrics: 'plain', 'api-root': 'non-api',
    });
    expect(lookupParams(named(doc, 'course-detail'))).toEqual(['public_id']);
  });

  it('tells format-suffix variants apart and keeps their kind', () => {
    for (const rec of RECORDINGS.filter((r) => r.fixture === 'notes-redis')) {
      const doc = probed(rec.file.replace(/\.json$/, ''));
      const plain = named(doc, 'note-detail');
      const suffixed = named(doc, 'note-detail', true);
      expect([isFormatSuffix(plain), isFormatSuffix(suffixed)]).toEqual([false, true]);
      expect(classifyPattern(suffixed)).toBe('detail');
      expect(lookupParams(suffixed)).toEqual(['pk']);
      expect(lookupParams(named(doc, 'api-root', true))).toEqual([]);
    }
    // DRF 3.16 spells the root's suffix with a path converter, 3.14 with a regex group.
    expect(named(probed('drift-pytest-django4.2'), 'api-root', true).params).toEqual([
      expect.objectContaining({ name: 'format', converter: 'drf_format_suffix' }),
    ]);
    expect(named(probed('notes-redis-django3.2'), 'api-root', true).params).toEqual([{ name: 'format', converter: 'regex', regex: '[a-z0-9]+' }]);
  });
});

describe('classifyPattern on views the fixtures do not have', () => {
  const doc = probed('drift-pytest-django4.2');
  const token = named(doc, 'token-obtain');
  const health = named(probed('notes-redis-django4.2'), 'health');
  const drfView = ['rest_framework.generics.GenericAPIView', 'rest_framework.views.APIView', 'django.views.generic.base.View'];

  it('simplejwt token views are auth-jwt, their base classes decide', () => {
    const jwt = asView(token, 'rest_framework_simplejwt.views.TokenObtainPairView', ['rest_framework_simplejwt.views.TokenViewBase', ...drfView]);
    const refresh = asView(token, 'rest_framework_simplejwt.views.TokenRefreshView', ['rest_framework_simplejwt.views.TokenViewBase', ...drfView]);
    expect([classifyPattern(jwt), classifyPattern(refresh)]).toEqual(['auth-jwt', 'auth-jwt']);
    const custom = asView(token, 'shop.auth.Login', ['rest_framework.authtoken.views.ObtainAuthToken', 'rest_framework.views.APIView']);
    expect(classifyPattern(custom)).toBe('auth-token');
  });

  it('Django login and logout views are auth-session, its other auth pages non-api', () => {
    const base = ['django.views.generic.edit.FormView', 'django.views.generic.base.View'];
    expect(classifyPattern(asView(health, 'django.contrib.auth.views.LoginView', base, { callable: 'class' }))).toBe('auth-session');
    expect(classifyPattern(asView(health, 'django.contrib.auth.views.LogoutView', base, { callable: 'class' }))).toBe('auth-session');
    expect(classifyPattern(asView(health, 'django.contrib.auth.views.PasswordResetView', base, { callable: 'class' }))).toBe('non-api');
  });

  it('OpenAPI schemas and their UIs', () => {
    expect(classifyPattern(asView(token, 'drf_spectacular.views.SpectacularJSONAPIView', ['drf_spectacular.views.SpectacularAPIView', 'rest_framework.views.APIView']))).toBe('schema');
    expect(classifyPattern(asView(token, 'drf_spectacular.views.SpectacularSwaggerView', ['rest_framework.views.APIView']))).toBe('docs');
    const schemaView = named(probed('library-pg-django4.2'), 'openapi-schema');
    expect(classifyPattern({ ...schemaView, drf: { ...schemaView.drf!, rendererClasses: ['rest_framework.renderers.DocumentationRenderer'] } })).toBe('docs');
    expect(classifyPattern(asView(token, 'drf_yasg.views.get_schema_view.<locals>.SchemaView', ['drf_yasg.views.SchemaView', 'rest_framework.views.APIView']))).toBe('schema');
  });

  it('static files, redirects and templates', () => {
    expect(classifyPattern({ ...health, view: 'django.views.static.serve' })).toBe('static');
    expect(classifyPattern({ ...health, view: 'django.contrib.staticfiles.views.serve' })).toBe('static');
    expect(classifyPattern(asView(health, 'django.views.generic.base.RedirectView', ['django.views.generic.base.View']))).toBe('non-api');
    expect(classifyPattern(asView(health, 'site.views.Home', ['django.views.generic.base.TemplateView', 'django.views.generic.base.View']))).toBe('non-api');
  });

  it('generic views: mixins and the lookup parameter decide', () => {
    const me = named(doc, 'user-me');
    expect(classifyPattern(me)).toBe('singleton');
    expect(classifyPattern({ ...me, params: [{ name: 'pk', converter: 'int', regex: '[0-9]+' }] })).toBe('detail');
    expect(classifyPattern(asView(me, 'x.views.Custom', drfView))).toBe('plain');
  });

  it('a viewset route without a lookup parameter but with object actions is a singleton', () => {
    const detail = named(doc, 'expense-detail');
    expect(classifyPattern({ ...detail, params: [], initkwargs: {} })).toBe('singleton');
    expect(classifyPattern({ ...detail, params: [] })).toBe('detail'); // the router said detail=True
  });
});

describe('a ViewSet that is no GenericAPIView', () => {
  it('is a plain endpoint: its list action answers whatever it returns, not rows with pages', () => {
    const list = named(probed('notes-redis-django3.2'), 'note-list');
    const status = asView(list, 'parts.views.StatusViewSet', ['rest_framework.viewsets.ViewSet', 'rest_framework.viewsets.ViewSetMixin', 'rest_framework.views.APIView', 'django.views.generic.base.View'], { actions: { get: 'list' } });
    expect(classifyPattern(status)).toBe('plain');
    expect(classifyPattern(list)).toBe('collection');
  });
});
