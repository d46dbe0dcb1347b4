/** Parsing of connection URLs found in .env files (DATABASE_URL, REDIS_URL). */
export interface DatabaseUrl {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
}

export function parseDatabaseUrl(value: string): DatabaseUrl | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!/^postgres(ql)?(\+\w+)?:$/.test(url.protocol) && url.protocol !== 'pgsql:') return undefined;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decode(url.username) : undefined,
    password: url.password ? decode(url.password) : undefined,
    database: decode(url.pathname.replace(/^\//, '')) || undefined,
  };
}

/** Percent-decoding that leaves a malformed escape (a literal `%` in a hand-written URL) as it is. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function parseRedisUrl(value: string): { host: string; port: number; db: number } | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return undefined;
  const db = Number.parseInt(url.pathname.replace(/^\//, ''), 10);
  return { host: url.hostname, port: url.port ? Number(url.port) : 6379, db: Number.isInteger(db) ? db : 0 };
}

export function formatDatabaseUrl(db: { host: string; port: number; user: string; password: string; database: string }): string {
  const auth = `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}`;
  return `postgresql://${auth}@${db.host}:${db.port}/${encodeURIComponent(db.database)}`;
}
