import { describe, expect, it } from 'vitest';
import { orderByDependencies } from '../../../src/api/dependencies.js';
import { keepScalars, listRows, lookupValue, relatedIdsFor, rowId } from '../../../src/api/related.js';
import { resourcesOf } from '../seed/probed.js';

// Rows as the drift-nomigrate service answers a create (the course by its UUID, no integer id).
const instructors = [{ id: 1, name: 'A', email: 'a@example.com' }, { id: 2, name: 'B', email: 'b@example.com' }];
const tags = [{ id: 5, slug: 'intro', label: 'Intro' }, { id: 6, slug: 'web', label: 'Web' }];
const course = { public_id: '0b6e3f5c-9f1e-4a57-8d2c-1f7b1e9f2a10', code: 'ABC-0001', tags: ['intro'], instructor: 1 };

describe('related values from the rows created earlier', () => {
  it('gives a foreign key the pk and a slug relation the slugs, by what the probe said of each field', () => {
    const plan = orderByDependencies(resourcesOf('drift-nomigrate-django3.2').collections.map((c) => c.schema));
    const related = relatedIdsFor(plan, '/api/courses/', { created: {}, rows: { '/api/instructors/': instructors, '/api/tags/': tags } });
    expect(related).toEqual({ instructor: [1, 2], tags: ['intro', 'web'] });
    // Without rows kept, ids still serve a primary-key relation; a slug relation has nothing to go on.
    expect(relatedIdsFor(plan, '/api/courses/', { created: { '/api/instructors/': [7], '/api/tags/': [5] } })).toEqual({ instructor: [7], tags: [] });
  });

  it('reaches a row by its lookup field, and keys it by id, else pk, uuid or URL', () => {
    expect(lookupValue(course, 'public_id')).toBe(course.public_id);
    expect(lookupValue(instructors[0]!, 'pk')).toBe(1);
    expect(lookupValue(course, 'pk')).toBeUndefined();
    expect([rowId(instructors[0]!), rowId(course), rowId({ url: 'http://h/api/x/3/' })]).toEqual([1, undefined, 'http://h/api/x/3/']);
  });

  it('keeps the scalars of an answer, and reads the rows of a bare or paginated list', () => {
    expect(keepScalars(course)).toEqual({ public_id: course.public_id, code: 'ABC-0001', instructor: 1 });
    expect(keepScalars([1])).toBeUndefined();
    expect(listRows({ count: 2, next: null, previous: null, results: tags })).toEqual(tags);
    expect(listRows(tags)).toEqual(tags);
    expect(listRows({ detail: 'Not found.' })).toEqual([]);
  });
});
