/**
 * pg_stat_statements in the run's PostgreSQL, through a `pg` client on the port testcontainers
 * published (an exec of psql into the container cost ~300 ms per read; a query on an open connection
 * costs about a millisecond). The harness works from the maintenance database `postgres`, so its own
 * statements carry another dbid than the service's and never count against a request.
 */
import pg from 'pg';
import type { SqlTarget } from '../stack/backing/backing-container.js';
import { attribute, type RawStatement } from './statements.js';
import type { StatementStat } from './types.js';

/**
 * Counts one request's statements: `reset()` once, then `take()` after each request reads what ran
 * since and resets. `close()` ends the connection.
 */
export interface StatementCounter {
  reset(): Promise<void>;
  take(): Promise<StatementStat[]>;
  close(): Promise<void>;
}

const READ_TIMEOUT_MS = 10_000;

/**
 * Makes pg_stat_statements usable (the library preloaded, the extension created in the maintenance
 * database so the service's schema is left as it is) and returns a counter; throws with the reason
 * when the server cannot count statements.
 */
export async function statementCounter(t: SqlTarget): Promise<StatementCounter> {
  const client = new pg.Client({
    host: t.host, port: t.port, user: t.user, password: t.password, database: 'postgres',
    connectionTimeoutMillis: READ_TIMEOUT_MS, query_timeout: READ_TIMEOUT_MS, application_name: 'enid-test',
  });
  // A dropped connection must not crash the process: the next query rejects with the reason instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const preloaded = (await client.query<{ shared_preload_libraries: string }>('SHOW shared_preload_libraries')).rows[0]?.shared_preload_libraries ?? '';
    if (!preloaded.split(',').map((s) => s.trim()).includes('pg_stat_statements')) {
      throw new Error(`the run's PostgreSQL does not preload pg_stat_statements (shared_preload_libraries = '${preloaded}')`);
    }
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const ids = await client.query<{ version: number; dbid: number }>(
      "SELECT current_setting('server_version_num')::int AS version, (SELECT oid FROM pg_database WHERE datname = $1)::int AS dbid", [t.database]);
    const { version, dbid } = ids.rows[0]!;
    // PostgreSQL 13 split total_time into planning and execution time.
    const time = version >= 130000 ? 'total_exec_time' : 'total_time';
    const read = `SELECT query, calls::int AS calls, ${time}::float8 AS ms, dbid::int AS dbid FROM pg_stat_statements WHERE dbid = $1`;
    return {
      async reset() {
        await client.query('SELECT pg_stat_statements_reset()');
      },
      async take() {
        const rows = (await client.query<RawStatement>(read, [dbid])).rows;
        await client.query('SELECT pg_stat_statements_reset()');
        return attribute(rows, dbid);
      },
      close: () => client.end().catch(() => undefined),
    };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}
