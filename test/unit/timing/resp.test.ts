import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisConnection, redisCacheControl } from '../../../src/timing/redis-cache.js';
import { encodeCommand, parseKeyspace, RespError, RespParser } from '../../../src/timing/resp.js';
import type { StackInfo } from '../../../src/stack/stack-info.js';

describe('encodeCommand', () => {
  it('writes a command as an array of bulk strings', () => {
    expect(encodeCommand(['SELECT', 1]).toString()).toBe('*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n');
    expect(encodeCommand(['FLUSHALL']).toString()).toBe('*1\r\n$8\r\nFLUSHALL\r\n');
  });

  it('counts bytes, not characters, and carries empty and CRLF-holding arguments', () => {
    expect(encodeCommand(['SET', 'k', 'é']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
    expect(encodeCommand(['ECHO', '']).toString()).toBe('*2\r\n$4\r\nECHO\r\n$0\r\n\r\n');
    expect(encodeCommand(['ECHO', 'a\r\nb']).toString()).toBe('*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n');
  });
});

describe('RespParser', () => {
  it('decodes every reply type', () => {
    const p = new RespParser();
    const [ok, err, int, bulk, nil, arr, nilArr] = p.push(Buffer.from('+OK\r\n-ERR unknown command\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n*-1\r\n'));
    expect(ok).toBe('OK');
    expect(err).toBeInstanceOf(RespError);
    expect((err as RespError).message).toBe('ERR unknown command');
    expect(int).toBe(42);
    expect(bulk).toBe('hello');
    expect(nil).toBeNull();
    expect(arr).toEqual(['a', [1]]);
    expect(nilArr).toBeNull();
  });

  it('waits for the rest of a reply split across chunks, even inside a length or a CRLF', () => {
    const bytes = Buffer.from('*2\r\n$10\r\nab\r\ncdefgh\r\n$3\r\nxyz\r\n+PONG\r\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new RespParser();
      const replies = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut))];
      expect(replies, `cut at ${cut}`).toEqual([['ab\r\ncdefgh', 'xyz'], 'PONG']);
    }
  });

  it('measures bulk strings in bytes', () => {
    expect(new RespParser().push(Buffer.from('$4\r\nçé\r\n'))).toEqual(['çé']);
  });

  it('rejects bytes that are not RESP', () => {
    expect(() => new RespParser().push(Buffer.from('HTTP/1.1 400\r\n'))).toThrow(/not a RESP reply/);
  });
});

describe('parseKeyspace', () => {
  it('reads keys per db from INFO keyspace', () => {
    const info = '# Keyspace\r\ndb0:keys=3,expires=3,avg_ttl=59000\r\ndb1:keys=12,expires=0,avg_ttl=0\r\n';
    expect(parseKeyspace(info)).toEqual([{ db: 0, keys: 3 }, { db: 1, keys: 12 }]);
    expect(parseKeyspace('# Keyspace\r\n')).toEqual([]);
  });
});

/** A tiny in-process Redis: enough of FLUSHALL, INFO keyspace, SELECT and SCAN for the cache control. */
function fakeRedis(data: Record<number, string[]>): Promise<{ port: number; commands: string[][]; server: net.Server }> {
  const commands: string[][] = [];
  const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  const server = net.createServer((socket) => {
    let db = 0;
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString();
      // Commands arrive whole here: each is "*N" then N bulk strings.
      while (pending.startsWith('*')) {
        const lines = pending.split('\r\n');
        const n = Number(lines[0]!.slice(1));
        if (lines.length < 1 + 2 * n + 1) return;
        const args = Array.from({ length: n }, (_, i) => lines[2 + 2 * i]!);
        pending = lines.slice(1 + 2 * n).join('\r\n');
        commands.push(args);
        const [cmd, ...rest] = args;
        if (cmd === 'FLUSHALL') { for (const k of Object.keys(data)) delete data[Number(k)]; socket.write('+OK\r\n'); }
        else if (cmd === 'SELECT') { db = Number(rest[0]); socket.write('+OK\r\n'); }
        else if (cmd === 'INFO') socket.write(bulk(`# Keyspace\r\n${Object.entries(data).filter(([, k]) => k.length).map(([d, k]) => `db${d}:keys=${k.length},expires=0,avg_ttl=0`).join('\r\n')}\r\n`));
        else if (cmd === 'SCAN') socket.write(`*2\r\n${bulk('0')}*${(data[db] ?? []).length}\r\n${(data[db] ?? []).map(bulk).join('')}`);
        else socket.write(`-ERR unknown command '${cmd}'\r\n`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, commands, server })));
}

const info = (port?: number): StackInfo => ({
  runId: 'r', service: 'notes', baseUrl: 'http://127.0.0.1:1', apiRoots: ['/api/'], databaseUrl: '', logs: {},
  backing: port ? { redis: { host: '127.0.0.1', port, db: 1, url: '' } } : {},
});

describe('redisCacheControl', () => {
  let server: net.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('lists keys of every db through the published port, then flushes them all', async () => {
    const fake = await fakeRedis({ 0: ['session:a'], 1: [':1:views.decorators.cache.cache_page.x', ':1:views.decorators.cache.cache_header.x'] });
    server = fake.server;
    const cache = redisCacheControl(info(fake.port));
    try {
      expect(await cache.keys()).toEqual({ count: 3, sample: ['session:a', ':1:views.decorators.cache.cache_page.x', ':1:views.decorators.cache.cache_header.x'] });
      await cache.flush();
      expect(await cache.keys()).toEqual({ count: 0, sample: [] });
      expect(fake.commands.map((c) => c[0])).toContain('FLUSHALL');
    } finally {
      cache.close();
    }
  });

  it('an error reply rejects the command instead of hanging the connection', async () => {
    const fake = await fakeRedis({});
    server = fake.server;
    const conn = await RedisConnection.connect('127.0.0.1', fake.port);
    try {
      await expect(conn.command('NOPE')).rejects.toThrow(/unknown command 'NOPE'/);
      expect(await conn.command('SELECT', 2)).toBe('OK');
    } finally {
      conn.close();
    }
  });

  it('a stack without Redis is an error that says why the cache cannot be flushed', () => {
    expect(() => redisCacheControl(info())).toThrow(expect.objectContaining({ code: 'ENID_NO_REDIS', hint: expect.stringMatching(/REDIS_URL/) }));
  });
});
