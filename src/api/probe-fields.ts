/**
 * Serializer fields as the in-container probe reported them, mapped onto the FieldSchema that OPTIONS
 * and OpenAPI also produce, so payloads, invalid cases and echo checks work alike from any source. The
 * probe knows what OPTIONS hides: write_only, unique, allow_null, allow_blank, regex validators, decimal
 * precision, the related model and whether a relation is to-many.
 */
import type { ProbeField, ProbeSerializer } from '../probe/types.js';
import { buildEndpointSchema, type EndpointSchema, type FieldKind, type FieldSchema } from './schema.js';

// DRF field classes by what they hold; subclasses the probe does not know fall back by name below.
const KINDS: Record<string, FieldKind> = {
  BooleanField: 'boolean', NullBooleanField: 'boolean', IntegerField: 'integer', FloatField: 'float',
  DecimalField: 'decimal', CharField: 'string', EmailField: 'email', URLField: 'url', SlugField: 'slug',
  PasswordField: 'string', RegexField: 'regex', UUIDField: 'uuid', IPAddressField: 'ip', ChoiceField: 'choice',
  MultipleChoiceField: 'multiple-choice', FilePathField: 'choice', FileField: 'file', ImageField: 'file',
  DateField: 'date', DateTimeField: 'datetime', TimeField: 'time', DurationField: 'duration',
  ListField: 'list', DictField: 'json', HStoreField: 'json', JSONField: 'json',
  PrimaryKeyRelatedField: 'related', SlugRelatedField: 'related', HyperlinkedRelatedField: 'related',
  HyperlinkedIdentityField: 'related', StringRelatedField: 'related', ManyRelatedField: 'related',
  ListSerializer: 'list', ModelSerializer: 'nested', HyperlinkedModelSerializer: 'nested', Serializer: 'nested',
};

// Validators whose rule the field's own facts (max_length, min_value, regex, unique…) already describe.
const STANDARD_VALIDATORS = ['django.core.validators.', 'django.contrib.auth.validators.', 'django.contrib.postgres.validators.', 'rest_framework.validators.', 'rest_framework.fields.'];

function kindOf(f: ProbeField): FieldKind {
  const known = KINDS[f.field];
  if (known) return known;
  if (f.children) return f.many ? 'list' : 'nested';
  if (f.related) return 'related';
  // A project's own subclass (`MoneyField(DecimalField)`): the class name usually ends in its base's.
  const suffix = Object.keys(KINDS).find((k) => f.field.endsWith(k));
  return suffix ? KINDS[suffix]! : 'unknown';
}

const num = (v: number | string | undefined): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
};

/**
 * A Python regular expression in JavaScript's spelling, for the anchors only Python has: `\A` (start) and
 * `\Z` (end of the text; Django's UnicodeUsernameValidator ends in it), which JavaScript would read as the
 * letters A and Z. The rest of the simple patterns serializers carry reads the same in both.
 */
export function jsPattern(pattern: string): string {
  return pattern.replace(/(?<!\\)((?:\\\\)*)\\([AZ])/g, (_m, before: string, anchor: string) => `${before}${anchor === 'A' ? '^' : '$'}`);
}

/** One probed field as a FieldSchema (nested serializers and list children included). */
export function fieldFromProbe(f: ProbeField): FieldSchema {
  const kind = kindOf(f);
  const field: FieldSchema = {
    name: f.name, type: f.field, kind, required: f.required, readOnly: f.readOnly,
    // HiddenField and a field with a default that the serializer fills are never the client's to send.
    ...(f.field === 'HiddenField' ? { readOnly: true } : {}),
  };
  const optional: Partial<FieldSchema> = {
    minLength: f.minLength, maxLength: f.maxLength, minValue: num(f.minValue), maxValue: num(f.maxValue),
    maxDigits: f.maxDigits, decimalPlaces: f.decimalPlaces, pattern: f.regex ? jsPattern(f.regex) : undefined,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined && value !== null) Object.assign(field, { [key]: value });
  if (f.writeOnly) field.writeOnly = true;
  if (f.validateMethod || f.validators.some((v) => !STANDARD_VALIDATORS.some((prefix) => v.startsWith(prefix)))) field.customValidation = true;
  if (f.modelField?.column) field.column = f.modelField.column;
  if (f.unique || (f.modelField?.unique && !f.modelField.primaryKey)) field.unique = true;
  field.allowNull = f.allowNull;
  if (f.allowBlank !== undefined) field.allowBlank = f.allowBlank;
  if (f.choices) field.choices = f.choices.map((value) => ({ value, displayName: String(value) }));
  if (kind === 'related') {
    // A ManyRelatedField carries the relation's details on its child.
    const rel = f.related ?? f.child?.related;
    field.many = f.many === true || f.field === 'ManyRelatedField';
    const model = rel?.model ?? f.modelField?.relatedModel;
    if (model) field.relatedModel = model;
    if (rel?.slugField) field.slugField = rel.slugField;
    if (rel?.viewName || /Hyperlinked/.test(f.child?.field ?? f.field)) field.hyperlinked = true;
    // Read-only string renderings cannot be written whatever the flags say.
    if (f.field === 'StringRelatedField' || f.field === 'HyperlinkedIdentityField') field.readOnly = true;
  }
  const children = f.children?.fields.map(fieldFromProbe);
  if (kind === 'list' && children) {
    field.child = { name: f.name, type: f.children!.class, kind: 'nested', required: true, readOnly: false, children };
    if (f.allowEmpty === false) field.minLength = Math.max(1, field.minLength ?? 1);
  } else if (kind === 'list' && f.child) {
    field.child = fieldFromProbe(f.child);
  } else if (children) {
    field.children = children;
  }
  return field;
}

/** What the probe says of the view that goes with a serializer. */
export interface SerializerHead {
  path: string;
  /** The view's dotted name: its class name stands in for OPTIONS' view name. */
  view: string;
  canCreate: boolean;
  /** The queryset's model, else the serializer's. */
  model?: string | null;
}

/** A probed serializer as the EndpointSchema of the endpoint that uses it. */
export function schemaFromSerializer(head: SerializerHead, serializer: ProbeSerializer): EndpointSchema {
  const name = head.view.split('.').at(-1) ?? '';
  const model = head.model ?? serializer.model;
  // The resource name comes from the path (buildEndpointSchema) unless the model names it.
  const resource = model ? (model.split('.').at(-1) ?? '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : '';
  return buildEndpointSchema(
    {
      path: head.path, name, description: '', resource, canCreate: head.canCreate, ...(model ? { model } : {}), source: 'probe',
      ...(serializer.validate ? { customValidate: true } : {}), ...(serializer.uniqueTogether.length ? { uniqueTogether: serializer.uniqueTogether } : {}),
    },
    serializer.fields.map(fieldFromProbe),
  );
}
