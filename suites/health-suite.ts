import { describe, expect, it } from 'vitest';
import { parseApiRoot } from '../src/seed/schema.js';
import { stackInfo } from '../src/vitest/provided-context.js';
import { api, type ApiOptions } from './api.js';

/**
 * Smoke checks of a booted service: `path` answers 2xx (default: the first API root), and each API root
 * lists its collections, each of which answers GET 200.
 *
 * @example
 * import { healthSuite } from 'enid-test/suites';
 * healthSuite('/health/');
 */
export function healthSuite(path?: string, options: ApiOptions = {}): void {
  describe('service health', () => {
    const info = stackInfo();
    const http = api(options);
    const target = path ?? info.apiRoots[0] ?? '/';

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
