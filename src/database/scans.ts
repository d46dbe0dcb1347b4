/** Sequential scans at volume: many rows through the ORM (rolled back after), then EXPLAIN of each list query. */
import type { ResourceMap } from '../api/resources.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import { listEndpoints, type ListEndpoint } from './endpoints.js';
import { analysePlan } from './plans.js';
import type { DatabaseReport } from './types.js';
import { createRows, type RowsInput } from './volume.js';

// Enough requests to cover a service's orderings and filters without an EXPLAIN per field of a wide model.
const MAX_EXPLAINS = 40;

/** The page query of every list endpoint, plus one per ordering field and per filter field it declares. Pure. */
export function explainRequests(lists: ListEndpoint[], size: number): NonNullable<RowsInput['explain']> {
  const out: NonNullable<RowsInput['explain']> = [];
  for (const e of lists) {
    out.push({ path: e.path, size });
    for (const f of e.ordering) out.push({ path: e.path, size, query: { ordering: f } });
    // A filter value that exists for most fields: ids, counts and codes alike start at 1.
    for (const f of e.filters) out.push({ path: e.path, size, query: { [f]: '1' } });
  }
  return out.slice(0, MAX_EXPLAINS);
}

export interface ScanInput {
  service: StartedDjangoService;
  resources: ResourceMap;
  rows: number;
  pageSize: number;
  level: 'fail' | 'warn';
}

/** Fills every listed table with `rows` rows, EXPLAINs, and rolls the rows back; scans and the volume figures. */
export async function checkScans(input: ScanInput): Promise<Pick<DatabaseReport, 'scans' | 'volume' | 'notes'>> {
  const lists = listEndpoints(input.resources);
  const tables = [...new Set(lists.map((e) => e.table).filter((t): t is string => !!t))];
  if (!tables.length) return { scans: [], notes: ['no list endpoint with a known table: nothing to EXPLAIN at volume'] };
  const out = await createRows(input.service, { tables, rows: input.rows, commit: false, offset: 2_000_000, explain: explainRequests(lists, input.pageSize) });
  const total = Object.values(out.tables).reduce((a, b) => a + b, 0);
  const volume = { rows: total, durationMs: out.durationMs, rowsPerSecond: out.durationMs ? Math.round((total / out.durationMs) * 1000) : total, tables: out.tables, ...(out.methods ? { methods: out.methods } : {}) };
  // Half the volume: a table the run filled is large; one it did not (users, lookups) is not judged.
  const minRows = Math.max(1000, Math.floor(input.rows / 2));
  const scans: DatabaseReport['scans'] = [];
  const seen = new Set<string>();
  for (const p of out.plans) {
    const shown = p.query ? `${p.path}?${Object.entries(p.query).map(([k, v]) => `${k}=${v}`).join('&')}` : p.path;
    for (const f of analysePlan(p.plan, out.tables, minRows)) {
      const key = `${shown} ${f.table} ${f.column ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      scans.push({ path: shown, ...f, level: input.level });
    }
  }
  return { scans, volume, notes: out.errors.map((e) => `at volume: ${e}`) };
}
