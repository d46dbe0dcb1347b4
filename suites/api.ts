import { afterAll, onTestFinished } from 'vitest';
import { HttpClient, type HttpRequestOptions, type HttpResponse } from '../src/http/client.js';
import { stackInfo } from '../src/vitest/provided-context.js';

/** HttpClient with a method per verb; bodies are sent as JSON, JSON answers parsed into `body: T`. */
export class ApiClient extends HttpClient {
  post<T = unknown>(path: string, body?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  put<T = unknown>(path: string, body?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('PUT', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  patch<T = unknown>(path: string, body?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('PATCH', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  delete<T = unknown>(path: string, options?: HttpRequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }
}

export interface ApiOptions {
  /** Sent with every request, e.g. `{ Authorization: 'Token abc' }` (default: none). */
  headers?: Record<string, string>;
}

/**
 * An HTTP client for the service under test, on the published port of the stack the globalSetup booted.
 * Called at the top of a file or in a `describe`, it is closed after that file's (or block's) tests;
 * called inside a test, when that test ends.
 *
 * @param options headers sent with every request (default: none)
 * @example
 * const http = api();
 * it('lists books', async () => {
 *   const res = await http.get<{ count: number }>('/api/books/');
 *   expect(res.status).toBe(200);
 * });
 */
export function api(options: ApiOptions = {}): ApiClient {
  // The Host header the service accepts (its ALLOWED_HOSTS) goes with every request, as in the run.
  const info = stackInfo();
  const client = new ApiClient(info.baseUrl, { headers: { ...(info.hostHeader ? { host: info.hostHeader } : {}), ...info.proxyHeaders, ...options.headers } });
  const close = (): Promise<void> => client.close().catch(() => undefined);
  try {
    onTestFinished(close);
  } catch {
    // Not inside a test: we are collecting a file or a describe block.
    afterAll(close);
  }
  return client;
}
