import { describe, expect, it } from 'vitest';
import type { CollectionResource } from '../../../src/api/resource-types.js';
import { carriesBasicAuth, rateBound } from '../../../src/seed/rate-bound.js';
import { API_ROWS_PER_COLLECTION, apiRowsFor, copyRequests } from '../../../src/seed/volume-seed.js';
import type { SeedEndpointResult } from '../../../src/types.js';

const schema = (path: string) => ({ path, writableFields: [], needsMultipart: false }) as unknown as CollectionResource['schema'];
const collection = (path: string, extra: Partial<CollectionResource> = {}): CollectionResource =>
  ({ path, route: path, view: 'v', methods: ['GET', 'POST'], schema: schema(path), source: 'probe', table: `t_${path.split('/')[2]}`, ...extra }) as CollectionResource;
const endpoint = (path: string, created: number, extra: Partial<SeedEndpointResult> = {}): SeedEndpointResult => ({ path, created, failed: 0, durationMs: created * 10, errors: [], ...extra });

const resources = {
  collections: [
    collection('/api/notes/'),
    collection('/api/private-notes/', { table: 't_notes' }),
    collection('/api/imports/', { source: 'api', table: null }),
    collection('/api/unknown/', { table: null }),
  ],
};

describe('seeding at volume: which rows go through the API, which by COPY', () => {
  it('a few rows per collection through the API where a table is known; all of them where the API is the only way', () => {
    const rowsFor = apiRowsFor(resources, 1000);
    expect(rowsFor('/api/notes/')).toBe(API_ROWS_PER_COLLECTION);
    expect(rowsFor('/api/private-notes/')).toBe(API_ROWS_PER_COLLECTION);
    expect(rowsFor('/api/imports/')).toBe(1000);
    expect(rowsFor('/api/unknown/')).toBe(1000);
    expect(apiRowsFor(resources, 3)('/api/notes/')).toBe(3);
  });

  it('COPY takes the rest, from the next payload index, for collections the API could write to, parents first', () => {
    const api = {
      report: { seed: 1, rows: 0, durationMs: 0, rowsPerSecond: 0, endpoints: [endpoint('/api/notes/', 5), endpoint('/api/private-notes/', 0, { skipped: 'needs authentication' }), endpoint('/api/imports/', 1000), endpoint('/api/unknown/', 0)] },
      created: { '/api/notes/': [1, 2, 3, 4, 5], '/api/imports/': [] },
      related: { '/api/notes/': { owner: [7] } },
    };
    expect(copyRequests(resources, api, 1000)).toEqual([
      { path: '/api/notes/', table: 't_notes', schema: schema('/api/notes/'), from: 5, to: 1000, related: { owner: [7] }, apiIds: [1, 2, 3, 4, 5] },
    ]);
    // Nothing is left for COPY when the API took every row.
    expect(copyRequests(resources, api, 5)).toEqual([]);
  });

  it('a hyperlinked id is no primary key: it is not handed to the script', () => {
    const api = { report: { seed: 1, rows: 0, durationMs: 0, rowsPerSecond: 0, endpoints: [endpoint('/api/notes/', 2)] }, created: { '/api/notes/': ['http://svc/api/notes/1/', 'a1b2'] }, related: {} };
    expect(copyRequests(resources, api, 20)[0]?.apiIds).toEqual(['a1b2']);
  });
});

describe('what bounds the rate where the API is the only way', () => {
  it('names HTTP Basic and the measured time per row', () => {
    expect(rateBound(endpoint('/api/private/', 100, { durationMs: 21_000 }), true)).toBe('/api/private/: through the API only (no table known for COPY); HTTP Basic: the service hashes a password per request, ~210 ms per row');
    expect(rateBound(endpoint('/api/imports/', 50, { durationMs: 500 }), false, 'COPY could not take its rows')).toBe('/api/imports/: through the API only (COPY could not take its rows); the service\'s create view, one request per row, ~10 ms per row');
  });

  it('reads HTTP Basic from the headers a request carries', () => {
    expect(carriesBasicAuth({ Authorization: 'Basic dTpw' })).toBe(true);
    expect(carriesBasicAuth({ authorization: 'Token abc' })).toBe(false);
    expect(carriesBasicAuth({ host: 'localhost' })).toBe(false);
  });
});
