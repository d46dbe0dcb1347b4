import { parse as parseDotenv } from 'dotenv';
import path from 'node:path';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { z } from 'zod';
import { stringList } from '../../config-parts.js';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import type { ComposeService } from '../../discover/compose.js';
import { formatDatabaseUrl, parseDatabaseUrl } from '../../discover/urls.js';
import { restrictToLoopback } from '../loopback.js';
import type { BackingDiscovery, BackingInfo, BackingModule, BackingSpec } from './backing-module.js';

const LOOPBACK_OR_IP = /^(localhost|127\.|\d+\.\d+\.\d+\.\d+$)/;
const SERVICE_NAMES = ['postgres', 'postgresql', 'db', 'database', 'pg'];
/** The variable names settings read the database from, besides DATABASE_URL. */
export const DB_VARS = {
  host: ['POSTGRES_HOST', 'DB_HOST', 'SQL_HOST', 'DATABASE_HOST', 'PGHOST'],
  port: ['POSTGRES_PORT', 'DB_PORT', 'SQL_PORT', 'DATABASE_PORT', 'PGPORT'],
  user: ['POSTGRES_USER', 'DB_USER', 'SQL_USER', 'DATABASE_USER', 'PGUSER'],
  password: ['POSTGRES_PASSWORD', 'DB_PASS', 'DB_PASSWORD', 'SQL_PASSWORD', 'DATABASE_PASSWORD', 'PGPASSWORD'],
  database: ['POSTGRES_DB', 'DB_NAME', 'SQL_DATABASE', 'DATABASE_NAME', 'PGDATABASE'],
} as const;

/** PostgreSQL for one run: published on the engine's address only, data on tmpfs with fsync off. */
class RunPostgresContainer extends PostgreSqlContainer {
  constructor(image: string) {
    super(image);
    // A test database never needs durability: tmpfs and fsync=off start it in about half the time.
    // pg_stat_statements (shipped by the official image) lets the database phase count each request's queries.
    this.withTmpFs({ '/var/lib/postgresql/data': 'rw' }).withCommand([
      'postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all',
    ]);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
  }
}

const str = (spec: BackingSpec, key: string): string => String(spec.settings[key]);

/** `postgres` in enid.config: what discovery would otherwise read from compose and .env. */
export const postgresConfig = z.strictObject({
  image: z.string().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  database: z.string().optional(),
  /** Network aliases the service reaches the database by, first one preferred. */
  aliases: stringList.optional(),
});

export const postgresModule: BackingModule = {
  kind: 'postgres',
  title: 'PostgreSQL',
  defaultImage: 'postgres:16-alpine',
  optional: false,
  port: 5432,

  matches: (s: ComposeService) => /(^|\/)(postgres|postgis)/.test(s.image ?? '') || (!s.build && SERVICE_NAMES.includes(s.name)),

  discover(input: BackingDiscovery): BackingSpec {
    const { config: cfg, appEnv, files, assumptions } = input;
    const service = input.compose?.services.find((s) => postgresModule.matches(s));
    const fromUrl = appEnv.DATABASE_URL ? parseDatabaseUrl(appEnv.DATABASE_URL) : undefined;
    // The database service's own POSTGRES_* say what it was created with; the app's variables come next.
    const own: Record<string, string> = {};
    for (const f of service?.envFiles ?? []) if (files[path.normalize(f)]) Object.assign(own, parseDotenv(files[path.normalize(f)]!));
    Object.assign(own, service?.environment ?? {});
    const pick = (keys: readonly string[]): string | undefined => keys.map((k) => appEnv[k]).find((v) => v);
    const given = (key: string): string | undefined => (typeof cfg[key] === 'string' ? (cfg[key] as string) : undefined);
    let user = given('user') ?? own.POSTGRES_USER ?? pick(DB_VARS.user) ?? fromUrl?.user;
    let password = given('password') ?? own.POSTGRES_PASSWORD ?? pick(DB_VARS.password) ?? fromUrl?.password;
    let database = given('database') ?? own.POSTGRES_DB ?? pick(DB_VARS.database) ?? fromUrl?.database;
    if (!input.compose && !given('password')) {
      // Nothing states what the database expects, so the harness chooses, and never a guessable password.
      user = given('user') ?? 'enid';
      password = input.generatePassword();
    }
    if (!user) { user = 'postgres'; assumptions.push('no database user found: using postgres'); }
    if (!password) { password = input.generatePassword(); assumptions.push('no database password found: generated one for this run'); }
    if (!database) { database = user; assumptions.push(`no database name found: using ${database}`); }
    const hosts = [fromUrl?.host, pick(DB_VARS.host)].filter((h): h is string => !!h && !LOOPBACK_OR_IP.test(h));
    const aliases = [...new Set([...(cfg.aliases ?? []), service?.name, ...hosts, 'postgres'].filter((a): a is string => !!a))];
    return { image: input.image, aliases, settings: { user, password, database } };
  },

  wire(spec, env) {
    const host = spec.aliases[0]!;
    const db = { host, port: 5432, user: str(spec, 'user'), password: str(spec, 'password'), database: str(spec, 'database') };
    const hasDbVars = Object.values(DB_VARS).some((keys) => keys.some((k) => env[k] !== undefined));
    if (env.DATABASE_URL !== undefined || !hasDbVars) env.DATABASE_URL = formatDatabaseUrl(db);
    // With nothing in its environment to go by (no .env, no compose service), every usual name is set:
    // settings that read DATABASE_HOST with a default of localhost reach the run's database too. The
    // inspect phase then checks, in Django's own settings, that they did.
    const set = (keys: readonly string[], value: string): void => keys.forEach((k) => { if (env[k] !== undefined || !hasDbVars) env[k] = value; });
    set(DB_VARS.host, host);
    set(DB_VARS.port, '5432');
    set(DB_VARS.user, db.user);
    set(DB_VARS.password, db.password);
    set(DB_VARS.database, db.database);
  },

  secrets: (spec) => ({ secret: [str(spec, 'password')], public: [str(spec, 'user'), str(spec, 'database')] }),

  container: (spec) => new RunPostgresContainer(spec.image)
    .withUsername(str(spec, 'user'))
    .withPassword(str(spec, 'password'))
    .withDatabase(str(spec, 'database'))
    // testcontainers' own check times out after 1 s and runs every 250 ms: on a loaded engine the timed-out
    // pg_isready processes kept running and piled up (68 at once, measured), until the server itself
    // restarted. A check that may take its time never overlaps the next one; an idle engine answers at once.
    .withHealthCheck({
      test: ['CMD-SHELL', `PGPASSWORD=${str(spec, 'password')} pg_isready --host localhost --username ${str(spec, 'user')} --dbname ${str(spec, 'database')}`],
      interval: 250, timeout: 60_000, retries: 1000,
    }),

  info(spec, started: StartedTestContainer): BackingInfo {
    const host = started.getHost();
    const port = started.getMappedPort(5432);
    const db = { host, port, user: str(spec, 'user'), password: str(spec, 'password'), database: str(spec, 'database') };
    return { ...db, url: formatDatabaseUrl(db) };
  },
};
