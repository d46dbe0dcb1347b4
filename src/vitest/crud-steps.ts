import { invalidPayloads } from '../seed/invalid.js';
import type { EndpointSchema } from '../api/schema.js';
import type { FlowResult } from '../types.js';
import { bodyText } from '../report/format.js';

/** The steps runCrudFlow takes on a collection, in order, named as its FlowResults name them. */
export function crudStepNames(schema: EndpointSchema): string[] {
  const fixed = ['create', 'list', 'retrieve', 'update', 'partial update', 'delete', '404 after delete', '404 on unknown id'];
  // The invalid cases depend only on the schema, not on the valid payload's values.
  return [...fixed, ...invalidPayloads(schema, {}).map((c) => `400 on ${c.detail}`)];
}

/** A failed step as a test error: the flow's message first, then the request and the response it saw. */
export function stepFailureMessage(result: FlowResult): string {
  const lines = [result.error ?? 'step failed'];
  const x = result.exchange;
  if (x) {
    lines.push(`request: ${x.method} ${x.url}`);
    if (x.requestBody !== undefined) lines.push(bodyText(x.requestBody));
    lines.push(`response: ${x.status ?? 'no response'}`);
    if (x.responseBody !== undefined) lines.push(bodyText(x.responseBody));
  }
  return lines.join('\n');
}
