import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';
import { getContainerRuntimeClient } from 'testcontainers';
import { restrictToLoopback } from './loopback.js';

/** PostgreSQL for one run: published on loopback, data on tmpfs with fsync off (a test database). */
export class RunPostgresContainer extends PostgreSqlContainer {
  constructor(image: string) {
    super(image);
    // A test database never needs durability: tmpfs and fsync=off start it in about half the time.
    this.withTmpFs({ '/var/lib/postgresql/data': 'rw' }).withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
  }
}

/** Redis for one run, published on loopback. */
export class RunRedisContainer extends RedisContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
  }
}
