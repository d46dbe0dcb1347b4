import { describe, expect, it } from 'vitest';
import { parseApiRoot } from '../src/api/schema.js';
import { stackInfo } from '../src/vitest/provided-context.js';
import { api, type ApiOptions } from './api.js';

export interface HealthSuiteOptions extends ApiOptions {
  /** Path that must answer 2xx (default: the first API root the stack knows, else `/`). */
  path?: string;
}

/**
 * Smoke checks of a booted service: `path` answers 2xx, and each API root lists its collections, each
 * of which answers GET 200. Everything is optional: `healthSuite()` checks the API roots the harness
 * discovered.
 *
 * @param pathOrOptions the path to check (default: the first API root), or all options at once
 * @param options headers sent with every request (default: none)
 * @example
 * import { healthSuite } from 'enid-test/suites';
 * healthSuite();                 // the API roots
 * healthSuite('/health/');       // and /health/ must answer 2xx
 * healthSuite({ path: '/health/', headers: { Authorization: 'Token abc' } });
 */
export function healthSuite(pathOrOptions?: string | HealthSuiteOptions, options: ApiOptions = {}): void {
  const given = typeof pathOrOptions === 'object' ? pathOrOptions : { ...options, ...(pathOrOptions === undefined ? {} : { path: pathOrOptions }) };
  describe('service health', () => {
    const info = stackInfo();
    const http = api(given.headers ? { headers: given.headers } : {});
    const target = given.path ?? info.apiRoots[0] ?? '/';

    it(`GET ${target} answers 2xx`, async () => {
      const res = await http.get(target);
      expect(res.status, res.text.slice(0, 500)).toBeGreaterThanOrEqual(200);
      expect(res.status, res.text.slice(0, 500)).toBeLessThan(300);
    });

    for (const root of info.apiRoots) {
      it(`the API root ${root} lists endpoints that answer`, async () => {
        const res = await http.get(root);
        expect(res.status, res.text.slice(0, 500)).toBe(200);
        const endpoints = parseApiRoot(res.body, http.origin);
        expect(endpoints, `${root} lists no endpoints: ${res.text.slice(0, 200)}`).not.toHaveLength(0);
        for (const endpoint of endpoints) {
          const listed = await http.get(endpoint);
          expect(listed.status, `GET ${endpoint}: ${listed.text.slice(0, 300)}`).toBe(200);
        }
      });
    }
  });
}
