/** How a finding counts: it fails the phase, is reported only, or is not looked for. */
export type DatabaseLevel = 'fail' | 'warn' | 'off';

/** One normalised statement (parameters stripped) and what one request spent on it. */
export interface StatementStat {
  query: string;
  calls: number;
  timeMs: number;
}

/** What the database phase found in the run's own PostgreSQL, from the service's real traffic. */
export interface DatabaseReport {
  /** Per measured request: the statements it ran, normalised (parameters stripped). */
  requests: Array<{ method: string; path: string; status?: number; rows?: number; queries: number; timeMs: number; statements: StatementStat[]; overLimit?: boolean }>;
  /** `database.maxQueriesPerRequest` when configured: a request above it fails the phase. */
  maxQueriesPerRequest?: number;
  /** List (and nested detail) endpoints whose query count grows with the rows they return. */
  nPlusOne: Array<{ path: string; sizes: Array<{ rows: number; queries: number }>; perRow: number; statement: string; table?: string; hint: string; level: 'fail' | 'warn' }>;
  /** List endpoints measured at two sizes whose query count stayed flat: the clean ones, by name. */
  flat: Array<{ path: string; sizes: Array<{ rows: number; queries: number }> }>;
  /** Model changes without a migration, and migrations that exist only in the container. */
  migrations: { missing: Array<{ app: string; model: string | null; field: string | null; operation: string; description: string }>; generatedAtBoot: string[]; level: 'fail' | 'warn' };
  /** Sequential scans or sorts over large tables, found by EXPLAIN at volume. */
  scans: Array<{ path: string; table: string; rows: number; column?: string; plan: string; level: 'fail' | 'warn' }>;
  /** The volume seeding path: rows created in the container through the ORM, and how fast. */
  volume?: { rows: number; durationMs: number; rowsPerSecond: number; tables: Record<string, number>; methods?: Record<string, 'copy' | 'bulk_create'> };
  /** What the phase could not measure, and why (no pg_stat_statements, no list endpoint…). */
  notes: string[];
}
