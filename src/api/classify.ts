/**
 * What a probed URL pattern is, decided from what Django reported (view class MRO, router actions, URL
 * parameters, renderers), never from names or paths. Pure. The rules, first match wins:
 *
 * | kind           | when                                                                              |
 * | -------------- | --------------------------------------------------------------------------------- |
 * | `static`       | django.views.static.serve / staticfiles' serve                                    |
 * | `admin`        | in the `admin` namespace, or a django.contrib.admin view or wrapper               |
 * | `auth-jwt`     | a simplejwt TokenViewBase subclass (obtain, refresh, verify, blacklist)           |
 * | `auth-token`   | an authtoken ObtainAuthToken subclass                                             |
 * | `auth-session` | django.contrib.auth's LoginView / LogoutView (DRF's browsable-API login included) |
 * | `docs`         | drf-spectacular Swagger/Redoc views, DRF docs, a schema view rendering an HTML UI |
 * | `schema`       | DRF's SchemaView, drf-spectacular's SpectacularAPIView, drf-yasg's schema view    |
 * | `non-api`      | DRF's router API root, RedirectView, TemplateView, other contrib.auth pages, i18n |
 * | `plain`        | a route of a ViewSet that is no GenericAPIView (no queryset, serializer or pages) |
 * | `action`       | a viewset route whose actions are not the standard five (`@action` routes)        |
 * | `detail`       | a viewset's retrieve/update/destroy route, or a generic view with those mixins,   |
 * |                | with a lookup parameter in the URL                                                |
 * | `singleton`    | the same without a lookup parameter (`/me/`: get_object() finds the one object)   |
 * | `collection`   | a viewset's list/create route, or a generic view with List/Create mixins          |
 * | `plain`        | anything else: an APIView, an @api_view function, a generic view without model    |
 * |                | mixins, a plain Django view                                                       |
 *
 * A format-suffix variant (`notes.json`) keeps its route's kind; `isFormatSuffix` tells it apart.
 */
import type { ProbeUrlPattern } from '../probe/types.js';

export type EndpointKind =
  | 'collection' | 'detail' | 'singleton' | 'action' | 'plain' | 'auth-token' | 'auth-jwt' | 'auth-session'
  | 'schema' | 'docs' | 'admin' | 'static' | 'non-api';

const COLLECTION_ACTIONS = new Set(['list', 'create']);
const DETAIL_ACTIONS = new Set(['retrieve', 'update', 'partial_update', 'destroy']);

const STATIC_VIEWS = new Set(['django.views.static.serve', 'django.contrib.staticfiles.views.serve']);
const DOCS_CLASSES = [
  'drf_spectacular.views.SpectacularSwaggerView', 'drf_spectacular.views.SpectacularSwaggerSplitView',
  'drf_spectacular.views.SpectacularRedocView',
];
const DOCS_RENDERERS = [
  'rest_framework.renderers.DocumentationRenderer', 'rest_framework.renderers.SchemaJSRenderer',
  'drf_yasg.renderers.SwaggerUIRenderer', 'drf_yasg.renderers.ReDocRenderer',
];
const SCHEMA_CLASSES = ['rest_framework.schemas.views.SchemaView', 'drf_spectacular.views.SpectacularAPIView'];
const NON_API_CLASSES = [
  'rest_framework.routers.APIRootView', 'django.views.generic.base.RedirectView', 'django.views.generic.base.TemplateView',
];
const NON_API_MODULES = ['django.contrib.auth.views.', 'django.views.i18n.', 'django.contrib.sitemaps.', 'django.contrib.flatpages.'];

/** The view class is `cls` or a subclass of it. */
export const has = (p: ProbeUrlPattern, cls: string): boolean => p.mro.includes(cls);
const hasAny = (p: ProbeUrlPattern, classes: string[]): boolean => classes.some((c) => p.mro.includes(c));
const mixin = (p: ProbeUrlPattern, ...names: string[]): boolean => names.some((n) => has(p, `rest_framework.mixins.${n}ModelMixin`));

/** The route is a DRF format-suffix variant: its only extra parameter is the format kwarg (`notes.json`). */
export function isFormatSuffix(p: ProbeUrlPattern, kwarg = 'format'): boolean {
  return p.params.some((param) => param.name === kwarg);
}

/** URL parameters that pick an object (everything but the format suffix). */
export function lookupParams(p: ProbeUrlPattern, kwarg = 'format'): string[] {
  return p.params.filter((param) => param.name !== kwarg).map((param) => param.name ?? '');
}

function inAdmin(p: ProbeUrlPattern): boolean {
  return p.namespace?.split(':')[0] === 'admin' || p.view.startsWith('django.contrib.admin.')
    || p.wrappers.some((w) => w.startsWith('django.contrib.admin.'));
}

/** Views that say what they are by their class (or function), whatever their URL. */
function byClass(p: ProbeUrlPattern): EndpointKind | undefined {
  if (STATIC_VIEWS.has(p.view)) return 'static';
  if (inAdmin(p)) return 'admin';
  if (has(p, 'rest_framework_simplejwt.views.TokenViewBase')) return 'auth-jwt';
  if (has(p, 'rest_framework.authtoken.views.ObtainAuthToken')) return 'auth-token';
  if (hasAny(p, ['django.contrib.auth.views.LoginView', 'django.contrib.auth.views.LogoutView'])) return 'auth-session';
  const renderers = p.drf?.rendererClasses ?? [];
  if (hasAny(p, DOCS_CLASSES) || p.view.startsWith('rest_framework.documentation.')
    || renderers.some((r) => DOCS_RENDERERS.includes(r))) return 'docs';
  if (hasAny(p, SCHEMA_CLASSES) || p.mro.some((c) => c.startsWith('drf_yasg.views.'))) return 'schema';
  const module = p.mro[0] ?? p.view;
  if (hasAny(p, NON_API_CLASSES) || NON_API_MODULES.some((m) => module.startsWith(m))) return 'non-api';
  return undefined;
}

function viewsetKind(p: ProbeUrlPattern, actions: string[]): EndpointKind {
  if (actions.some((a) => !COLLECTION_ACTIONS.has(a) && !DETAIL_ACTIONS.has(a))) return 'action';
  if (actions.some((a) => DETAIL_ACTIONS.has(a))) return lookupParams(p).length || p.initkwargs.detail === true ? 'detail' : 'singleton';
  return 'collection';
}

function genericKind(p: ProbeUrlPattern): EndpointKind {
  const objectMixins = mixin(p, 'Retrieve', 'Update', 'Destroy');
  if (objectMixins && lookupParams(p).length) return 'detail';
  if (mixin(p, 'List', 'Create')) return 'collection';
  return objectMixins ? 'singleton' : 'plain';
}

/** The endpoint kind of one probed URL pattern (rules in this module's comment). */
export function classifyPattern(p: ProbeUrlPattern): EndpointKind {
  const known = byClass(p);
  if (known) return known;
  // A ViewSet without GenericAPIView (no queryset, no serializer, no pagination) answers whatever its
  // methods return: its list is no list of rows. It is a plain endpoint, whatever its action names.
  if (p.actions && has(p, 'rest_framework.viewsets.ViewSetMixin')) return has(p, 'rest_framework.generics.GenericAPIView') ? viewsetKind(p, Object.values(p.actions)) : 'plain';
  if (has(p, 'rest_framework.generics.GenericAPIView')) return genericKind(p);
  return 'plain';
}

