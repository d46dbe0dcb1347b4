/** What the probe says about one route and method: its pattern, serializer, field validators, permissions. Pure. */
import type { PermissionRef, ProbeDocument, ProbeSerializer, ProbeUrlPattern } from '../probe/types.js';
import type { FieldFacts } from './edge-cases.js';

/** The URL pattern of a route, as the probe reported it. */
export function patternOf(probe: ProbeDocument | undefined, route: string): ProbeUrlPattern | undefined {
  return probe?.urls.find((u) => u.route === route);
}

/** The serializer the handler of `method` at `route` uses. */
export function serializerFor(probe: ProbeDocument | undefined, route: string, method: string): ProbeSerializer | undefined {
  const key = patternOf(probe, route)?.drf?.handlers.find((h) => h.method === method.toUpperCase())?.serializer;
  return key ? probe?.serializers[key] : undefined;
}

/** Each top-level field's validators, by field name. */
export function fieldFacts(serializer: ProbeSerializer | undefined): Map<string, FieldFacts> {
  return new Map((serializer?.fields ?? []).map((f) => [f.name, { validators: f.validators }]));
}

/** The permission classes the handler of `method` uses (its own get_permissions(), else the view's). */
export function permissionsFor(pattern: ProbeUrlPattern, method: string): PermissionRef[] {
  const drf = pattern.drf;
  if (!drf) return [];
  return drf.handlers.find((h) => h.method === method.toUpperCase())?.permissionClasses ?? drf.permissionClasses;
}

/** Parsers are DRF's own (JSON, form, multipart): a text/plain body cannot be read by the view. */
export function builtinParsers(pattern: ProbeUrlPattern | undefined): boolean {
  const parsers = pattern?.drf?.parserClasses ?? [];
  return parsers.length > 0 && parsers.every((p) => /^rest_framework\.parsers\.(JSONParser|FormParser|MultiPartParser)$/.test(p));
}
