import { parse as parseDotenv } from 'dotenv';
import path from 'node:path';
import { z } from 'zod';
import { stringList } from '../config-value-schemas.js';
import type { BackingDiscovery, BackingModule, BackingSpec, ComposeServiceView } from './backing-module.js';
import { formatDatabaseUrl, parseDatabaseUrl } from './urls.js';

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

/** The credentials discovery chose, as the container is created with them. */
export function postgresCredentials(spec: BackingSpec): { user: string; password: string; database: string } {
  const str = (key: string): string => String(spec.settings[key]);
  return { user: str('user'), password: str('password'), database: str('database') };
}

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
  urlShorthand: 'databaseUrl',

  matches: (s: ComposeServiceView) => /(^|\/)(postgres|postgis)/.test(s.image ?? '') || (!s.build && SERVICE_NAMES.includes(s.name)),

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
    const db = { host, port: 5432, ...postgresCredentials(spec) };
    const hasDbVars = Object.values(DB_VARS).some((keys) => keys.some((k) => env[k] !== undefined));
    if (env.DATABASE_URL !== undefined || !hasDbVars) env.DATABASE_URL = formatDatabaseUrl(db);
    // With nothing in its environment to go by (no .env, no compose service), every usual name is set:
    // settings that read DATABASE_HOST with a default of localhost reach the run's database too. The
    // inspect phase then checks, in Django's own settings, that they did (wiringProblem).
    const set = (keys: readonly string[], value: string): void => keys.forEach((k) => { if (env[k] !== undefined || !hasDbVars) env[k] = value; });
    set(DB_VARS.host, host);
    set(DB_VARS.port, '5432');
    set(DB_VARS.user, db.user);
    set(DB_VARS.password, db.password);
    set(DB_VARS.database, db.database);
  },

  secrets(spec) {
    const { user, password, database } = postgresCredentials(spec);
    return { secret: [password], public: [user, database] };
  },

  // Settings that ignore every variable the run set (a hard-coded HOST) would test another database, or none.
  wiringProblem(settings, spec) {
    const db = settings.DATABASES?.default;
    const aliases = spec.aliases;
    if (!db?.ENGINE || !/postgres/.test(db.ENGINE) || !db.HOST || aliases.includes(db.HOST)) return undefined;
    return {
      code: 'ENID_DATABASE_NOT_WIRED',
      message: `Django's DATABASES['default'] points at ${db.HOST}, not at the run's PostgreSQL (${aliases.join(', ')})`,
      hint: `the settings read the host from a variable the harness does not set: name it in service.env of enid.config.json (e.g. {"MY_DB_HOST": "${aliases[0] ?? 'postgres'}"}) or use postgres.aliases`,
    };
  },
};
