/** What the checks phase sets up before it sends anything: its environment, and its ways into the run's PostgreSQL. */
import pg from 'pg';
import { orderByDependencies } from '../api/dependencies.js';
import type { Row } from '../api/endpoints.js';
import { listRows, relatedIdsFor } from '../api/related.js';
import type { EndpointSchema } from '../api/schema.js';
import { statementCounter, type StatementCounter } from '../database/pg-stats.js';
import { createRows } from '../database/volume.js';
import type { RunContext } from '../pipeline/context.js';
import { PayloadLessons } from '../seed/lessons.js';
import { createPayloadGenerator } from '../seed/payload.js';
import type { CheckEnv } from './context.js';
import type { ServicePaging } from './db-evidence.js';
import { CHECK_INDEX_BASE } from './rows.js';
import type { CheckSession } from './session.js';
import type { ChecksSettings } from './settings.js';

/** The environment every check receives. */
export function environment(ctx: RunContext, session: CheckSession, settings: ChecksSettings, aIsStaff: boolean, count: CheckEnv['count']): CheckEnv {
  const { api } = ctx.state;
  const schemas = ctx.state.resources.collections.map((c) => c.schema);
  const listed = new Map<string, Row[]>();
  let index = CHECK_INDEX_BASE;
  return {
    session, resources: ctx.state.resources, api, settings, aIsStaff, signal: ctx.signal,
    ...(ctx.state.probe ? { probe: ctx.state.probe } : {}),
    ...(count ? { count } : {}),
    // Its own seed: the phase's bodies do not depend on how many values seeding and flows drew.
    generator: createPayloadGenerator({ seed: ctx.options.checks.seed }),
    lessons: ctx.state.lessons ?? new PayloadLessons(),
    relatedFor: (schema: EndpointSchema) => relatedIdsFor(orderByDependencies([...schemas.filter((s) => s.path !== schema.path), schema]), schema.path, api),
    async rowsOf(path: string) {
      if (api.rows?.[path]?.length) return api.rows[path];
      if (!listed.has(path)) {
        const sent = await session.send('a', path, { method: 'GET', path });
        listed.set(path, sent?.status === 200 ? listRows(sent.response?.body) : []);
      }
      return listed.get(path)!;
    },
    nextIndex: () => (index += 1),
    log: (line: string) => ctx.reporter.onLog?.(line),
  };
}

/** The page size the service's REST_FRAMEWORK applies to lists, when it pages them by default. */
export function servicePaging(ctx: RunContext): ServicePaging | null {
  const rf = ctx.state.probe?.restFramework;
  return rf?.DEFAULT_PAGINATION_CLASS && rf.PAGE_SIZE ? { pageSize: rf.PAGE_SIZE } : null;
}

/** More rows in a table through the service's models (as the database phase makes them), committed. */
export function growRows(ctx: RunContext, notes: string[]): (table: string, rows: number) => Promise<boolean> {
  let offset = 3_000_000;
  return async (table, rows) => {
    try {
      offset += rows;
      const made = await createRows(ctx.stack.service, { tables: [table], rows, commit: true, offset });
      notes.push(...made.errors.map((e) => `rows for ${table}: ${e}`));
      return (made.tables[table] ?? 0) > 0;
    } catch (err) {
      notes.push(`rows for ${table} could not be made: ${(err as Error).message}`);
      return false;
    }
  };
}

/** The statement counter and a row counter on the run's PostgreSQL; neither when it cannot be reached. */
export async function openDatabase(ctx: RunContext, notes: string[]): Promise<{ counter?: StatementCounter; count?: CheckEnv['count']; close(): Promise<void> }> {
  const target = ctx.stack.sqlDatabase();
  if (!target) return { close: async () => undefined };
  let counter: StatementCounter | undefined;
  try {
    counter = await statementCounter(target);
  } catch (err) {
    notes.push(`queries per request not measured: ${(err as Error).message}`);
  }
  const client = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database, connectionTimeoutMillis: 10_000, query_timeout: 10_000, application_name: 'enid-test' });
  client.on('error', () => undefined);
  const connected = await client.connect().then(() => true, () => false);
  const count = async (table: string): Promise<number | undefined> => {
    // The comment keeps this out of the statements attributed to the service's requests.
    const res = await client.query<{ n: string }>(`/* enid */ SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`).catch(() => undefined);
    return res ? Number(res.rows[0]?.n) : undefined;
  };
  return {
    ...(counter ? { counter } : {}),
    ...(connected ? { count } : {}),
    close: async () => {
      await counter?.close();
      if (connected) await client.end().catch(() => undefined);
    },
  };
}
