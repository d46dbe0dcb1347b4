/** Secrets shorter than this are not redacted: replacing "1" or "abc" everywhere would shred reports. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret value (length ≥ 4) in `text` by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains a shorter one is removed whole.
  for (const secret of usable(secrets)) out = out.split(secret).join('***');
  return out;
}

/** A deep copy of `value` with `redact` applied to every string in it (keys are left alone). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const list = usable(secrets);
  if (list.length === 0) return value;
  return walk(value, list) as T;
}

function walk(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, secrets)]));
  }
  return value;
}

function usable(secrets: readonly string[]): string[] {
  return [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
