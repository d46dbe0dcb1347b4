import { describe, expect, it } from 'vitest';
import { pagingParams, queryCases } from '../../../src/checks/query-cases.js';

describe('query cases', () => {
  it('gives every parameter the view reads the wrong-typed values, in a stable order', () => {
    const cases = queryCases({ viewParams: ['below'] });
    expect(cases.map((c) => c.value)).toEqual(['enid', '0', '-1', '1.5', '', '\'"', '%_\\']);
    expect(new Set(cases.map((c) => c.param))).toEqual(new Set(['below']));
    expect(queryCases({ viewParams: ['below'] })).toEqual(cases);
  });

  it('reads filters, search, ordering and pagination once each, never past a 32-bit number, never NUL', () => {
    const cases = queryCases({
      viewParams: ['status', 'page'], query: { filters: ['status'], ordering: ['title'], search: true },
      pagination: { class: 'x', style: 'page-number', pageQueryParam: 'page', pageSizeQueryParam: 'page_size' },
    });
    const params = [...new Set(cases.map((c) => c.param))];
    expect(params).toEqual(['status', 'search', 'ordering', 'page', 'page_size']);
    expect(cases.filter((c) => c.param === 'page').map((c) => c.value)).toEqual(['0', '-1', 'enid', '2147483647']);
    expect(cases.some((c) => c.value.includes('\u0000'))).toBe(false);
  });

  it('knows the parameters of each pagination style', () => {
    expect(pagingParams({ class: 'x', style: 'limit-offset' })).toEqual(['limit', 'offset']);
    expect(pagingParams({ class: 'x', style: 'cursor', cursorQueryParam: 'c' })).toEqual(['c']);
    expect(pagingParams(null)).toEqual([]);
  });
});
