/**
 * The few bytes of RESP2 (the Redis protocol) that a cache check needs: commands out as arrays of bulk
 * strings, replies in as simple strings, errors, integers, bulk strings and arrays. Pure: no sockets.
 */

/** An error reply (`-ERR unknown command`): a value, not an exception, so a pipeline can carry it. */
export class RespError extends Error {
  override readonly name = 'RespError';
}

export type RespValue = string | number | null | RespError | RespValue[];

/** `['SELECT', '1']` → `*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n`; arguments are counted in bytes, not characters. */
export function encodeCommand(args: ReadonlyArray<string | number>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Collects bytes as they arrive and hands back each reply once it is complete. */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes from the socket; returns the replies completed by them, in order. */
  push(chunk: Buffer): RespValue[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: RespValue[] = [];
    for (;;) {
      const parsed = parseAt(this.buffer, 0);
      if (!parsed) break;
      out.push(parsed.value);
      this.buffer = this.buffer.subarray(parsed.next);
    }
    return out;
  }
}

function parseAt(buf: Buffer, offset: number): { value: RespValue; next: number } | undefined {
  if (offset >= buf.length) return undefined;
  const eol = buf.indexOf('\r\n', offset);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[offset]!);
  const line = buf.toString('utf8', offset + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+': return { value: line, next: after };
    case '-': return { value: new RespError(line), next: after };
    case ':': return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      // The payload may itself contain \r\n: its end is known from the length, not from a delimiter.
      if (buf.length < after + length + 2) return undefined;
      return { value: buf.toString('utf8', after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseAt(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new RespError(`not a RESP reply: unexpected type byte ${JSON.stringify(type)}`);
  }
}

/** `INFO keyspace` → keys per database index (`db0:keys=3,expires=3,avg_ttl=0` → `{ db: 0, keys: 3 }`). */
export function parseKeyspace(info: string): Array<{ db: number; keys: number }> {
  return [...info.matchAll(/^db(\d+):keys=(\d+)/gm)].map((m) => ({ db: Number(m[1]), keys: Number(m[2]) }));
}
