import { describe, expect, it } from 'vitest';
import { timingCandidates, uncacheableBecause } from '../../../src/timing/candidates.js';
import { probed } from '../probe/recorded.js';

describe('timingCandidates from real probe documents', () => {
  it('cache_page is evidence; the uncached twin is only something to try', () => {
    const c = timingCandidates(probed('notes-redis-django4.2'), []);
    expect(c.find((x) => x.path === '/api/stats/')).toEqual({ path: '/api/stats/', evidence: 'cache_page' });
    expect(c.find((x) => x.path === '/api/stats-live/')).toEqual({ path: '/api/stats-live/', evidence: 'try' });
  });

  it('never_cache views and DRF\'s login/logout views are never candidates', () => {
    const paths = timingCandidates(probed('drift-nomigrate-django3.2'), []).map((c) => c.path);
    expect(paths).toContain('/api/stats/');
    expect(paths).not.toContain('/api/metrics/');
    expect(paths.filter((p) => p.startsWith('/api-auth/'))).toEqual([]);
    expect(paths).not.toContain('/api/');
  });

  it('no admin page, schema or docs view', () => {
    const paths = timingCandidates(probed('drift-subfolder-django3.2'), []).map((c) => c.path);
    expect(paths.filter((p) => p.startsWith('/admin'))).toEqual([]);
    expect(paths).toContain('/api/summary/');
  });
});

describe('uncacheableBecause', () => {
  it('what never_cache sends is evidence against a cache', () => {
    expect(uncacheableBecause({ 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private', expires: 'Tue, 01 Dec 2026 10:00:00 GMT', date: 'Tue, 01 Dec 2026 10:00:00 GMT' })).toBe('Cache-Control: no-store');
    expect(uncacheableBecause({ expires: 'Tue, 01 Dec 2026 09:00:00 GMT', date: 'Tue, 01 Dec 2026 10:00:00 GMT' })).toBe('Expires is not after Date');
  });

  it('cache_page\'s own headers are not', () => {
    expect(uncacheableBecause({ 'cache-control': 'max-age=60', expires: 'Tue, 01 Dec 2026 10:01:00 GMT', date: 'Tue, 01 Dec 2026 10:00:00 GMT' })).toBeUndefined();
  });
});
