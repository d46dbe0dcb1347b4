import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis';
import { createClient } from 'redis';
import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackInfo } from '../../src/stack/stack-info.js';
import { cacheClientOf } from '../../src/backing/cache.js';
import { prepareReaper } from '../../src/stack/engine.js';

// The cache control of the timing checks against a real Redis (the stand-in image in CI): flush and
// keys, then what a frozen (paused) and a dead (stopped) Redis do to it. Every wait here is bounded.
const IMAGE = process.env.ENID_REDIS_IMAGE ?? 'redis:7-alpine';
const TIMEOUT_MS = 1_000;

async function timed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const t0 = performance.now();
  const error = await work.then(() => undefined, (err: unknown) => err);
  return { ms: performance.now() - t0, error };
}

describe('cacheClientOf against a real Redis', () => {
  let container: StartedRedisContainer | undefined;
  let paused = false;
  let stopped = false;
  let info: StackInfo;

  beforeAll(async () => {
    // As a run does: without a reachable registry, no Ryuk (this file removes what it starts itself).
    await prepareReaper(await getContainerRuntimeClient());
    container = await new RedisContainer(IMAGE).withLabels({ 'dev.enid-test.test': 'redis-client' }).withStartupTimeout(60_000).start();
    const [host, port] = [container.getHost(), container.getPort()];
    info = {
      runId: 'redis-client-test', service: 'notes', baseUrl: 'http://127.0.0.1:1', apiRoots: ['/api/'], logs: {},
      backing: { redis: { host, port, url: `redis://${host}:${port}/1`, db: 1 } },
    };
  }, 120_000);

  afterAll(async () => {
    // Only the container this file started; unpaused first, or stopping it would wait on a frozen process.
    if (container && paused) await engineContainer(container).then((c) => c.unpause());
    if (container && !stopped) await container.stop({ timeout: 1_000 });
  }, 60_000);

  const engineContainer = async (c: StartedRedisContainer) => (await getContainerRuntimeClient()).container.getById(c.getId());

  it('counts the keys of every db with a sample of them, then flushes them all', async () => {
    const writer = createClient({ url: container!.getConnectionUrl(), socket: { connectTimeout: 5_000, reconnectStrategy: false } });
    writer.on('error', () => undefined);
    await writer.connect();
    const cache = cacheClientOf(info);
    try {
      await writer.set('session:a', '1');
      await writer.select(1);
      await writer.set(':1:views.decorators.cache.cache_page.x', 'page');
      await writer.set(':1:views.decorators.cache.cache_header.x', 'header');
      const before = await cache.keys();
      expect(before?.count).toBe(3);
      expect(before?.sample.toSorted()).toEqual([':1:views.decorators.cache.cache_header.x', ':1:views.decorators.cache.cache_page.x', 'session:a']);
      await cache.flush();
      expect(await cache.keys()).toEqual({ count: 0, sample: [] });
      expect(await writer.dbSize()).toBe(0);
    } finally {
      cache.close();
      writer.destroy();
    }
  }, 30_000);

  it('a paused Redis fails a command within its timeout, naming host:port; unpaused, the same control works again', async () => {
    const where = `${info.backing.redis!.host}:${info.backing.redis!.port}`;
    const cache = cacheClientOf(info, { commandTimeoutMs: TIMEOUT_MS, connectTimeoutMs: TIMEOUT_MS, phase: 'timing' });
    const fresh = cacheClientOf(info, { commandTimeoutMs: TIMEOUT_MS, connectTimeoutMs: TIMEOUT_MS });
    const engine = await engineContainer(container!);
    try {
      await cache.flush(); // connected before the pause
      await engine.pause();
      paused = true;

      const sent = await timed(cache.flush());
      expect(sent.error).toMatchObject({ code: 'ENID_REDIS_TIMEOUT', exitCode: 4, phase: 'timing' });
      expect((sent.error as Error).message).toBe(`Redis at ${where} did not answer FLUSHALL within ${TIMEOUT_MS} ms`);
      expect(sent.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(sent.ms).toBeLessThan(TIMEOUT_MS + 1_000);

      // A new connection to a frozen Redis: the engine's port accepts it, then nothing ever answers.
      const connecting = await timed(fresh.keys());
      expect(connecting.error).toMatchObject({ code: 'ENID_REDIS_TIMEOUT', phase: 'suites' });
      expect((connecting.error as Error).message).toMatch(new RegExp(`^Redis at ${where} did not (accept a connection|answer INFO keyspace) within ${TIMEOUT_MS} ms$`));
      expect(connecting.ms).toBeLessThan(2 * TIMEOUT_MS + 1_000);
      console.info(`paused Redis: FLUSHALL on an open connection failed after ${Math.round(sent.ms)} ms, a new connection after ${Math.round(connecting.ms)} ms`);
    } finally {
      if (paused) await engine.unpause();
      paused = false;
      fresh.close();
    }
    // The timed-out connection was dropped; the next command opens a new one.
    await cache.flush();
    expect(await cache.keys()).toEqual({ count: 0, sample: [] });
    cache.close();
  }, 30_000);

  it('a stopped Redis fails the next command at once, and reconnecting does not loop', async () => {
    const cache = cacheClientOf(info, { commandTimeoutMs: TIMEOUT_MS, connectTimeoutMs: TIMEOUT_MS });
    try {
      await cache.flush();
      await container!.stop({ timeout: 1_000 });
      stopped = true;
      const lost = await timed(cache.flush());
      expect(lost.error).toMatchObject({ code: expect.stringMatching(/^ENID_REDIS_(UNREACHABLE|TIMEOUT)$/), exitCode: 4 });
      expect((lost.error as Error).message).toContain(`${info.backing.redis!.host}:${info.backing.redis!.port}`);
      expect(lost.ms).toBeLessThan(TIMEOUT_MS + 500);
      const again = await timed(cache.keys());
      expect(again.error).toMatchObject({ code: expect.stringMatching(/^ENID_REDIS_(UNREACHABLE|TIMEOUT)$/) });
      expect(again.ms).toBeLessThan(TIMEOUT_MS + 500);
      console.info(`stopped Redis: failed after ${Math.round(lost.ms)} ms (${(lost.error as Error).message}), then ${Math.round(again.ms)} ms (${(again.error as Error).message})`);
    } finally {
      cache.close();
    }
  }, 30_000);
});
