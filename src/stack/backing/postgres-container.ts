import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import createDebug from 'debug';
import pg from 'pg';
import { getContainerRuntimeClient } from 'testcontainers';
import { postgresCredentials } from '../../backing/postgres.js';
import { restrictToLoopback } from '../loopback.js';
import type { BackingContainer, SqlTarget, StartedBacking } from './backing-container.js';
import { PostgresReadyWaitStrategy, type PostgresLogin } from './postgres-ready-wait.js';

const debug = createDebug('enid:stack');

/** PostgreSQL for one run: published on the engine's address only, data on tmpfs with fsync off. */
class RunPostgresContainer extends PostgreSqlContainer {
  constructor(image: string, login: PostgresLogin) {
    super(image);
    // A test database never needs durability: tmpfs and fsync=off start it in about half the time.
    // pg_stat_statements (shipped by the official image) lets the database phase count each request's queries.
    this.withTmpFs({ '/var/lib/postgresql/data': 'rw' }).withCommand([
      'postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all',
    ]);
    this.withUsername(login.user).withPassword(login.password).withDatabase(login.database);
    // Readiness is asked of PostgreSQL from the host, once, at start, and never again: no `docker exec`
    // polling (see PostgresReadyWaitStrategy), and no HEALTHCHECK. testcontainers' default one execs
    // pg_isready every 250 ms with a 1 s timeout for the whole life of the container. On a loaded machine
    // the engine kills a slow check, and where that kill reaches the container's other processes (seen on
    // this project's CI machine kind) every backend died with it ("server process was terminated by
    // signal 13"), and the service's requests with them: 500s that were the harness's, not the service's.
    this.withWaitStrategy(new PostgresReadyWaitStrategy(login));
  }

  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
    // After PostgreSqlContainer.start() put its pg_isready HEALTHCHECK in: the engine's "no health check".
    this.createOpts.Healthcheck = { Test: ['NONE'] };
  }
}

export const postgresContainer: BackingContainer = {
  kind: 'postgres',
  async start(spec, attach) {
    const container = new RunPostgresContainer(spec.image, postgresCredentials(spec));
    return startedPostgres(await attach(container).start());
  },

  // Another database on the same server, owned by the same user, created through the published port:
  // PR mode's base (`<db>_base`) and the test sibling (`<db>_enid_tests`) each get one.
  async tenant(started, spec, name) {
    const target = started.sqlTarget!();
    const database = tenantDatabase(target.database, name);
    const client = new pg.Client({ ...target, database: 'postgres', connectionTimeoutMillis: 30_000, query_timeout: 30_000, application_name: 'enid-test' });
    // A server restarting under load ends the connection with an 'error' event: without a listener it would end the process.
    client.on('error', (err) => debug('tenant database connection: %O', err));
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (err) {
      // 42P04 duplicate_database: the same run asking again; the database is there, which is what is asked.
      if ((err as { code?: string }).code !== '42P04') throw err;
    } finally {
      await client.end().catch(() => undefined);
    }
    const sqlTarget = (): SqlTarget => ({ ...started.sqlTarget!(), database });
    const info = (): ReturnType<StartedBacking['info']> => {
      const url = new URL(started.info().url);
      url.pathname = `/${database}`;
      return { ...started.info(), database, url: url.toString() };
    };
    return { spec: { ...spec, settings: { ...spec.settings, database } }, started: { ...started, info, sqlTarget } };
  },
};

/** A tenant's database name: the service's with `_<name>`, the suffix kept within PostgreSQL's 63 bytes. Pure. */
export function tenantDatabase(database: string, name: string): string {
  const suffix = `_${name}`;
  return `${database.slice(0, 63 - suffix.length)}${suffix}`;
}

/** The started PostgreSQL as the run uses it: its published address and the service's database, from its getters. */
function startedPostgres(started: StartedPostgreSqlContainer): StartedBacking {
  const sqlTarget = (): SqlTarget => ({
    host: started.getHost(), port: started.getPort(), user: started.getUsername(), password: started.getPassword(), database: started.getDatabase(),
  });
  return { kind: 'postgres', container: started, info: () => ({ ...sqlTarget(), url: started.getConnectionUri() }), sqlTarget };
}
