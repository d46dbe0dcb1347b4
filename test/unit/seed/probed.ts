/** Endpoint schemas and resource maps from the real probe recordings (test/unit/probe/recorded). */
import type { ProbeDocument } from '../../../src/probe/types.js';
import { emptyApi } from '../../../src/pipeline/context.js';
import { schemaFromSerializer } from '../../../src/api/probe-fields.js';
import { buildResources, type ResourceMap } from '../../../src/api/resources.js';
import type { EndpointSchema } from '../../../src/api/schema.js';
import { probed, RECORDINGS } from '../probe/recorded.js';

export { probed, RECORDINGS };

/** Every recording's name (`drift-pytest-django4.2`…). */
export const RECORDED = RECORDINGS.map((r) => r.file.replace(/\.json$/, ''));

/** The schema of one recorded serializer, as the endpoint at `path` would use it. */
export function serializerSchema(doc: ProbeDocument, key: string, path = '/api/x/'): EndpointSchema {
  const serializer = doc.serializers[key];
  if (!serializer) throw new Error(`no serializer ${key}; have ${Object.keys(doc.serializers).join(', ')}`);
  return schemaFromSerializer({ path, view: 'test.View', canCreate: true }, serializer);
}

/** The resource map of a recording, with an API map that found nothing else (no OPTIONS, no roots). */
export function resourcesOf(name: string): ResourceMap {
  return buildResources(probed(name), emptyApi());
}

/** Every serializer of every recording, with the recording's name. */
export function everySerializer(): Array<{ recording: string; key: string; schema: EndpointSchema }> {
  return RECORDED.flatMap((recording) => Object.keys(probed(recording).serializers).map((key) => ({ recording, key, schema: serializerSchema(probed(recording), key) })));
}
