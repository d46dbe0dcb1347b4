/**
 * A sibling of the service container for the service's own tests: the same image and environment, on
 * the run's network, running no server. Nothing it touches is the running service's: its database is
 * its own on the same PostgreSQL server (Django's test database is then `test_<that name>`), and every
 * other backing service (Redis) is a container of its own under an alias of its own. So the tests can
 * run while seeding, flows and timing talk to the service, and give the same result as after them.
 */
import createDebug from 'debug';
import pg from 'pg';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { backingModule } from '../backing/registry.js';
import type { SqlTarget } from './backing/backing-container.js';
import { startBacking } from './backing/containers.js';
import { getEngine } from './engine.js';
import { runLabels } from './labels.js';
import type { StartedStack } from './start-stack.js';

const debug = createDebug('enid:stack');
const SUFFIX = '_enid_tests';
// PID 1 that idles until stopped (any image with the service's Python has this).
const IDLE_PY = 'import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\nwhile True: time.sleep(3600)';

/** The sibling: a container to exec the tests in, and what it was given instead of the service's own. */
export interface TestSibling {
  container: StartedTestContainer;
  /** `postgres: database notes_enid_tests`, `redis: container redis-enid-tests`. */
  own: string[];
}

/** The sibling's database name: the service's with a suffix, within PostgreSQL's 63 bytes. Pure. */
export function siblingDatabase(database: string): string {
  return `${database.slice(0, 63 - SUFFIX.length)}${SUFFIX}`;
}

/**
 * Starts the sibling. Its containers carry the run's labels, so the stack's teardown removes them
 * with the rest; the stack waits for this start before it sweeps (see StartedStack.beforeStop).
 */
export async function startTestSibling(stack: StartedStack, signal?: AbortSignal): Promise<TestSibling> {
  const client = await getEngine();
  const service = await client.container.inspect(client.container.getById(stack.service.getId()));
  const network = Object.keys(service.NetworkSettings.Networks)[0]!;
  const env: Record<string, string> = { ...stack.spec.env };
  const labels = (role: string): Record<string, string> => runLabels(stack.runId, stack.spec.name, role);
  const own: string[] = [];
  const extra: Array<Promise<unknown>> = [];
  for (const [kind, spec] of Object.entries(stack.spec.backing)) {
    if (!spec) continue;
    const module = backingModule(kind);
    // The SQL server is shared (a database of its own on it); every other backing service is the sibling's own.
    const sql = stack.backing[kind]?.sqlTarget?.();
    if (sql) {
      const database = siblingDatabase(sql.database);
      extra.push(createDatabase(sql, database));
      module.wire({ ...spec, settings: { ...spec.settings, database } }, env);
      own.push(`${kind}: database ${database}`);
    } else {
      const alias = `${spec.aliases[0]}-enid-tests`;
      extra.push(startBacking(client, kind, spec, (c) => c.withNetworkMode(network).withNetworkAliases(alias).withLabels(labels(`tests-${kind}`)), stack.runId));
      module.wire({ ...spec, aliases: [alias] }, env);
      own.push(`${kind}: container ${alias}`);
    }
  }
  const container = new GenericContainer(service.Config.Image)
    .withNetworkMode(network)
    .withEnvironment(env)
    .withEntrypoint(['python', '-c', IDLE_PY])
    .withCommand([])
    .withLabels(labels('tests'))
    .start();
  const [started] = await Promise.all([container, ...extra]);
  signal?.throwIfAborted();
  debug('[%s] test sibling %s up (%s)', stack.spec.name, started.getId().slice(0, 12), own.join(', '));
  return { container: started, own };
}

/** CREATE DATABASE over the published port, as the service's own user (who created the service's database). */
async function createDatabase(sql: SqlTarget, database: string): Promise<void> {
  const db = new pg.Client({ host: sql.host, port: sql.port, user: sql.user, password: sql.password, database: sql.database, connectionTimeoutMillis: 30_000 });
  // A server restarting under load ends the connection with an 'error' event: without a listener it would end the process.
  db.on('error', (err) => debug('sibling database connection: %O', err));
  await db.connect();
  try {
    await db.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await db.end().catch(() => undefined);
  }
}
