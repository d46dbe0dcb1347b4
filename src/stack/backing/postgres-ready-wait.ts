import type Dockerode from 'dockerode';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { getContainerRuntimeClient, type BoundPorts } from 'testcontainers';
import { TimedWaitStrategy } from '../timed-wait-strategy.js';
import type { SqlTarget } from './backing-container.js';

/** Who asks: the service's user, password and database (the address is the published port's). */
export type PostgresLogin = Omit<SqlTarget, 'host' | 'port'>;

/**
 * Ready when PostgreSQL itself answers `SELECT 1` as the service's user, on the published port, asked
 * from the host. testcontainers' `pg_isready` and internal-port checks ask through `docker exec`, ten
 * times a second: ~30 execs per start at ~150 ms of CPU each on this project's two-core machines, four
 * seconds of every run. During the image's init the temporary server listens on its Unix socket only,
 * so a TCP answer is the real server's. A container that exits while waited for ends the wait at once.
 */
export class PostgresReadyWaitStrategy extends TimedWaitStrategy {
  constructor(private readonly login: PostgresLogin, private readonly port = 5432, private readonly pollMs = 100) {
    super();
  }

  async waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    const runtime = await getContainerRuntimeClient();
    const host = runtime.info.containerRuntime.host;
    const port = boundPorts.getBinding(this.port);
    const deadline = Date.now() + this.timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      const answer = await selectOne({ host, port, ...this.login });
      if (answer === undefined) return;
      last = answer;
      const state = (await runtime.container.inspect(container)).State;
      if (!state.Running) throw new Error(`the container exited with code ${state.ExitCode} before PostgreSQL accepted connections (last: ${last})`);
      await sleep(this.pollMs);
    }
    throw new Error(`PostgreSQL did not accept connections on port ${port} within ${this.timeoutMs} ms (last: ${last})`);
  }
}

/** undefined when the server answered `SELECT 1`, else why not. */
async function selectOne(target: pg.ClientConfig): Promise<string | undefined> {
  const client = new pg.Client({ ...target, connectionTimeoutMillis: 2_000, query_timeout: 2_000, application_name: 'enid-test readiness' });
  // A connection the proxy accepts and the container resets arrives as an 'error' event too.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}
