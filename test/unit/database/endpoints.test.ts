import { describe, expect, it } from 'vitest';
import { detailEndpoints, detailPath, listEndpoints, rowsIn, sizeQuery } from '../../../src/database/endpoints.js';
import { resourcesOf as probed } from '../seed/probed.js';

describe('endpoints to measure, from recorded probes', () => {
  it('lists collections with their pagination and table, never format-suffix variants', () => {
    const lists = listEndpoints(probed('drift-nomigrate-django3.2'));
    expect(lists.map((e) => [e.path, e.pagination?.style ?? null, e.table])).toEqual([
      ['/api/instructors/', 'cursor', 'courses_instructor'],
      ['/api/tags/', null, 'courses_tag'],
      ['/api/courses/', 'limit-offset', 'courses_course'],
    ]);
    expect(lists.find((e) => e.path === '/api/courses/')?.serializer?.class).toBe('courses.serializers.CourseSerializer');
  });

  it('pairs each detail route with its collection', () => {
    expect(detailEndpoints(probed('library-pg-django4.2')).map((d) => [d.route, d.collection])).toEqual([
      ['api/^authors/(?P<pk>[^/.]+)/$', '/api/authors/'],
      ['api/^books/(?P<pk>[^/.]+)/$', '/api/books/'],
    ]);
  });
});

describe('asking for a number of rows', () => {
  const doc = probed('drift-nomigrate-django3.2');
  const pagination = (path: string) => listEndpoints(doc).find((e) => e.path === path)!.pagination;
  it('uses limit for limit-offset and the page size parameter when the class has one', () => {
    expect(sizeQuery(pagination('/api/courses/'), 25)).toEqual({ limit: 25 });
    expect(sizeQuery({ class: 'shop.pagination.SizedPagination', style: 'page-number', pageSize: 10, pageSizeQueryParam: 'page_size' }, 5)).toEqual({ page_size: 5 });
  });

  it('has nothing to ask of a fixed page size, or of a list without pagination (it returns every row)', () => {
    expect(sizeQuery(pagination('/api/instructors/'), 25)).toBeUndefined();
    expect(sizeQuery(listEndpoints(probed('library-pg-django4.2'))[0]!.pagination, 25)).toBeUndefined();
    expect(sizeQuery(null, 25)).toBeUndefined();
  });

  it('counts rows in bare arrays and in DRF pages', () => {
    expect(rowsIn([{ id: 1 }, { id: 2 }])).toBe(2);
    expect(rowsIn({ count: 40, next: null, previous: null, results: [{ id: 1 }] })).toBe(1);
    expect(rowsIn({ next: null, previous: null, results: [] })).toBe(0);
    expect(rowsIn({ status: 'ok' })).toBeUndefined();
    expect(rowsIn('<html>')).toBeUndefined();
  });

  it('fills a detail route with an id, whatever its syntax', () => {
    expect(detailPath('api/^notes/(?P<pk>[^/.]+)/$', 7)).toBe('/api/notes/7/');
    expect(detailPath('api/items/<int:pk>/', 3)).toBe('/api/items/3/');
    expect(detailPath('api/^courses/(?P<public_id>[^/.]+)/$', 'c0ffee')).toBe('/api/courses/c0ffee/');
    expect(detailPath('api/<int:a>/<int:b>/', 1)).toBeUndefined();
    expect(detailPath('api/notes/', 1)).toBeUndefined();
  });
});
