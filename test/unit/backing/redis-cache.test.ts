import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheClientOf } from '../../../src/backing/cache.js';
import { parseKeyspace } from '../../../src/backing/redis-cache.js';
import type { StackInfo } from '../../../src/stack/stack-info.js';

// Real sockets only: a port nobody listens on, and a peer that accepts and never says a word (what a
// frozen Redis looks like from outside). Redis itself is exercised in test/integration/redis-client.test.ts.

const info = (port?: number): StackInfo => ({
  runId: 'r', service: 'notes', baseUrl: 'http://127.0.0.1:1', apiRoots: ['/api/'], logs: {},
  backing: port ? { redis: { host: '127.0.0.1', port, url: `redis://127.0.0.1:${port}/1`, db: 1 } } : {},
});

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

function listen(onConnection: (socket: net.Socket) => void = () => undefined): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const port = await listen();
  await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
  return port;
}

async function elapsed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const t0 = performance.now();
  const error = await work.then(() => undefined, (err: unknown) => err);
  return { ms: performance.now() - t0, error };
}

describe('cacheClientOf', () => {
  it('a stack without Redis is an error that says why the cache cannot be flushed', () => {
    expect(() => cacheClientOf(info())).toThrow(expect.objectContaining({ code: 'ENID_NO_REDIS', hint: expect.stringMatching(/REDIS_URL/) }));
  });

  it('a Redis that is not there fails at once, naming host:port, with no reconnect loop', async () => {
    const port = await closedPort();
    const cache = cacheClientOf(info(port), { phase: 'timing' });
    try {
      const { ms, error } = await elapsed(cache.flush());
      expect(error).toMatchObject({ code: 'ENID_REDIS_UNREACHABLE', exitCode: 4, phase: 'timing' });
      expect((error as Error).message).toMatch(new RegExp(`^cannot connect to Redis at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      expect(ms).toBeLessThan(1_000);
      // The next call tries again (and fails again), it does not reuse a dead client.
      await expect(cache.keys()).rejects.toMatchObject({ code: 'ENID_REDIS_UNREACHABLE' });
    } finally {
      cache.close();
    }
  });

  it('a peer that accepts and never answers fails the command within its timeout', async () => {
    let received = '';
    const port = await listen((socket) => socket.on('data', (d: Buffer) => (received += d.toString())));
    const cache = cacheClientOf(info(port), { commandTimeoutMs: 300, connectTimeoutMs: 300 });
    try {
      const { ms, error } = await elapsed(cache.flush());
      expect(error).toMatchObject({ code: 'ENID_REDIS_TIMEOUT', exitCode: 4, phase: 'suites' });
      expect((error as Error).message).toBe(`Redis at 127.0.0.1:${port} did not answer FLUSHALL within 300 ms`);
      expect(ms).toBeGreaterThanOrEqual(290);
      expect(ms).toBeLessThan(1_300);
      // It was really sent: the bound is on the reply, not only on the client's queue.
      expect(received).toContain('FLUSHALL');
    } finally {
      cache.close();
    }
  });

  it('close() without a single command opens nothing, and may be called twice', () => {
    const cache = cacheClientOf(info(6379));
    cache.close();
    cache.close();
  });
});

describe('parseKeyspace', () => {
  it('reads keys per db from INFO keyspace', () => {
    const text = '# Keyspace\r\ndb0:keys=3,expires=3,avg_ttl=59000\r\ndb1:keys=12,expires=0,avg_ttl=0\r\n';
    expect(parseKeyspace(text)).toEqual([{ db: 0, keys: 3 }, { db: 1, keys: 12 }]);
    expect(parseKeyspace('# Keyspace\r\n')).toEqual([]);
  });
});
