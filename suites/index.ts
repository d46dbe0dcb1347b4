/**
 * Reusable vitest suites for a service repo's own end-to-end tests, against the stack the
 * `enid-test/vitest` globalSetup (or `enid-test run`) booted. Every option has a default:
 * `healthSuite()` and `crudSuite('/api/books/')` need nothing else.
 *
 * @example
 * // e2e/books.test.ts
 * import { crudSuite, healthSuite } from 'enid-test/suites';
 * healthSuite('/health/');
 * crudSuite('/api/books/');
 */
export { api, ApiClient, type ApiOptions } from './api.js';
export { cachedEndpointSuite, type CachedEndpointOptions } from './cached-endpoint-suite.js';
export { crudSuite, type CrudSuiteOptions } from './crud-suite.js';
export { healthSuite, type HealthSuiteOptions } from './health-suite.js';
export { stackInfo } from '../src/vitest/provided-context.js';
export type { HttpRequestOptions, HttpResponse } from '../src/http/client.js';
export type { StackInfo } from '../src/stack/stack-info.js';
