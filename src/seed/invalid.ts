/**
 * Negative cases a DRF service must answer with 400 naming the field. Only cases the metadata proves
 * invalid: no max_length, no too-long case; null and "" only where the probe reported allow_null /
 * allow_blank false (OPTIONS never says). Nested fields are left alone: DRF reports their errors under
 * the parent's key, one level down, which is a different check.
 */
import type { EndpointSchema, FieldSchema } from '../api/schema.js';
import type { Payload } from './payload.js';

export type InvalidReason =
  | 'missing-required' | 'too-long' | 'too-short' | 'below-min' | 'above-max' | 'not-a-choice'
  | 'not-an-email' | 'not-a-url' | 'not-a-date' | 'not-a-datetime' | 'not-a-uuid' | 'null' | 'blank';

/** One body the service must reject, and the field its error body must name. */
export interface InvalidCase {
  field: string;
  reason: InvalidReason;
  /** One line for test names and reports. */
  detail: string;
  payload: Payload;
}

const TEXT_KINDS = new Set(['string', 'slug', 'email', 'url', 'regex']);
const NUMBER_KINDS = new Set(['integer', 'float', 'decimal']);
// Kinds whose null check DRF runs on the field itself (lists and nested serializers validate their items).
const NULL_CHECKED = new Set([...TEXT_KINDS, ...NUMBER_KINDS, 'boolean', 'choice', 'date', 'datetime', 'time', 'uuid', 'related']);
// A value no choice list of a real service contains.
const NOT_A_CHOICE = '__enid_not_a_choice__';

/** A number clearly past `bound`: a plain ±1 vanishes in doubles for 64-bit bounds (±9223372036854775807). */
function beyond(bound: number, direction: 1 | -1, field: FieldSchema): number | string {
  const step = Number.isSafeInteger(bound) || !Number.isInteger(bound) ? 1 : Math.abs(bound);
  const v = bound + direction * step;
  return field.kind === 'decimal' ? v.toFixed(field.decimalPlaces ?? 2) : field.kind === 'integer' ? Math.round(v) : v;
}

function casesFor(field: FieldSchema): [InvalidReason, unknown, string][] {
  const out: [InvalidReason, unknown, string][] = [];
  const { minLength, maxLength, minValue, maxValue } = field;
  if (TEXT_KINDS.has(field.kind)) {
    // Letters only, so the length is the one thing wrong for plain text and slugs.
    if (maxLength !== undefined) out.push(['too-long', 'a'.repeat(maxLength + 1), `${maxLength + 1} characters, max_length ${maxLength}`]);
    // min_length 1 would mean sending "", which allow_blank may accept with a different error path.
    if (minLength !== undefined && minLength > 1) out.push(['too-short', 'a'.repeat(minLength - 1), `${minLength - 1} characters, min_length ${minLength}`]);
  }
  if (NUMBER_KINDS.has(field.kind)) {
    if (minValue !== undefined) out.push(['below-min', beyond(minValue, -1, field), `below min_value ${minValue}`]);
    if (maxValue !== undefined) out.push(['above-max', beyond(maxValue, 1, field), `above max_value ${maxValue}`]);
  }
  if (field.kind === 'choice' && field.choices) out.push(['not-a-choice', NOT_A_CHOICE, 'value not among the choices']);
  if (field.kind === 'multiple-choice' && field.choices) out.push(['not-a-choice', [NOT_A_CHOICE], 'value not among the choices']);
  if (field.kind === 'email') out.push(['not-an-email', 'not-an-email', 'not an email address']);
  if (field.kind === 'url') out.push(['not-a-url', 'not a url', 'not a URL']);
  if (field.kind === 'date') out.push(['not-a-date', 'not-a-date', 'not a date']);
  if (field.kind === 'datetime') out.push(['not-a-datetime', 'not-a-datetime', 'not a datetime']);
  if (field.kind === 'uuid') out.push(['not-a-uuid', 'not-a-uuid', 'not a UUID']);
  if (field.allowNull === false && NULL_CHECKED.has(field.kind)) out.push(['null', null, 'null, allow_null false']);
  if (field.allowBlank === false && TEXT_KINDS.has(field.kind)) out.push(['blank', '', 'blank, allow_blank false']);
  return out;
}

/** Invalid variants of a valid POST body, one broken field each, for every case the metadata makes certain. */
export function invalidPayloads(schema: EndpointSchema, validPayload: Payload): InvalidCase[] {
  const cases: InvalidCase[] = [];
  for (const field of schema.requiredFields) {
    const payload = { ...validPayload };
    delete payload[field.name];
    cases.push({ field: field.name, reason: 'missing-required', detail: `${field.name}: required field left out`, payload });
  }
  for (const field of schema.writableFields) {
    for (const [reason, value, detail] of casesFor(field)) {
      cases.push({ field: field.name, reason, detail: `${field.name}: ${detail}`, payload: { ...validPayload, [field.name]: value } });
    }
  }
  return cases;
}
