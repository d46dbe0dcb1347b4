/**
 * pg_stat_statements in the run's PostgreSQL, through psql inside its container (no client library
 * is a dependency yet). The harness works from the maintenance database `postgres`, so its own
 * statements carry another dbid than the service's and never count against a request.
 */
import type { StartedTestContainer } from 'testcontainers';
import { attribute, type RawStatement } from './statements.js';
import type { StatementStat } from './types.js';

/** The connection psql makes inside the container (local socket). */
export interface PgTarget {
  container: StartedTestContainer;
  user: string;
  password: string;
  /** The service's database: the one whose statements are counted. */
  database: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Runs SQL through psql in the maintenance database (or `database`); stdout, unaligned, tuples only. */
export async function psql(t: PgTarget, sql: string[], database = 'postgres'): Promise<string> {
  const args = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-U', t.user, '-d', database, ...sql.flatMap((s) => ['-c', s])];
  const res = await t.container.exec(args, { env: { PGPASSWORD: t.password } });
  if (res.exitCode !== 0) throw new Error(`psql exited ${res.exitCode}: ${(res.stderr || res.output).trim().split('\n').at(-1) ?? ''}`);
  return res.stdout;
}

/**
 * Counts one request's statements: `reset()` once, then `take()` after each request reads what ran
 * since and resets in the same psql call (an exec into the container costs more than the request).
 */
export interface StatementCounter {
  reset(): Promise<void>;
  take(): Promise<StatementStat[]>;
}

/**
 * Makes pg_stat_statements usable (the library preloaded, the extension created in the maintenance
 * database so the service's schema is left as it is) and returns a counter; throws with the reason
 * when the server cannot count statements.
 */
export async function statementCounter(t: PgTarget): Promise<StatementCounter> {
  const preload = (await psql(t, ['SHOW shared_preload_libraries'])).trim();
  if (!preload.split(',').map((s) => s.trim()).includes('pg_stat_statements')) {
    throw new Error(`the run's PostgreSQL does not preload pg_stat_statements (shared_preload_libraries = '${preload}')`);
  }
  await psql(t, ['CREATE EXTENSION IF NOT EXISTS pg_stat_statements']);
  const [version, dbid] = (await psql(t, [`SELECT current_setting('server_version_num')::int, (SELECT oid FROM pg_database WHERE datname = ${quote(t.database)})::int`])).trim().split('|').map(Number);
  // PostgreSQL 13 split total_time into planning and execution time.
  const time = (version ?? 0) >= 130000 ? 'total_exec_time' : 'total_time';
  const read = `SELECT coalesce(json_agg(json_build_object('query', query, 'calls', calls, 'ms', ${time}, 'dbid', dbid::int)), '[]') FROM pg_stat_statements WHERE dbid = ${dbid}`;
  return {
    async reset() {
      await psql(t, ['SELECT pg_stat_statements_reset()']);
    },
    async take() {
      const out = (await psql(t, [read, 'SELECT pg_stat_statements_reset()'])).trim().split('\n')[0] ?? '[]';
      return attribute(JSON.parse(out) as RawStatement[], dbid);
    },
  };
}
