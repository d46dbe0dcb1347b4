import { Pool } from 'undici';

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the response is JSON, the text otherwise. */
  body: T;
  text: string;
  durationMs: number;
}

export interface HttpRequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
  timeoutMs?: number;
}

/**
 * One keep-alive connection pool to the service under test, shared by seeding, flows and timing so the
 * measurements and the load go through the same connections.
 */
export class HttpClient {
  private readonly pool: Pool;
  readonly origin: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly scoped?: { headers: Record<string, string>; when: (method: string, path: string) => boolean };

  constructor(baseUrl: string, defaults: { headers?: Record<string, string>; connections?: number; scoped?: HttpClient['scoped'] } = {}, pool?: Pool) {
    this.origin = new URL(baseUrl).origin;
    this.headers = { ...defaults.headers };
    if (defaults.scoped) this.scoped = defaults.scoped;
    this.pool = pool ?? new Pool(this.origin, { connections: defaults.connections ?? 16, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /**
   * A client for a booted stack: its published URL, and the Host header the service accepts (from its
   * ALLOWED_HOSTS, once the run has asked), plus any headers given.
   */
  static forStack(info: { baseUrl: string; hostHeader?: string; proxyHeaders?: Record<string, string> }, headers: Record<string, string> = {}): HttpClient {
    return new HttpClient(info.baseUrl, { headers: { ...(info.hostHeader ? { host: info.hostHeader } : {}), ...info.proxyHeaders, ...headers } });
  }

  /**
   * A client that sends `headers` with every request as well, over the same connections: how a phase
   * signs in without changing the client other phases hold. Closing either closes the shared pool.
   */
  withHeaders(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.origin, { headers: { ...this.headers, ...headers }, ...(this.scoped ? { scoped: this.scoped } : {}) }, this.pool);
  }

  /**
   * A client that sends `headers` only with the requests `when` picks: credentials that cost the
   * service a password hash per request (HTTP Basic) go only where an endpoint needs them.
   */
  withScopedHeaders(headers: Record<string, string>, when: (method: string, path: string) => boolean): HttpClient {
    return new HttpClient(this.origin, { headers: this.headers, scoped: { headers, when } }, this.pool);
  }

  /** The headers sent with every request (credentials included: never print them). */
  defaultHeaders(): Readonly<Record<string, string>> {
    return this.headers;
  }

  /** The headers a request of `method` to `path` carries, scoped credentials included (never print them). */
  headersFor(method: string, path: string): Readonly<Record<string, string>> {
    const scoped = this.scoped && this.scoped.when(method.toUpperCase(), new URL(path, this.origin).pathname) ? this.scoped.headers : {};
    return { ...this.headers, ...scoped };
  }

  async request<T = unknown>(method: string, path: string, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    const url = new URL(path, this.origin);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const scoped = this.scoped && this.scoped.when(method.toUpperCase(), url.pathname) ? this.scoped.headers : {};
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...scoped, ...options.headers };
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const started = performance.now();
    const res = await this.pool.request({
      method: method as 'GET',
      path: url.pathname + url.search,
      headers,
      body: payload,
      headersTimeout: options.timeoutMs ?? 30_000,
      bodyTimeout: options.timeoutMs ?? 30_000,
    });
    const text = await res.body.text();
    const durationMs = performance.now() - started;
    const type = String(res.headers['content-type'] ?? '');
    let body: unknown = text;
    if (type.includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.statusCode, headers: res.headers as HttpResponse['headers'], body: body as T, text, durationMs };
  }

  get<T = unknown>(path: string, options?: HttpRequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Strips scheme and host from an absolute URL the API returned (pagination links, router roots). */
export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
