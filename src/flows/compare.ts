import type { FieldSchema } from '../api/schema.js';

/**
 * Whether the value a service echoes for a field is the value that was sent, as DRF renders it:
 * decimals as strings ("12.50" for 12.5), datetimes normalised, related fields as ids, URLs or objects.
 */
export function sameValue(sent: unknown, got: unknown, field?: FieldSchema): boolean {
  if (sent === got) return true;
  if (sent === null || got === null || sent === undefined || got === undefined) return false;
  if (Array.isArray(sent)) {
    if (!Array.isArray(got) || sent.length !== got.length) return false;
    const item = field?.kind === 'related' ? field : field?.child ?? field;
    // A to-many value (related ids, nested rows, multiple choices) is a multiset: the service renders it in
    // its model's ordering, not in the order sent. Only a plain list (ListField of values) keeps its order.
    if (unordered(field)) return matchAll(sent, got, (s, g) => sameValue(s, g, item));
    return sent.every((s, i) => sameValue(s, got[i], item));
  }
  if (typeof sent === 'object') {
    if (typeof got !== 'object') return false;
    const children = field?.children ?? field?.child?.children;
    return Object.entries(sent as Record<string, unknown>).every(([k, v]) => {
      const child = children?.find((c) => c.name === k);
      return child?.writeOnly === true || sameValue(v, (got as Record<string, unknown>)[k], child);
    });
  }
  const kind = field?.kind;
  if (kind === 'related' || (typeof got === 'object' && got !== null)) return relatedMatches(sent, got);
  if (kind === 'decimal' || kind === 'float' || (typeof sent === 'number' && typeof got === 'string') || (typeof sent === 'string' && typeof got === 'number')) {
    const a = Number(sent);
    const b = Number(got);
    if (Number.isFinite(a) && Number.isFinite(b)) return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  }
  if (kind === 'datetime' && typeof sent === 'string' && typeof got === 'string') return Date.parse(sent) === Date.parse(got);
  if (kind === 'email' && typeof sent === 'string' && typeof got === 'string') return sent.toLowerCase() === got.toLowerCase();
  if (kind === 'url' && typeof sent === 'string' && typeof got === 'string') return sent.replace(/\/$/, '') === got.replace(/\/$/, '');
  return false;
}

/** Whether a list's order is not the one sent: relations, nested serializers with many=True, multiple choices. */
export function unordered(field: FieldSchema | undefined): boolean {
  if (!field) return false;
  if (field.kind === 'related' || field.kind === 'multiple-choice') return true;
  return field.kind === 'list' && (field.child?.kind === 'nested' || field.child?.kind === 'related' || !!field.child?.children);
}

/**
 * Whether every sent item pairs with its own answered item (a perfect matching, found by augmenting
 * paths): greedy pairing fails when an early item takes the only partner of a later one.
 */
export function matchAll<T>(sent: readonly T[], got: readonly T[], same: (s: T, g: T) => boolean): boolean {
  if (sent.length !== got.length) return false;
  const owner: Array<number | undefined> = new Array(got.length);
  const fits = sent.map((s) => got.map((g) => same(s, g)));
  const place = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < got.length; j++) {
      if (!fits[i]![j] || seen[j]) continue;
      seen[j] = true;
      if (owner[j] === undefined || place(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  return sent.every((_, i) => place(i, new Array(got.length).fill(false)));
}

function relatedMatches(sent: unknown, got: unknown): boolean {
  if (String(sent) === String(got)) return true;
  if (typeof got === 'object' && got !== null) {
    const obj = got as Record<string, unknown>;
    return ['id', 'pk', 'url'].some((k) => obj[k] !== undefined && relatedMatches(sent, obj[k]));
  }
  if (typeof got === 'string' && /^https?:\/\//.test(got)) return got.replace(/\/$/, '').endsWith(`/${String(sent)}`);
  return false;
}

// Where the schema cannot say write_only (OPTIONS never does), a secret left out of the answer is one.
const SECRET = /(^|_)(password|passwd|secret|token|pin)(\d|_|$)/;

/**
 * Fields whose echoed value differs from what was sent, as `field: sent X, got Y` lines. Write-only
 * fields are sent but never rendered back, so they are not compared.
 */
export function echoMismatches(sent: Record<string, unknown>, got: unknown, fields: FieldSchema[]): string[] {
  if (typeof got !== 'object' || got === null) return ['the response body is not a JSON object'];
  const body = got as Record<string, unknown>;
  const out: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const field = fields.find((f) => f.name === name);
    if (field?.writeOnly) continue;
    if (!(name in body)) {
      if (field?.writeOnly === undefined && SECRET.test(name)) continue;
      out.push(`field "${name}" is missing from the response`);
    } else if (!sameValue(value, body[name], field)) out.push(`field "${name}": sent ${JSON.stringify(value)}, got ${JSON.stringify(body[name])}`);
  }
  return out;
}
