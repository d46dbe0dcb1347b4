import { describe, expect, it } from 'vitest';
import type { EnidConfig } from '../../../src/config.js';
import { buildServiceSpec, type DiscoverOptions } from '../../../src/discover/discover.js';
import { templatesOf } from '../../../src/discover/env-files.js';
import type { ServiceFiles } from '../../../src/discover/service-files.js';
import { EnidError } from '../../../src/errors.js';
import type { ServiceSpec } from '../../../src/types.js';

/** A backing service's spec flattened (image, aliases, settings), null when the run does not start it. */
const flat = (b: ServiceSpec['backing'][string] | undefined): Record<string, unknown> | null => (b ? { image: b.image, aliases: b.aliases, ...b.settings } : null);
const pg = (s: ServiceSpec): Record<string, unknown> & { aliases: string[]; image: string } => flat(s.backing.postgres) as Record<string, unknown> & { aliases: string[]; image: string };
const rd = (s: ServiceSpec): Record<string, unknown> | null => flat(s.backing.redis);

const DIR = '/srv/orders';

const options: DiscoverOptions = {
  backingImages: { postgres: 'pg-img', redis: 'redis-img' },
  pythonImage: 'py-img',
  generatePassword: () => 'generated-pw',
};

const SEED_DOCKERFILE = [
  'ARG PYTHON_VERSION=python:3.8-alpine',
  'FROM ${PYTHON_VERSION}',
  'WORKDIR /app',
  'COPY . .',
  'EXPOSE 8080',
  'ENTRYPOINT ["/app/entrypoint.sh"]',
].join('\n');

const SEED_ENTRYPOINT = [
  '#!/bin/sh',
  'python manage.py makemigrations',
  'python manage.py makemigrations orders payments',
  'python manage.py migrate',
  'watchmedo auto-restart --directory=./ --pattern=*.py --recursive -- gunicorn -b 0.0.0.0:8080 app.wsgi:application',
].join('\n');

const BASE: Record<string, string> = {
  Dockerfile: SEED_DOCKERFILE,
  'entrypoint.sh': SEED_ENTRYPOINT,
  'requirements.txt': 'Django==4.2.7\ndjangorestframework==3.14.0\npsycopg2-binary==2.9.9\n',
  'manage.py': '#!/usr/bin/env python\n',
};

function files(extra: Record<string, string | undefined>, dirs: string[] = []): ServiceFiles {
  const all: Record<string, string> = { ...BASE };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  return { dir: DIR, files: all, dirs };
}

function build(extra: Record<string, string | undefined>, opts: Partial<DiscoverOptions> = {}, dirs: string[] = []): ServiceSpec {
  return buildServiceSpec(files(extra, dirs), { ...options, ...opts });
}

function withConfig(extra: Record<string, string | undefined>, config: EnidConfig, opts: Partial<DiscoverOptions> = {}): ServiceSpec {
  return build(extra, { ...opts, config });
}

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The seed's compose file, with what varies between services as parameters. */
function seedCompose(p: { hostPort?: string; containerName?: string; networks?: boolean; ports?: boolean } = {}): string {
  const lines = [
    "version: '3'",
    'services:',
    '  orders_service:',
    '    build:',
    '      context: .',
    '      dockerfile: Dockerfile',
    '    image: ${SERVICENAME}_service',
    `    container_name: ${p.containerName ?? '${SERVICENAME}_service'}`,
  ];
  if (p.ports !== false) lines.push('    ports:', `      - "${p.hostPort ?? '8086'}:8080"`);
  lines.push('    env_file:', '      - .env', '    depends_on:', '      - postgres');
  if (p.networks !== false) lines.push('    networks:', '      - backend', '      - enid_service_network');
  lines.push(
    '  postgres:',
    `    container_name: ${p.containerName ?? '${SERVICENAME}'}_postgres`,
    '    image: postgres:alpine',
  );
  if (p.ports !== false) lines.push('    ports:', `      - "${p.hostPort ? '15436' : '5436'}:5432"`);
  lines.push('    env_file:', '      - .env');
  if (p.networks !== false) {
    lines.push('    networks:', '      - backend', 'networks:', '  backend:', '    driver: bridge', '  enid_service_network:', '    external: true');
  }
  return yaml(...lines);
}

const SEED_ENV = yaml(
  'ENVIRONMENT=development',
  'SERVICENAME=orders',
  'DEBUG=True',
  'DATABASE_URL=postgresql://postgres:postgres@postgres:5432/orders',
  'SECRET_KEY=your-secret-key',
  'ALLOWED_HOSTS=localhost,127.0.0.1',
);

describe('buildServiceSpec: no compose file', () => {
  it('chooses user enid and a generated password, keeps the database name, and says so', () => {
    const spec = build({ '.env': SEED_ENV });
    expect(pg(spec)).toEqual({ image: 'pg-img', aliases: ['postgres'], user: 'enid', password: 'generated-pw', database: 'orders' });
    expect(spec.env.DATABASE_URL).toBe('postgresql://enid:generated-pw@postgres:5432/orders');
    expect(spec.assumptions[0]).toBe("no docker-compose.yml: backing services use the seed's names (postgres, redis) and credentials generated for this run");
    expect(spec.secretKeys).toEqual(expect.arrayContaining(['DATABASE_URL', 'SECRET_KEY']));
  });

  it('with no .env at all: DATABASE_URL and every usual database variable are set, database named after the user', () => {
    const spec = build({});
    expect(spec.env.DATABASE_URL).toBe('postgresql://enid:generated-pw@postgres:5432/enid');
    // Settings that read DATABASE_HOST (default localhost) or DB_HOST reach the run's database as well.
    expect([spec.env.DATABASE_HOST, spec.env.DB_HOST, spec.env.POSTGRES_HOST]).toEqual(['postgres', 'postgres', 'postgres']);
    expect([spec.env.DATABASE_NAME, spec.env.DB_USER, spec.env.DB_PASS]).toEqual(['enid', 'enid', 'generated-pw']);
    expect(pg(spec).aliases).toEqual(['postgres']);
    expect(spec.assumptions).toContain('no database name found: using enid');
    expect(spec.name).toBe('orders');
  });

  it('ignores a loopback DATABASE_URL host as alias', () => {
    const spec = build({ '.env': 'DATABASE_URL=postgres://u:p@localhost:5433/shop\n' });
    expect(pg(spec).aliases).toEqual(['postgres']);
    expect(spec.env.DATABASE_URL).toBe('postgresql://enid:generated-pw@postgres:5432/shop');
  });

  it('keeps a non-default DATABASE_URL host as the first alias', () => {
    const spec = build({ '.env': 'DATABASE_URL=postgres://u:p@orders-db:5432/shop\n' });
    expect(pg(spec).aliases).toEqual(['orders-db', 'postgres']);
    expect(spec.env.DATABASE_URL).toBe('postgresql://enid:generated-pw@orders-db:5432/shop');
  });

  it('a configured password and user win over generated ones', () => {
    const spec = withConfig({ '.env': SEED_ENV }, { postgres: { user: 'cfg-user', password: 'cfg-pw', database: 'cfg-db' } });
    expect(pg(spec)).toMatchObject({ user: 'cfg-user', password: 'cfg-pw', database: 'cfg-db' });
    expect(spec.env.DATABASE_URL).toBe('postgresql://cfg-user:cfg-pw@postgres:5432/cfg-db');
  });
});

describe('buildServiceSpec: compose application service', () => {
  const subfolder = yaml(
    'services:',
    '  api:',
    '    build: ./app',
    '    env_file:',
    '      - ./config/common.env',
    '      - config/local.env',
    '    depends_on: [postgres]',
    '  postgres:',
    '    image: postgres:16',
    '    environment:',
    '      POSTGRES_USER: shop',
    '      POSTGRES_PASSWORD: shop-pw',
    '      POSTGRES_DB: shop',
  );

  it('build: ./app uses the subfolder as context, with its Dockerfile, entrypoint and requirements', () => {
    const spec = build({
      'docker-compose.yml': subfolder,
      Dockerfile: undefined,
      'entrypoint.sh': undefined,
      'requirements.txt': undefined,
      'manage.py': undefined,
      'app/Dockerfile': 'ARG PYTHON_VERSION=python:3.12\nFROM ${PYTHON_VERSION}\nWORKDIR /srv\nEXPOSE 8000\n',
      'app/entrypoint.sh': 'python manage.py makemigrations shop\ngunicorn -b 0.0.0.0:8000 shop_project.wsgi:application\n',
      'app/requirements.txt': 'Django\ncoverage\ndjango-redis\n',
      'app/manage.py': '',
      'config/common.env': 'DEBUG=False\nDATABASE_URL=postgres://x:y@postgres/whatever\nSECRET_KEY=a\n',
      'config/local.env': 'DEBUG=True\n',
    });
    expect(spec.image).toEqual({ kind: 'build', context: '/srv/orders/app', dockerfile: 'Dockerfile', args: { PYTHON_VERSION: 'py-img' } });
    expect(spec.port).toBe(8000);
    // WORKDIR is asked of the running container, not read from the Dockerfile text.
    expect(spec.workdir).toBeUndefined();
    // env_file entries are read in order: the later one wins.
    expect(spec.env.DEBUG).toBe('True');
    expect(spec.env.SECRET_KEY).toBe('a');
    expect(pg(spec)).toMatchObject({ user: 'shop', password: 'shop-pw', database: 'shop', aliases: ['postgres'] });
    expect(spec.env.DATABASE_URL).toBe('postgresql://shop:shop-pw@postgres:5432/shop');
    expect(spec.apps).toEqual(['shop']);
    expect(spec.hasCoverage).toBe(true);
    expect((rd(spec) !== null)).toBe(true);
    expect(spec.assumptions).toEqual(['uses Redis (django-redis)']);
  });

  it('top-level entrypoint and requirements are still read when the context has none', () => {
    const spec = build({ 'docker-compose.yml': subfolder, 'app/Dockerfile': 'FROM python\nEXPOSE 8080\n', 'config/common.env': '', 'config/local.env': '' });
    expect(spec.apps).toEqual(['orders', 'payments']);
    expect(spec.assumptions.some((a) => a.startsWith('no manage.py'))).toBe(false);
  });

  it('a missing env_file entry is skipped and reported', () => {
    const spec = build({
      'docker-compose.yml': subfolder,
      'app/Dockerfile': 'FROM python\nEXPOSE 8000\n',
      'config/common.env': 'SECRET_KEY=a\n',
    });
    expect(spec.assumptions).toContain('env_file config/local.env is missing; skipped');
    expect(spec.assumptions).toContain('the Dockerfile declares no ARG PYTHON_VERSION: the python image override was not applied');
    expect(spec.image).toMatchObject({ kind: 'build', args: {} });
    expect(spec.env.SECRET_KEY).toBe('a');
  });

  it('no Dockerfile in the build context is exit 2, naming the context', () => {
    let error: unknown;
    try {
      build({ 'docker-compose.yml': subfolder, 'config/common.env': '', 'config/local.env': '' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnidError);
    expect((error as EnidError).exitCode).toBe(2);
    expect((error as EnidError).message).toBe('no Dockerfile in /srv/orders/app');
  });

  it('build mapping: dockerfile path, compose args, config args and --build-arg, in that order of precedence', () => {
    const compose = yaml(
      'services:',
      '  web:',
      '    build:',
      '      context: ./src',
      '      dockerfile: docker/Dockerfile.dev',
      '      args:',
      '        - A=compose',
      '        - B=compose',
      '        - C=compose',
      '    command: gunicorn -b 0.0.0.0:8000 app.wsgi',
    );
    const spec = withConfig(
      { 'docker-compose.yml': compose, 'src/docker/Dockerfile.dev': 'ARG PYTHON_VERSION\nFROM ${PYTHON_VERSION}\nEXPOSE 8000\n' },
      { service: { buildArgs: { B: 'config', C: 'config' } } },
      { buildArgs: { C: 'flag' } },
    );
    expect(spec.image).toEqual({
      kind: 'build',
      context: '/srv/orders/src',
      dockerfile: 'docker/Dockerfile.dev',
      args: { A: 'compose', B: 'config', C: 'flag', PYTHON_VERSION: 'py-img' },
    });
    expect(spec.command).toEqual(['gunicorn', '-b', '0.0.0.0:8000', 'app.wsgi']);
    // Compose states no database at all: the defaults are used and each one is reported.
    expect(pg(spec)).toMatchObject({ user: 'postgres', password: 'generated-pw', database: 'postgres' });
    expect(spec.assumptions).toEqual(expect.arrayContaining([
      'no database user found: using postgres',
      'no database password found: generated one for this run',
      'no database name found: using postgres',
    ]));
  });

  it('a compose file with no built service falls back to the service directory, and says so', () => {
    const spec = build({ 'docker-compose.yml': yaml('services:', '  postgres:', '    image: postgres:16'), '.env': SEED_ENV });
    expect(spec.assumptions[0]).toBe('docker-compose.yml has no service with `build:`; using the service directory as the build context');
    expect(spec.image).toMatchObject({ kind: 'build', context: DIR, dockerfile: 'Dockerfile' });
  });

  it('prefers the built service that depends on the database', () => {
    const compose = yaml(
      'services:',
      '  worker:',
      '    build: ./worker',
      '  api:',
      '    build: .',
      '    depends_on: { postgres: { condition: service_healthy } }',
      '    environment: [ROLE=api]',
      '  postgres:',
      '    image: postgres:16',
    );
    const spec = build({ 'docker-compose.yml': compose });
    expect(spec.image).toMatchObject({ kind: 'build', context: DIR });
    expect(spec.env.ROLE).toBe('api');
  });
});

describe('buildServiceSpec: compose environment and interpolation', () => {
  const withEnv = (environment: string[], dotenv: string): ServiceSpec =>
    build({
      'docker-compose.yml': yaml('services:', '  api:', '    build: .', '    env_file: app.env', '    environment:', ...environment.map((l) => `      ${l}`)),
      'app.env': 'FROM_ENV_FILE=1\nDEBUG=from-env-file\n',
      '.env': dotenv,
    });

  it('list form: KEY=VALUE entries, interpolated from .env; bare names are skipped', () => {
    const spec = withEnv(['- DEBUG=${DEBUG:-False}', '- ALLOWED_HOSTS=*', '- GREETING=hello $NAME', '- PASSTHROUGH'], 'DEBUG=\nNAME=world\n');
    expect(spec.env.DEBUG).toBe('False');
    expect(spec.env.ALLOWED_HOSTS).toBe('*');
    expect(spec.env.GREETING).toBe('hello world');
    expect(spec.env).not.toHaveProperty('PASSTHROUGH');
    expect(spec.env.FROM_ENV_FILE).toBe('1');
    // .env only feeds interpolation when the service names its own env_file.
    expect(spec.env).not.toHaveProperty('NAME');
  });

  it('map form: ${VAR:-default}, ${VAR-default}, $$, numbers and null values', () => {
    const spec = withEnv(
      ['DEBUG: "${DEBUG:-False}"', 'FEATURE: "${FEATURE-on}"', 'OTHER: "${UNSET-fallback}"', 'PRICE: "$$5"', 'WORKERS: 4', 'EMPTY:'],
      'FEATURE=\n',
    );
    expect(spec.env.DEBUG).toBe('False');
    expect(spec.env.FEATURE).toBe('');
    expect(spec.env.OTHER).toBe('fallback');
    expect(spec.env.PRICE).toBe('$5');
    expect(spec.env.WORKERS).toBe('4');
    expect(spec.env).not.toHaveProperty('EMPTY');
  });

  it('compose environment overrides env_file values', () => {
    const spec = withEnv(['DEBUG: "0"'], '');
    expect(spec.env.DEBUG).toBe('0');
  });
});

describe('buildServiceSpec: .env variants', () => {
  it('.env.example only: read, and recorded as an assumption', () => {
    const spec = build({
      'docker-compose.yml': yaml('services:', '  api:', '    build: .', '    depends_on: [postgres]', '  postgres:', '    image: postgres:16'),
      '.env.example': 'DATABASE_URL=postgresql://ex-user:ex-pw@postgres:5432/ex-db\nSECRET_KEY=example\n',
    });
    expect(spec.assumptions).toContain('no .env: read .env.example instead');
    expect(spec.env.SECRET_KEY).toBe('example');
    expect(pg(spec)).toMatchObject({ user: 'ex-user', password: 'ex-pw', database: 'ex-db' });
    expect(spec.env.DATABASE_URL).toBe('postgresql://ex-user:ex-pw@postgres:5432/ex-db');
  });

  it('.env is preferred over .env.example', () => {
    const spec = build({ '.env': 'SECRET_KEY=real\n', '.env.example': 'SECRET_KEY=example\n' });
    expect(spec.env.SECRET_KEY).toBe('real');
    expect(spec.assumptions.some((a) => a.includes('.env.example'))).toBe(false);
  });

  // `.env` in .gitignore: a clean clone (CI's) has compose's env_file missing and only the template.
  it('compose env_file .env missing, .env.example committed: the template is read and interpolated, and said so', () => {
    const spec = build({
      'docker-compose.yml': yaml(
        'services:', '  api:', '    build: .', '    env_file: [.env]', '    depends_on: [db]',
        '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_DB: ${DB_NAME}', '      POSTGRES_USER: ${DB_USER}', '      POSTGRES_PASSWORD: ${DB_PASS}',
      ),
      '.env.example': 'DB_HOST=db\nDB_NAME=inventory\nDB_USER=inventory\nDB_PASS=changeme\nDJANGO_SECRET_KEY=example\n',
    });
    expect(spec.assumptions).toContain('env_file .env is missing (not committed?): read .env.example instead, as `cp .env.example .env` would');
    expect(spec.env.DJANGO_SECRET_KEY).toBe('example');
    // Compose's ${DB_NAME} came from the template too: the run's database is the one the settings name.
    expect(pg(spec)).toMatchObject({ user: 'inventory', password: 'changeme', database: 'inventory', aliases: expect.arrayContaining(['db']) });
    expect([spec.env.DB_NAME, spec.env.DB_USER]).toEqual(['inventory', 'inventory']);
  });

  it('an env_file in a subfolder falls back to its own .example; with no template it is skipped, and said so', () => {
    const compose = yaml('services:', '  api:', '    build: .', '    env_file: [config/app.env]');
    const found = build({ 'docker-compose.yml': compose, 'config/app.env.example': 'SECRET_KEY=from-template\n' });
    expect(found.env.SECRET_KEY).toBe('from-template');
    expect(found.assumptions).toContain('env_file config/app.env is missing (not committed?): read config/app.env.example instead, as `cp config/app.env.example config/app.env` would');
    const none = build({ 'docker-compose.yml': compose });
    expect(none.assumptions).toContain('env_file config/app.env is missing; skipped');
  });

  it('templatesOf: the file\'s own .example/.sample/.template/.dist, then for .env its committed siblings', () => {
    expect(templatesOf('.env')).toEqual(['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.dev']);
    expect(templatesOf('config/app.env')).toEqual(['config/app.env.example', 'config/app.env.sample', 'config/app.env.template', 'config/app.env.dist']);
    expect(templatesOf('app/.env')).toEqual(['app/.env.example', 'app/.env.sample', 'app/.env.template', 'app/.env.dist', 'app/.env.dev']);
  });
});

describe('buildServiceSpec: DB_* style settings', () => {
  const compose = yaml(
    'services:',
    '  api:',
    '    build: .',
    '    env_file: .env',
    '    depends_on: [db]',
    '  db:',
    '    image: postgres:15',
    '    environment:',
    '      - POSTGRES_USER=app',
    '      - POSTGRES_PASSWORD=app-pw',
    '      - POSTGRES_DB=appdb',
  );
  const spec = build({ 'docker-compose.yml': compose, '.env': 'DB_HOST=localhost\nDB_PORT=5433\nDB_NAME=dev\nDB_USER=dev\nDB_PASS=dev-pw\nDEBUG=1\n' });

  it('rewires host, port, name, user and password to the run database', () => {
    expect(spec.env).toEqual({ DB_HOST: 'db', DB_PORT: '5432', DB_NAME: 'appdb', DB_USER: 'app', DB_PASS: 'app-pw', DEBUG: '1' });
  });

  it('adds no DATABASE_URL, uses the db service alias, and marks DB_PASS secret', () => {
    expect(spec.env).not.toHaveProperty('DATABASE_URL');
    expect(pg(spec).aliases).toEqual(['db', 'postgres']);
    expect(spec.secretKeys).toEqual(['DB_PASS']);
  });

  it('takes the credentials from the app settings when the database service states none', () => {
    const s = build({
      'docker-compose.yml': yaml('services:', '  api:', '    build: .', '  postgres:', '    image: postgres:15'),
      '.env': 'SQL_HOST=pg.internal\nSQL_USER=u1\nSQL_PASSWORD=p1\nSQL_DATABASE=d1\n',
    });
    expect(pg(s)).toEqual({ image: 'pg-img', aliases: ['postgres', 'pg.internal'], user: 'u1', password: 'p1', database: 'd1' });
    expect(s.env).toEqual({ SQL_HOST: 'postgres', SQL_USER: 'u1', SQL_PASSWORD: 'p1', SQL_DATABASE: 'd1' });
  });
});

describe('buildServiceSpec: Redis', () => {
  const redisCompose = yaml(
    'services:',
    '  api:',
    '    build: .',
    '    env_file: .env',
    '    depends_on: [postgres, cache]',
    '  postgres:',
    '    image: postgres:16',
    '  cache:',
    '    image: redis:7-alpine',
  );

  it('REDIS_URL with db index /1 keeps the index; other redis URLs keep theirs', () => {
    const spec = build({
      'docker-compose.yml': redisCompose,
      '.env': 'REDIS_URL=redis://cache:6379/1\nCELERY_BROKER_URL=redis://cache:6379/2\nCACHE_URL=redis://localhost:6380\nREDIS_HOST=localhost\nREDIS_PORT=6380\n',
    });
    expect(rd(spec)).toEqual({ image: 'redis-img', aliases: ['cache', 'redis'], db: 1 });
    expect(spec.env.REDIS_URL).toBe('redis://cache:6379/1');
    expect(spec.env.CELERY_BROKER_URL).toBe('redis://cache:6379/2');
    expect(spec.env.CACHE_URL).toBe('redis://cache:6379/0');
    expect(spec.env.REDIS_HOST).toBe('cache');
    expect(spec.env.REDIS_PORT).toBe('6379');
    expect(spec.assumptions).toContain('uses Redis (compose service cache)');
  });

  it('detects Redis from requirements alone and never uses a loopback REDIS_URL host as alias', () => {
    const spec = build({ 'requirements.txt': 'Django\ndjango_redis==5.4\n', '.env': 'REDIS_URL=redis://localhost:6379/1\n' });
    expect((rd(spec) !== null)).toBe(true);
    expect(rd(spec)).toEqual({ image: 'redis-img', aliases: ['redis'], db: 1 });
    expect(spec.env.REDIS_URL).toBe('redis://redis:6379/1');
    expect(spec.assumptions).toContain('uses Redis (django-redis)');
  });

  it('--no-redis wins over requirements and a compose redis service', () => {
    const spec = build({ 'docker-compose.yml': redisCompose, 'requirements.txt': 'django-redis\n', '.env': 'REDIS_URL=redis://cache:6379/1\n' }, { backingEnabled: { redis: false } });
    expect((rd(spec) !== null)).toBe(false);
    expect(rd(spec)).toBeNull();
    // Left as the service wrote it: nothing is wired.
    expect(spec.env.REDIS_URL).toBe('redis://cache:6379/1');
    expect(spec.assumptions.some((a) => a.startsWith('uses Redis'))).toBe(false);
  });

  it('--redis adds Redis to a service that shows no sign of it, with REDIS_URL', () => {
    const spec = build({ '.env': SEED_ENV }, { backingEnabled: { redis: true } });
    expect((rd(spec) !== null)).toBe(true);
    expect(rd(spec)).toEqual({ image: 'redis-img', aliases: ['redis'], db: 0 });
    expect(spec.env.REDIS_URL).toBe('redis://redis:6379/0');
  });

  it('the flag wins over config.redis.enabled; config decides when no flag is given', () => {
    expect(withConfig({}, { redis: { enabled: false } }, { backingEnabled: { redis: true } }).backing.redis !== undefined).toBe(true);
    expect(rd(withConfig({ 'requirements.txt': 'redis\n' }, { redis: { enabled: false } }))).toBeNull();
    // The image given as a flag or ENID_REDIS_IMAGE (here: the options' redis-img) wins over the config's.
    expect(rd(withConfig({}, { redis: { enabled: true, image: 'cfg-redis', aliases: ['kv'] } }))).toEqual({ image: 'redis-img', aliases: ['kv', 'redis'], db: 0 });
    expect(rd(withConfig({}, { redis: { enabled: true, image: 'cfg-redis' } }, { backingImages: {} }))).toEqual({ image: 'cfg-redis', aliases: ['redis'], db: 0 });
  });

  it('no Redis without a sign of it', () => {
    const spec = build({ '.env': SEED_ENV });
    expect((rd(spec) !== null)).toBe(false);
    expect(rd(spec)).toBeNull();
    expect(spec.env).not.toHaveProperty('REDIS_URL');
  });
});

describe('buildServiceSpec: config overrides', () => {
  const compose = seedCompose();

  it('service.port wins, and the entrypoint bind is checked against it', () => {
    const spec = withConfig({ 'docker-compose.yml': compose, '.env': SEED_ENV }, { service: { port: 9000 } });
    expect(spec.port).toBe(9000);
    expect(spec.assumptions).toContain('entrypoint.sh binds Gunicorn to 8080 but the service declares 9000');
  });

  it('postgres.aliases come first and DATABASE_URL points at the first one', () => {
    // No --postgres-image / ENID_POSTGRES_IMAGE here: the config's image is used.
    const spec = withConfig({ 'docker-compose.yml': compose, '.env': SEED_ENV }, { postgres: { aliases: ['main-db'], image: 'cfg-pg' } }, { backingImages: {} });
    expect(pg(spec).aliases).toEqual(['main-db', 'postgres']);
    expect(pg(spec).image).toBe('cfg-pg');
    expect(spec.env.DATABASE_URL).toBe('postgresql://postgres:postgres@main-db:5432/orders');
  });

  it('service.env is applied last, over the wiring', () => {
    const spec = withConfig({ 'docker-compose.yml': compose, '.env': SEED_ENV }, { service: { env: { DEBUG: 'False', EXTRA_TOKEN: 't', DATABASE_URL: 'postgresql://x:y@z/w' } } });
    expect(spec.env.DEBUG).toBe('False');
    expect(spec.env.EXTRA_TOKEN).toBe('t');
    expect(spec.env.DATABASE_URL).toBe('postgresql://x:y@z/w');
    expect(spec.secretKeys).toContain('EXTRA_TOKEN');
  });

  it('name, health path, API roots, workdir and prebuilt image', () => {
    const spec = withConfig(
      { 'docker-compose.yml': compose, '.env': SEED_ENV, Dockerfile: undefined },
      { service: { name: 'Orders API', healthPath: '/health/', apiRoots: ['/v2/'], workdir: '/code', image: 'registry/orders:1' } },
    );
    expect(spec.name).toBe('orders-api');
    expect(spec.healthPath).toBe('/health/');
    expect(spec.apiRoots).toEqual(['/v2/']);
    expect(spec.workdir).toBe('/code');
    expect(spec.image).toEqual({ kind: 'image', image: 'registry/orders:1' });
  });

  it('--image wins over config.service.image', () => {
    const spec = withConfig({ Dockerfile: undefined }, { service: { image: 'cfg/img' } }, { image: 'flag/img' });
    expect(spec.image).toEqual({ kind: 'image', image: 'flag/img' });
  });
});

describe('buildServiceSpec: what CI-hostile compose settings do not change', () => {
  it('host ports, container_name and external networks leave the spec unchanged', () => {
    const a = build({ 'docker-compose.yml': seedCompose(), '.env': SEED_ENV });
    const b = build({ 'docker-compose.yml': seedCompose({ hostPort: '18086', containerName: 'ci_clash', networks: false }), '.env': SEED_ENV });
    const c = build({ 'docker-compose.yml': seedCompose({ ports: false, networks: false }), '.env': SEED_ENV });
    expect(a.port).toBe(8080);
    expect(b).toEqual(a);
    // Without `ports:` the same port comes from EXPOSE; only where it came from differs.
    expect({ ...c, portSource: a.portSource }).toEqual(a);
    expect([a.portSource, c.portSource]).toEqual(['compose', 'dockerfile']);
    const text = JSON.stringify(a);
    for (const hostOnly of ['8086', '5436', 'enid_service_network', 'orders_service', '_postgres']) expect(text).not.toContain(hostOnly);
  });
});

describe('buildServiceSpec: Django project', () => {
  it('finds the project package by settings.py and takes API roots from its urls.py', () => {
    const spec = build(
      {
        'core/settings.py': 'INSTALLED_APPS = []\n',
        'core/urls.py': "urlpatterns = [\n  path('admin/', admin.site.urls),\n  path('health/', health),\n  path('v1/', include('legacy.urls')),\n  path('api/v2/', include(router.urls)),\n]\n",
      },
      {},
      ['catalog', 'core'],
    );
    expect(spec.apiRoots).toEqual(['/api/v2/', '/v1/']);
    expect(spec.healthPath).toBe('/api/v2/');
    expect(spec.apps).toEqual(['orders', 'payments']);
  });

  it('no manage.py is an assumption; no coverage package means hasCoverage false', () => {
    const spec = build({ 'manage.py': undefined });
    expect(spec.assumptions).toContain('no manage.py in the service directory (two levels down): the container is asked where its code is');
    expect(spec.hasCoverage).toBe(false);
    expect(build({ 'requirements.txt': 'pytest-cov\n' }).hasCoverage).toBe(true);
  });

  it('without EXPOSE or compose port the entrypoint bind port is used, and said', () => {
    const spec = build({ Dockerfile: 'FROM python\n', 'entrypoint.sh': 'exec gunicorn --bind=0.0.0.0:8001 core.wsgi:application\n' });
    expect(spec.port).toBe(8001);
    expect(spec.assumptions).toContain('no EXPOSE or compose port: assuming the service listens on 8001');
  });
});
