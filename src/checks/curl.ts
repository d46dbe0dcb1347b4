/**
 * Reproductions as a shell line: `curl` with the Host and proxy headers the run sent, credentials
 * replaced by placeholders (`$TOKEN`, `$TOKEN_B`) so that no secret reaches a report. Pure.
 */

// Headers that carry no secret: shown as they were sent.
const PLAIN = new Set(['host', 'accept', 'content-type', 'user-agent', 'referer', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-ssl', 'x-enid-request-id']);

/** The headers a report may show: credentials as `$NAME` placeholders, the rest as sent. */
export function shownHeaders(headers: Readonly<Record<string, string>>, suffix = '', proxy: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (PLAIN.has(key) || proxy.includes(key)) out[key] = value;
    else out[key] = placeholder(key, value, suffix);
  }
  return out;
}

function placeholder(name: string, value: string, suffix: string): string {
  if (name === 'authorization') {
    const scheme = /^(\S+)\s/.exec(value)?.[1];
    const what = scheme && /^basic$/i.test(scheme) ? 'BASIC_AUTH' : 'TOKEN';
    return scheme ? `${scheme} $${what}${suffix}` : `$${what}${suffix}`;
  }
  if (name === 'cookie') return `$COOKIE${suffix}`;
  if (/csrf/.test(name)) return `$CSRF_TOKEN${suffix}`;
  return `$${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}${suffix}`;
}

/** Single-quoted for sh: nothing inside expands. */
const single = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
/** Double-quoted for sh, so `$TOKEN` expands and nothing else does. */
const double = (text: string): string => `"${text.replace(/(["\\`])/g, '\\$1').replace(/\$(?![A-Z_][A-Z0-9_]*\b)/g, '\\$')}"`;

/**
 * `curl -sS -X METHOD 'URL' -H 'Host: …' -H "Authorization: Token $TOKEN" --data-raw '…'`. Headers
 * holding a placeholder are double-quoted so the shell fills them in; everything else is single-quoted.
 */
export function curlLine(method: string, url: string, headers: Readonly<Record<string, string>>, body?: string): string {
  const parts = ['curl', '-sS', '-X', method.toUpperCase(), single(url)];
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'accept' || name === 'x-enid-request-id') continue;
    const text = `${canonical(name)}: ${value}`;
    parts.push('-H', /\$[A-Z_]/.test(value) && !PLAIN.has(name) ? double(text) : single(text));
  }
  if (body !== undefined) parts.push('--data-raw', single(body));
  return parts.join(' ');
}

/** `x-forwarded-proto` → `X-Forwarded-Proto`, as people write them. */
function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
