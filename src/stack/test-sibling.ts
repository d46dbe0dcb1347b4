/**
 * A sibling of the service container for the service's own tests: the same image and environment, on
 * the run's network, running no server. Nothing it touches is the running service's: its database is
 * its own on the same PostgreSQL server (Django's test database is then `test_<that name>`), and every
 * other backing service (Redis) is a container of its own under an alias of its own. So the tests can
 * run while seeding, flows and timing talk to the service, and give the same result as after them.
 */
import createDebug from 'debug';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { backingModule } from '../backing/registry.js';
import { startBacking, tenantOf } from './backing/containers.js';
import { getEngine } from './engine.js';
import { runLabels } from './labels.js';
import type { StartedStack } from './start-stack.js';

const debug = createDebug('enid:stack');
/** The sibling's tenant name on the SQL server (its database is `<the service's>_enid_tests`) and in its own containers' aliases. */
const TENANT = 'enid_tests';
// PID 1 that idles until stopped (any image with the service's Python has this).
const IDLE_PY = 'import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\nwhile True: time.sleep(3600)';

/** The sibling: a container to exec the tests in, and what it was given instead of the service's own. */
export interface TestSibling {
  container: StartedTestContainer;
  /** `postgres: database notes_enid_tests`, `redis: container redis-enid-tests`. */
  own: string[];
}

/**
 * Starts the sibling. Its containers carry the run's labels, so the stack's teardown removes them
 * with the rest; the stack waits for this start before it sweeps (see StartedStack.beforeStop).
 */
export async function startTestSibling(stack: StartedStack, signal?: AbortSignal, tenant = TENANT): Promise<TestSibling> {
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
    const server = stack.backing[kind];
    if (server?.sqlTarget) {
      // The server's own tenant mechanism (PR mode's base uses it too): a database of its own, created now.
      const database = await tenantOf(server, spec, tenant);
      module.wire(database.spec, env);
      own.push(`${kind}: database ${String(database.spec.settings.database)}`);
    } else {
      // Per tenant: PR mode's base has a sibling of its own on the same network as the head's.
      const alias = `${spec.aliases[0]}-${tenant.replace(/_/g, '-')}`;
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
