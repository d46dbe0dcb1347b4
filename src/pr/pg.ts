/** The two PostgreSQL reads and one maintenance command PR mode needs, on the run's server through its published port. */
import pg from 'pg';
import type { SqlTarget } from '../stack/backing/backing-container.js';

async function withClient<T>(t: SqlTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: t.host, port: t.port, user: t.user, password: t.password, database: t.database,
    connectionTimeoutMillis: 10_000, query_timeout: 120_000, application_name: 'enid-test',
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Rows in a table of the target's database; undefined when the table is not there. */
export async function countRows(t: SqlTarget, table: string): Promise<number | undefined> {
  return withClient(t, async (c) => {
    const exists = await c.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [c.escapeIdentifier(table)]);
    if (!exists.rows[0]?.ok) return undefined;
    const res = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${c.escapeIdentifier(table)}`);
    return Number(res.rows[0]?.n ?? 0);
  });
}

/**
 * VACUUM ANALYZE of the whole database: rows the earlier phases created and rolled back leave dead
 * tuples that a sequential scan still reads, on one side only; with them gone and the statistics
 * fresh, both sides plan and scan the same shape of data.
 */
export async function vacuumAnalyze(t: SqlTarget): Promise<void> {
  await withClient(t, (c) => c.query('VACUUM ANALYZE').then(() => undefined));
}

