import type { HttpExchange } from '../types.js';

/**
 * One shell line that sends the request of an exchange again: method, URL, the headers the run sent
 * (Host, proxy headers) and the body, JSON unless it was a string. Credentials are not in it: the run
 * never reports them.
 */
export function curlLine(exchange: Pick<HttpExchange, 'method' | 'url' | 'requestBody'>, headers: Record<string, string> = {}): string {
  const method = exchange.method.toUpperCase();
  const args = ['curl', '-sS', '-i'];
  if (method !== 'GET') args.push('-X', method);
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  if (exchange.requestBody !== undefined) {
    const isText = typeof exchange.requestBody === 'string';
    if (!isText) args.push('-H', 'Content-Type: application/json');
    args.push('--data-raw', isText ? (exchange.requestBody as string) : JSON.stringify(exchange.requestBody));
  }
  args.push(exchange.url);
  return args.map(shellWord).join(' ');
}

/**
 * A POSIX shell word: as it is when it has nothing the shell would read, else in single quotes (inside
 * which nothing is special; a `'` becomes `'\''`). shell-quote backslash-escapes each character instead,
 * which is as correct but hard to read in a URL or a JSON body.
 */
export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, "'\\''")}'`;
}
