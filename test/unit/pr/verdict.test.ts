import { describe, expect, it } from 'vitest';
import { prVerdict } from '../../../src/pr/verdict.js';
import type { PrReport } from '../../../src/pr/types.js';

const clean: Omit<PrReport, 'verdict' | 'reasons'> = {
  base: { ref: 'origin/main', commit: 'abc', how: 'merge base' }, head: { commit: 'def', dirty: false },
  contract: [{ rule: 'endpoint-added', level: 'non-breaking', endpoint: 'GET /api/tags/', detail: 'new endpoint' }],
  migrations: [{ app: 'catalog', name: '0002', durationMs: 12, rows: {}, locks: [], reversible: true, flags: [{ rule: 'index-not-concurrent', level: 'high', operation: 'AddIndex', detail: '…' }] }],
  rollingDeploy: { checked: true, failures: [], failingBefore: 0 },
  latency: [{ endpoint: 'GET /api/books/', baseMs: 10, headMs: 4, ratio: 0.4, low: 0.35, high: 0.45, aa: { ratio: 1, low: 0.9, high: 1.1 }, verdict: 'faster', samples: 20 }],
  noiseFloor: { aa: 1.1, minSlowdown: 1.25, threshold: 1.25 },
  queries: [{ endpoint: 'GET /api/books/', rows: 10, baseQueries: 2, headQueries: 3, perRow: 0.1, verdict: 'more' }],
  notes: [],
};

describe('prVerdict', () => {
  it('passes with non-breaking changes, risky-but-working migrations, improvements and a constant extra query', () => {
    expect(prVerdict(clean)).toEqual({ verdict: 'passed', reasons: [] });
  });

  it('fails on each deciding finding, one line each', () => {
    const out = prVerdict({
      ...clean,
      contract: [...clean.contract, { rule: 'response-required-property-removed', level: 'breaking', endpoint: 'GET /api/books/', detail: 'title is no longer in the response', field: 'title' }],
      migrations: [{ ...clean.migrations[0]!, error: 'OperationalError: canceling statement due to lock timeout' }],
      rollingDeploy: { checked: true, failures: [{ flow: 'books: list', status: 500, error: 'GET /api/books/ answered 500' }], failingBefore: 0 },
      latency: [{ ...clean.latency[0]!, endpoint: 'GET /api/authors/', baseMs: 8, headMs: 24, ratio: 3, low: 2.6, high: 3.3, verdict: 'slower' }],
      queries: [{ endpoint: 'GET /api/books/', rows: 10, baseQueries: 2, headQueries: 12, perRow: 1, verdict: 'growth' }],
    });
    expect(out.verdict).toBe('failed');
    expect(out.reasons).toEqual([
      '1 breaking API change(s): response-required-property-removed GET /api/books/ title',
      "migration catalog.0002 failed on the base's data: OperationalError: canceling statement due to lock timeout",
      'rolling deploy breaks: the base code fails against the migrated database (books: list → 500)',
      'GET /api/authors/ is 3.00× slower (8.0 → 24.0 ms; bound 2.60× > floor 1.25×)',
      'GET /api/books/ runs 1 more query per row (2 → 12 for 10 rows): an N+1',
    ]);
  });
});
