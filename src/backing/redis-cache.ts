import { ConnectionTimeoutError, createClient, ErrorReply } from 'redis';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { BackingInfo, CacheClient, CacheClientOptions } from './backing-module.js';

const DEFAULTS = { connectTimeoutMs: 5_000, commandTimeoutMs: 5_000, phase: 'suites' } as const;

type Client = ReturnType<typeof createRedisClient>;

/**
 * The run's Redis through its published port, from plain data (test workers hold no container
 * handles). FLUSHALL empties every db index (the run's Redis belongs to the run alone).
 */
export function redisCacheClient(redis: Pick<BackingInfo, 'host' | 'port'>, options: CacheClientOptions = {}): CacheClient {
  const bounded = new BoundedRedis(redis.host, redis.port, {
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs ?? DEFAULTS.commandTimeoutMs,
    phase: options.phase ?? DEFAULTS.phase,
  });
  return {
    kind: 'redis',
    flush: async () => void (await bounded.run('FLUSHALL', (c) => c.flushAll())),
    keys: async () => {
      const dbs = parseKeyspace(await bounded.run('INFO keyspace', (c) => c.info('keyspace')));
      const sample: string[] = [];
      for (const d of dbs) {
        // SELECT and SCAN on one connection, so both go in one bounded call.
        const { keys } = await bounded.run(`SCAN in db ${d.db}`, async (c) => {
          await c.select(d.db);
          return c.scan('0', { COUNT: 100 });
        });
        sample.push(...keys.slice(0, 20));
      }
      return { count: dbs.reduce((n, d) => n + d.keys, 0), sample };
    },
    close: () => bounded.close(),
  };
}

function createRedisClient(host: string, port: number, connectTimeoutMs: number, commandTimeoutMs: number) {
  return createClient({
    // RESP2 and no CLIENT SETINFO: the handshake is nothing at all, so any Redis a service uses will do.
    RESP: 2,
    disableClientInfo: true,
    // A dead Redis is an error now, not a reconnect loop; commands while disconnected fail at once.
    socket: { host, port, connectTimeout: connectTimeoutMs, reconnectStrategy: false },
    disableOfflineQueue: true,
    // The cache control sends one command at a time: a longer queue means something is stuck.
    commandsQueueMaxLength: 16,
    // Bounds a command's time in the client's queue (node-redis stops that timer once it is written;
    // the reply is bounded by BoundedRedis.run).
    commandOptions: { timeout: commandTimeoutMs },
  });
}

/**
 * One lazily opened node-redis connection whose every wait is bounded. On a timeout or a lost
 * connection the client is destroyed (a late reply must not linger) and the next call reconnects.
 */
class BoundedRedis {
  private client: Promise<Client> | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly options: Required<CacheClientOptions>;

  constructor(host: string, port: number, options: Required<CacheClientOptions>) {
    this.host = host;
    this.port = port;
    this.options = options;
  }

  async run<T>(what: string, command: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.connected();
    const { commandTimeoutMs } = this.options;
    try {
      return await within(commandTimeoutMs, command(client), () =>
        this.error('ENID_REDIS_TIMEOUT', `Redis at ${this.where()} did not answer ${what} within ${commandTimeoutMs} ms`, 'the run\'s Redis container is stuck or overloaded (paused, out of memory, swapping); its log is in the reports directory'));
    } catch (err) {
      // An error reply leaves the connection usable; a timeout or a lost socket does not.
      if (err instanceof ErrorReply && client.isReady) {
        throw this.error('ENID_REDIS_ERROR', `Redis at ${this.where()} refused ${what}: ${err.message}`, 'a Redis that renames or disables FLUSHALL, INFO or SCAN cannot be flushed between cold samples', err);
      }
      this.discard();
      if (err instanceof EnidError) throw err;
      throw this.error('ENID_REDIS_UNREACHABLE', `Redis at ${this.where()} failed during ${what}: ${message(err)}`, 'the run\'s Redis container stopped or restarted; check its log in the reports directory', err);
    }
  }

  close(): void {
    this.discard();
  }

  private connected(): Promise<Client> {
    this.client ??= this.open();
    return this.client;
  }

  private async open(): Promise<Client> {
    const { connectTimeoutMs, commandTimeoutMs } = this.options;
    const client = createRedisClient(this.host, this.port, connectTimeoutMs, commandTimeoutMs);
    let lastError: unknown;
    // node-redis reports socket failures as events; unheard, an 'error' event would crash the process.
    client.on('error', (err: unknown) => (lastError = err));
    const deadline = new ConnectionTimeoutError();
    try {
      // connectTimeout bounds the TCP connect only; a Redis that accepts but never answers is caught here.
      await within(connectTimeoutMs, client.connect(), () => deadline);
      return client;
    } catch (err) {
      this.client = undefined;
      if (client.isOpen) client.destroy();
      const cause = err === deadline ? err : (lastError ?? err);
      if (cause instanceof ConnectionTimeoutError) {
        throw this.error('ENID_REDIS_TIMEOUT', `Redis at ${this.where()} did not accept a connection within ${connectTimeoutMs} ms`, 'the run\'s Redis container is stuck (paused, out of memory) or its published port leads nowhere; check its log in the reports directory', cause);
      }
      throw this.error('ENID_REDIS_UNREACHABLE', `cannot connect to Redis at ${this.where()}: ${message(cause)}`, 'the run\'s Redis container is not answering on its published port; check that it is running and its log in the reports directory', cause);
    }
  }

  private discard(): void {
    const client = this.client;
    this.client = undefined;
    void client?.then((c) => c.isOpen && c.destroy(), () => undefined);
  }

  private where(): string {
    return `${this.host}:${this.port}`;
  }

  private error(code: string, text: string, hint: string, cause?: unknown): EnidError {
    return new EnidError(text, { code, exitCode: ExitCode.Environment, phase: this.options.phase, hint, cause });
  }
}

/** `work`, or `onTimeout()` as a rejection once `ms` have passed; the timer never outlives the race. */
function within<T>(ms: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && !text.includes(code) ? `${code} ${text}` : text;
}

/** `INFO keyspace` → keys per database index (`db0:keys=3,expires=3,avg_ttl=0` → `{ db: 0, keys: 3 }`). */
export function parseKeyspace(info: string): Array<{ db: number; keys: number }> {
  return [...info.matchAll(/^db(\d+):keys=(\d+)/gm)].map((m) => ({ db: Number(m[1]), keys: Number(m[2]) }));
}
