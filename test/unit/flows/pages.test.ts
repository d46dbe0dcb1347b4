import { describe, expect, it } from 'vitest';
import { countOf, pageRows, pageShapeProblem } from '../../../src/flows/pages.js';
import { resourcesOf } from '../seed/probed.js';

// The recorded drift-nomigrate views: cursor (instructors), none (tags), limit-offset (courses).
const [cursor, none, limitOffset] = resourcesOf('drift-nomigrate-django3.2').collections.map((c) => c.pagination);
const pageNumber = resourcesOf('drift-pytest-django3.2').collections.find((c) => c.path === '/api/expenses/')!.pagination;

const rows = [{ id: 1 }, { id: 2 }];
const numbered = { count: 2, next: null, previous: null, results: rows };
const cursored = { next: 'http://h/api/instructors/?cursor=cD0y', previous: null, results: rows };

describe('list bodies against the view\'s pagination, as the probe reported it', () => {
  it('reads the recorded pagination classes', () => {
    expect([cursor?.style, none, limitOffset?.style, pageNumber?.style]).toEqual(['cursor', null, 'limit-offset', 'page-number']);
    expect(limitOffset).toMatchObject({ limitQueryParam: 'limit', offsetQueryParam: 'offset', defaultLimit: 10 });
  });

  it('accepts each style\'s own shape: a bare array, a counted page, a cursor page without a count', () => {
    expect(pageShapeProblem(rows, none)).toBeUndefined();
    expect(pageShapeProblem(numbered, pageNumber)).toBeUndefined();
    expect(pageShapeProblem(numbered, limitOffset)).toBeUndefined();
    expect(pageShapeProblem(cursored, cursor)).toBeUndefined();
    // Unknown pagination (no probe): anything goes.
    expect(pageShapeProblem('text', undefined)).toBeUndefined();
  });

  it('names what does not fit', () => {
    expect(pageShapeProblem(numbered, none)).toBe('the view has no pagination, but the list is not a bare JSON array');
    expect(pageShapeProblem(rows, pageNumber)).toBe('the view paginates (page-number), but the list has no "results" array');
    expect(pageShapeProblem(cursored, limitOffset)).toBe('a limit-offset page has no numeric "count"');
    expect(pageShapeProblem({ results: rows }, cursor)).toBe('a cursor page has no "next" and "previous" links');
  });

  it('counts what a count can say: a bare array\'s length, a page\'s count, nothing for a cursor page', () => {
    expect([countOf(rows), countOf(numbered), countOf(cursored), countOf('x')]).toEqual([2, 2, undefined, undefined]);
    expect([pageRows(rows), pageRows(cursored), pageRows({ detail: 'x' })]).toEqual([rows, rows, []]);
  });
});
