import net from 'node:net';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { StackInfo } from '../stack/stack-info.js';
import type { CacheControl } from './cache-control.js';
import { encodeCommand, parseKeyspace, RespError, RespParser, type RespValue } from './resp.js';

/** One connection to Redis, commands answered in order (RESP replies come back in request order). */
export class RedisConnection {
  private readonly parser = new RespParser();
  private readonly waiting: Array<{ resolve: (v: RespValue) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const reply of this.parser.push(chunk)) this.waiting.shift()?.resolve(reply);
    });
    const fail = (err: Error): void => {
      this.failure = err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the Redis connection closed')));
  }

  static connect(host: string, port: number, timeoutMs = 5_000): Promise<RedisConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, timeout: timeoutMs });
      socket.once('connect', () => {
        socket.setTimeout(0);
        resolve(new RedisConnection(socket));
      });
      socket.once('timeout', () => socket.destroy(new Error(`no answer from Redis at ${host}:${port} within ${timeoutMs} ms`)));
      socket.once('error', reject);
    });
  }

  /** Sends one command; an error reply rejects with a RespError. */
  command(...args: Array<string | number>): Promise<RespValue> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve: (v) => (v instanceof RespError ? reject(v) : resolve(v)), reject });
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Cache control for test workers, which hold no container handles: the run's Redis through its
 * published port. FLUSHALL empties every db index (the run's Redis belongs to the run alone).
 */
export function redisCacheControl(info: StackInfo): CacheControl & { close(): void } {
  const redis = info.backing.redis;
  if (!redis) {
    throw new EnidError(`${info.service} has no Redis in its stack, so its cache cannot be flushed between cold samples`, {
      code: 'ENID_NO_REDIS', exitCode: ExitCode.BadInput, phase: 'suites',
      hint: 'cachedEndpointSuite needs a Redis-backed cache; check REDIS_URL in the service .env or pass --redis',
    });
  }
  let connection: Promise<RedisConnection> | undefined;
  const conn = (): Promise<RedisConnection> => (connection ??= RedisConnection.connect(redis.host, redis.port));
  return {
    kind: 'redis',
    flush: async () => void (await (await conn()).command('FLUSHALL')),
    keys: async () => {
      const c = await conn();
      const dbs = parseKeyspace(String(await c.command('INFO', 'keyspace')));
      const sample: string[] = [];
      for (const d of dbs) {
        await c.command('SELECT', d.db);
        const reply = await c.command('SCAN', 0, 'COUNT', 100);
        const keys = Array.isArray(reply) && Array.isArray(reply[1]) ? reply[1] : [];
        sample.push(...keys.map(String).slice(0, 20));
      }
      return { count: dbs.reduce((n, d) => n + d.keys, 0), sample };
    },
    close: () => void connection?.then((c) => c.close(), () => undefined),
  };
}
