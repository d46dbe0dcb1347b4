import { describe, expect, it, type RunnerTestCase, type RunnerTestSuite } from 'vitest';
import { cachedEndpointSuite } from '../../../suites/cached-endpoint-suite.js';

// Registered, never run (they need a booted stack): what matters is what the calls register.
describe.skip('registered by cachedEndpointSuite', () => {
  cachedEndpointSuite('/api/stats/');
  cachedEndpointSuite('/api/report/', { minSpeedup: 3, budgetMs: 5_000, maxRequests: undefined });
});

function tests(suite: RunnerTestSuite | { tasks: RunnerTestSuite['tasks'] }): RunnerTestCase[] {
  return suite.tasks.flatMap((t) => (t.type === 'suite' ? tests(t) : t.type === 'test' ? [t] : []));
}

describe('cachedEndpointSuite', () => {
  it('needs no options: minSpeedup 2 and a 60 s budget (plus 30 s for set-up) by default', ({ task }) => {
    const registered = tests(task.file).filter((t) => t.suite?.name.endsWith(' cache'));
    expect(registered.map((t) => [t.suite?.name, t.name, t.timeout])).toEqual([
      ['/api/stats/ cache', 'warm responses are at least 2× faster than cold ones', 90_000],
      ['/api/report/ cache', 'warm responses are at least 3× faster than cold ones', 35_000],
    ]);
  });

  it('refuses a minimum speedup that cannot tell a cache from noise', () => {
    expect(() => cachedEndpointSuite('/api/x/', { minSpeedup: 1 })).toThrow('cachedEndpointSuite("/api/x/"): minSpeedup must be greater than 1, got 1');
    expect(() => cachedEndpointSuite('/api/x/', { minSpeedup: Number.NaN })).toThrow(RangeError);
  });
});
