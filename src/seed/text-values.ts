/**
 * Text values shaped by a field's name and limits: e-mail addresses, slugs, codes, ISBNs, names,
 * addresses… One Faker stream (the generator's) draws them, so the same seed gives the same text.
 * Values that must differ per row embed the row index, which makes them unique however many rows.
 */
import type { Faker } from '@faker-js/faker';
import type { FieldSchema } from '../api/schema.js';

/** What one payload is generated with. */
/** Ids of existing rows per related resource, for relation fields. */
export type RelatedIds = Record<string, readonly (string | number)[]>;

export interface Ctx {
  f: Faker;
  ref: Date;
  salt: number;
  index: number;
  rate: number;
  relatedIds: RelatedIds;
  /** Position inside a list being filled: spreads the items of one row over different related rows. */
  slot: number;
}
/** Makes the text of one field. */
export type Make = (c: Ctx, field: FieldSchema) => string;

/** Fits text into min_length..max_length, cutting at a word when that keeps most of it; never blank. */
export function fit(value: string, field: FieldSchema, c: Ctx): string {
  let v = value.trim() || 'x';
  const min = field.minLength ?? 1;
  while (v.length < min) v = `${v} ${c.f.lorem.word()}`;
  const max = field.maxLength;
  if (max === undefined || v.length <= max) return v;
  const cut = v.slice(0, max);
  const space = cut.lastIndexOf(' ');
  // CharField trims whitespace before checking lengths, so a trailing space would shorten the value.
  v = (space >= max * 0.6 ? cut.slice(0, space) : cut).trimEnd();
  return v.length >= min ? v : cut.replace(/ /g, '_');
}

/** Base text plus a per-row suffix; the base gives way so the suffix (the unique part) always fits. */
export function unique(baseText: string, suffix: string, field: FieldSchema): string {
  const max = field.maxLength ?? Infinity;
  if (suffix.length >= max) return suffix.slice(-max);
  return baseText.slice(0, max - suffix.length) + suffix;
}

/** `length` digits, distinct for every index below 10^length (7919 is coprime with 10, so this is a bijection). */
export function digits(c: Ctx, length: number): string {
  const mod = 10 ** Math.min(length, 15);
  return String((c.salt + c.index * 7919) % mod).padStart(length, '0').slice(-length);
}

/** EAN-13 / ISBN-13: prefix, row-unique body, check digit. Shorter columns get plain unique digits. */
function ean13(prefix: string): Make {
  return (c, field) => {
    if ((field.maxLength ?? 13) < 13) return digits(c, field.maxLength ?? 13);
    const body = prefix + digits(c, 12 - prefix.length);
    const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
    return body + ((10 - (sum % 10)) % 10);
  };
}

/** A row-unique e-mail address within max_length (Django's EmailValidator accepts it). */
export const email: Make = (c, field) => {
  const [local = 'user', domain = 'example.com'] = c.f.internet.exampleEmail().toLowerCase().split('@');
  const room = Math.min(64, (field.maxLength ?? 254) - domain.length - 1);
  const suffix = `.${c.index}`;
  // A cut local part ending in "." would give "a..1", which Django's EmailValidator rejects.
  const head = local.slice(0, Math.max(0, room - suffix.length)).replace(/[._-]+$/, '') || 'u';
  return unique(head, suffix, { ...field, maxLength: room }) + `@${domain}`;
};

/** A URL within max_length. */
export const url: Make = (c, field) => {
  const max = field.maxLength ?? 200;
  const full = c.f.internet.url();
  if (full.length <= max) return full;
  const short = `https://${c.f.internet.domainWord().slice(0, Math.max(1, max - 12))}.com`;
  return short.length <= max ? short : 'http://a.io';
};

/** A row-unique slug. */
export const slug: Make = (c, f) => unique(c.f.helpers.slugify(c.f.lorem.words({ min: 2, max: 4 })).toLowerCase(), `-${c.index}`, f);
/** A row-unique code (`ABC-0042`), upper case as codes usually are. */
export const code: Make = (c, f) => unique(c.f.string.alpha({ length: 3, casing: 'upper' }), `-${String(c.index).padStart(4, '0')}`, f);
const username: Make = (c, f) => unique(c.f.internet.username(), `_${c.index}`, f);
const uuid: Make = (c) => c.f.string.uuid();
const isbn = ean13('978');
const barcode = ean13('20');
const words = (c: Ctx): string => c.f.lorem.words({ min: 2, max: 6 }).replace(/^./, (s) => s.toUpperCase());

// First match wins, so specific names come before the general ones they contain.
export const TEXT_RULES: [RegExp, Make][] = [
  [/isbn/, isbn],
  [/(^|_)(ean|ean13|barcode|gtin|upc)$/, barcode],
  [/(^|_)(phone|mobile|tel|telephone|fax|cell)(_number)?$/, (c) => c.f.phone.number({ style: 'international' })],
  [/(^|_)e?mail(_address)?$/, email],
  [/(^|_)(username|user_name|login|handle|nickname)$/, username],
  [/(^|_)slug$/, slug],
  [/(^|_)country_code$/, (c) => c.f.location.countryCode()],
  [/(^|_)currency(_code)?$/, (c) => c.f.finance.currencyCode()],
  [/(^|_)(language|lang|locale)(_code)?$/, (c) => c.f.location.language().alpha2],
  [/(^|_)(zip|zipcode|zip_code|postcode|postal_code)$/, (c) => c.f.location.zipCode('#####')],
  [/(^|_)(sku|code|serial|serial_number|reference)$/, code],
  [/(^|_)(uuid|guid)$/, uuid],
  [/(^|_)first_?name$/, (c) => c.f.person.firstName()],
  [/(^|_)(last_?name|surname|family_name)$/, (c) => c.f.person.lastName()],
  [/(^|_)(company|organization|organisation|employer|publisher|manufacturer|vendor)(_name)?$/, (c) => c.f.company.name()],
  [/(^|_)product(_name)?$/, (c) => c.f.commerce.productName()],
  [/(^|_)(full_?name|display_name|name)$/, (c) => c.f.person.fullName()],
  [/(^|_)(city|town)$/, (c) => c.f.location.city()],
  [/(^|_)country$/, (c, f) => ((f.maxLength ?? 99) <= 3 ? c.f.location.countryCode() : c.f.location.country())],
  [/(^|_)(state|region|province|county)$/, (c) => c.f.location.state()],
  [/(^|_)(address|street|street_address|address_line_?\d?)$/, (c) => c.f.location.streetAddress()],
  [/(^|_)(url|website|homepage|link|site)$/, url],
  [/(^|_)(title|headline|subject|heading|caption)$/, words],
  [/(^|_)(body|description|text|content|notes?|summary|bio|comment|message|details|abstract|about)$/, (c) => c.f.lorem.paragraph()],
  [/(^|_)colou?r$/, (c) => c.f.color.human()],
  [/password/, (c) => c.f.internet.password({ length: 16 })],
  [/(^|_)ip(_address)?$/, (c) => c.f.internet.ipv4()],
  [/(^|_)(timezone|time_zone|tz)$/, (c, f) => (f.maxLength ?? 99) >= 32 ? c.f.location.timeZone() : 'UTC'],
];

/** Rules whose values already differ per row: a unique field they fill needs no suffix of its own. */
export const ROW_UNIQUE: ReadonlySet<Make> = new Set([isbn, barcode, email, username, slug, code, uuid]);
