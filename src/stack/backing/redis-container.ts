import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis';
import { getContainerRuntimeClient } from 'testcontainers';
import { redisDb } from '../../backing/redis.js';
import { restrictToLoopback } from '../loopback.js';
import type { BackingContainer, StartedBacking } from './backing-container.js';

/** Redis for one run, published on the engine's address only. */
class RunRedisContainer extends RedisContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
  }
}

export const redisContainer: BackingContainer = {
  kind: 'redis',
  async start(spec, attach) {
    return startedRedis(await attach(new RunRedisContainer(spec.image)).start(), redisDb(spec));
  },

  // The next database index of the same server: its cache keys never meet the first service's.
  async tenant(started, spec) {
    const db = (redisDb(spec) + 1) % 16;
    return { spec: { ...spec, settings: { ...spec.settings, db } }, started: startedRedis(started.container as StartedRedisContainer, db) };
  },
};

/** The started Redis with the database index the service uses, from its getters. */
function startedRedis(started: StartedRedisContainer, db: number): StartedBacking {
  return {
    kind: 'redis',
    container: started,
    info: () => {
      const url = new URL(started.getConnectionUrl());
      url.pathname = `/${db}`;
      return { host: started.getHost(), port: started.getPort(), db, url: url.toString() };
    },
  };
}
