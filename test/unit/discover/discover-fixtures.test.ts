import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, type DiscoverOptions } from '../../../src/discover/discover.js';
import { parseDatabaseUrl, parseRedisUrl } from '../../../src/backing/urls.js';
import { EnidError } from '../../../src/errors.js';
import type { ServiceSpec } from '../../../src/types.js';

/** A backing service's spec flattened (image, aliases, settings), null when the run does not start it. */
const flat = (b: ServiceSpec['backing'][string] | undefined): Record<string, unknown> | null => (b ? { image: b.image, aliases: b.aliases, ...b.settings } : null);
const pg = (s: ServiceSpec): Record<string, unknown> & { aliases: string[]; image: string } => flat(s.backing.postgres) as Record<string, unknown> & { aliases: string[]; image: string };
const rd = (s: ServiceSpec): (Record<string, unknown> & { aliases: string[]; image: string }) | null => flat(s.backing.redis) as (Record<string, unknown> & { aliases: string[]; image: string }) | null;

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (name: string): string => path.join(FIXTURES, name);

const options: DiscoverOptions = {
  backingImages: { postgres: 'pg-img', redis: 'redis-img' },
  pythonImage: 'py-img',
  generatePassword: () => 'generated-pw',
};

function discoverError(dir: string, extra: Partial<DiscoverOptions> = {}): EnidError {
  try {
    discover(dir, { ...options, ...extra });
  } catch (err) {
    if (err instanceof EnidError) return err;
    throw err;
  }
  throw new Error(`discover(${dir}) was expected to throw`);
}

describe('discover: fixtures/notes-redis (the seed, with Redis)', () => {
  const dir = fixture('notes-redis');
  const dotenv = parseDotenv(readFileSync(path.join(dir, '.env'), 'utf8'));
  const spec = discover(dir, options);

  it('names the service from SERVICENAME and builds it from its own Dockerfile with the python image', () => {
    expect(spec.name).toBe('notes');
    expect(spec.dir).toBe(path.resolve(dir));
    expect(spec.image).toEqual({ kind: 'build', context: path.resolve(dir), dockerfile: 'Dockerfile', args: { PYTHON_VERSION: 'py-img' } });
    expect(spec.port).toBe(8080);
    expect(spec.workdir).toBeUndefined();
    expect(spec.hostCodeDir).toBe(spec.dir);
    expect(spec.command).toBeUndefined();
  });

  it('uses Redis, with the compose service name as alias and the run image', () => {
    expect((rd(spec) !== null)).toBe(true);
    expect(rd(spec)).not.toBeNull();
    expect(rd(spec)!.image).toBe('redis-img');
    expect(rd(spec)!.aliases).toContain('redis');
    expect(rd(spec)!.aliases[0]).toBe('redis');
    expect(rd(spec)!.db).toBe(0);
    expect(spec.assumptions).toContain('uses Redis (django-redis, redis, compose service redis)');
  });

  it('takes the Postgres credentials of the fixture .env and keeps the alias postgres', () => {
    expect(dotenv.POSTGRES_USER).toBe('postgres');
    expect(pg(spec)).toEqual({
      image: 'pg-img',
      aliases: ['postgres'],
      user: dotenv.POSTGRES_USER,
      password: dotenv.POSTGRES_PASSWORD,
      database: dotenv.POSTGRES_DB,
    });
    expect(pg(spec)).toMatchObject({ user: 'postgres', password: 'postgres', database: 'notes' });
  });

  it('points DATABASE_URL and REDIS_URL at the run containers', () => {
    const db = parseDatabaseUrl(spec.env.DATABASE_URL!);
    expect(db).toEqual({ host: 'postgres', port: 5432, user: 'postgres', password: 'postgres', database: 'notes' });
    expect(spec.env.DATABASE_URL).toBe('postgresql://postgres:postgres@postgres:5432/notes');
    expect(parseRedisUrl(spec.env.REDIS_URL!)).toEqual({ host: 'redis', port: 6379, db: 0 });
    expect(spec.env.REDIS_URL).toBe('redis://redis:6379/0');
  });

  it('keeps the rest of the .env and the interpolated compose environment', () => {
    expect(spec.env.SECRET_KEY).toBe(dotenv.SECRET_KEY);
    expect(spec.env.ALLOWED_HOSTS).toBe('localhost,127.0.0.1');
    // compose: `- ENVIRONMENT=${ENVIRONMENT}` interpolated from .env
    expect(spec.env.ENVIRONMENT).toBe('development');
  });

  it('marks secrets and leaves plain settings out', () => {
    expect(spec.secretKeys).toEqual(expect.arrayContaining(['SECRET_KEY', 'DATABASE_URL', 'POSTGRES_PASSWORD']));
    expect(spec.secretKeys).not.toContain('DEBUG');
    expect(spec.secretKeys).not.toContain('ALLOWED_HOSTS');
  });

  it('reads apps from the entrypoint, coverage from requirements and API roots from app/urls.py', () => {
    expect(spec.apps).toEqual(['notes']);
    expect(spec.hasCoverage).toBe(true);
    expect(spec.apiRoots).toEqual(['/api/']);
    expect(spec.healthPath).toBe('/api/');
  });

  it('assumes nothing else', () => {
    expect(spec.assumptions).toEqual(['uses Redis (django-redis, redis, compose service redis)']);
  });
});

describe('discover: fixtures/library-pg (drift: core/, POSTGRES_*, db service)', () => {
  const dir = fixture('library-pg');
  const spec = discover(dir, options);

  it('uses the compose service name db as the first alias, keeping postgres too', () => {
    expect(pg(spec).aliases).toEqual(['db', 'postgres']);
    expect(pg(spec).image).toBe('pg-img');
  });

  it('takes the credentials from the db service environment', () => {
    expect(pg(spec)).toMatchObject({ user: 'library', password: 'library-secret', database: 'library' });
  });

  it('rewires the POSTGRES_* variables and adds no DATABASE_URL', () => {
    expect(spec.env).toMatchObject({
      POSTGRES_HOST: 'db',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'library',
      POSTGRES_PASSWORD: 'library-secret',
      POSTGRES_DB: 'library',
    });
    expect(spec.env).not.toHaveProperty('DATABASE_URL');
    expect(spec.env).not.toHaveProperty('REDIS_URL');
  });

  it('has no Redis', () => {
    expect((rd(spec) !== null)).toBe(false);
    expect(rd(spec)).toBeNull();
  });

  it('finds the project package core/ and the catalog app', () => {
    expect(spec.name).toBe('library');
    expect(spec.apps).toEqual(['catalog']);
    expect(spec.apiRoots).toEqual(['/api/']);
    expect(spec.port).toBe(8080);
    expect(spec.secretKeys).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'SECRET_KEY']));
    expect(spec.assumptions).toEqual([]);
  });
});

describe('discover: broken fixtures', () => {
  it('bad-compose: exit 2 naming the file and the line', () => {
    const err = discoverError(fixture('broken/bad-compose'));
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('ENID_BAD_INPUT');
    expect(err.phase).toBe('discover');
    expect(err.message).toMatch(/^docker-compose\.yml is not valid compose YAML \(line (\d+)\)/);
    const line = Number(/\(line (\d+)\)/.exec(err.message)![1]);
    // The unclosed `[` is on line 10; the parser notices it at line 10 or 11.
    expect(line).toBeGreaterThanOrEqual(10);
    expect(line).toBeLessThanOrEqual(11);
    expect(err.hint).toContain(path.join(fixture('broken/bad-compose'), 'docker-compose.yml'));
  });

  it('no-dockerfile: exit 2 with a hint about --image', () => {
    const err = discoverError(fixture('broken/no-dockerfile'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`no Dockerfile in ${path.resolve(fixture('broken/no-dockerfile'))}`);
    expect(err.hint).toContain('--image');
  });

  it('no-dockerfile with --image: the prebuilt image is used and no Dockerfile is needed', () => {
    const spec = discover(fixture('broken/no-dockerfile'), { ...options, image: 'prebuilt/items:1' });
    expect(spec.image).toEqual({ kind: 'image', image: 'prebuilt/items:1' });
    expect(spec.port).toBe(8080);
    expect(spec.name).toBe('no-dockerfile');
    // No Dockerfile read: the WORKDIR falls back to the seed's /app.
    expect(spec.workdir).toBeUndefined();
    expect(spec.hostCodeDir).toBe(spec.dir);
  });

  it('wrong-port: the port stays the declared one and the mismatch is an assumption', () => {
    const spec = discover(fixture('broken/wrong-port'), options);
    expect(spec.port).toBe(8080);
    expect(spec.assumptions).toContain('entrypoint.sh binds Gunicorn to 9090 but the service declares 8080');
  });

  it.each(['crash-entrypoint', 'failing-migration', 'failing-tests', 'buggy-endpoint'])('%s is readable (its failure is at run time)', (name) => {
    const spec = discover(fixture(`broken/${name}`), options);
    expect(spec.port).toBe(8080);
    expect(spec.image.kind).toBe('build');
    expect(pg(spec).aliases).toEqual(['postgres']);
    expect(spec.env.DATABASE_URL).toMatch(/^postgresql:\/\/postgres:postgres@postgres:5432\/\w+$/);
  });
});

/** Every file and directory under `dir`: mtime, size and a content hash. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string): void => {
    const st = statSync(abs);
    if (st.isDirectory()) {
      out.set(path.relative(dir, abs) || '.', `dir ${st.mtimeMs} ${readdirSync(abs).sort().join(',')}`);
      for (const name of readdirSync(abs)) walk(path.join(abs, name));
    } else {
      out.set(path.relative(dir, abs), `file ${st.mtimeMs} ${st.size} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

describe('discover never writes into the service directory', () => {
  const names = ['notes-redis', 'library-pg', 'broken/bad-compose', 'broken/no-dockerfile', 'broken/wrong-port'];

  it.each(names)('%s: files, directories and mtimes are unchanged', (name) => {
    const dir = fixture(name);
    const before = snapshot(dir);
    expect(before.size).toBeGreaterThan(5);
    try {
      discover(dir, options);
    } catch (err) {
      if (!(err instanceof EnidError)) throw err;
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('discover on temporary trees', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });
  const tree = (files: Record<string, string>): string => {
    tmp = mkdtempSync(path.join(tmpdir(), 'enid-discover-'));
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(tmp, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
    return tmp;
  };

  it('reads config.service.dockerfile even when it is not a top-level Dockerfile', () => {
    const dir = tree({
      'docker/Dockerfile.prod': 'ARG PYTHON_VERSION\nFROM ${PYTHON_VERSION}\nWORKDIR /srv/app\nEXPOSE 8000\n',
      'manage.py': '',
    });
    const spec: ServiceSpec = discover(dir, { ...options, config: { service: { dockerfile: 'docker/Dockerfile.prod' } } });
    expect(spec.image).toEqual({ kind: 'build', context: dir, dockerfile: 'docker/Dockerfile.prod', args: { PYTHON_VERSION: 'py-img' } });
    expect(spec.port).toBe(8000);
    expect(spec.workdir).toBeUndefined();
  });

  it('reads env_file entries and the Dockerfile of a build context in a subfolder', () => {
    const dir = tree({
      'docker-compose.yml': [
        'services:',
        '  api:',
        '    build:',
        '      context: ./service',
        '      dockerfile: Dockerfile.dev',
        '    env_file: [config/app.env]',
        '    depends_on: [postgres]',
        '  postgres:',
        '    image: postgres:16',
        '    env_file: config/db.env',
      ].join('\n'),
      'service/Dockerfile.dev': 'FROM python:3.12\nWORKDIR /code\nEXPOSE 8123\n',
      'service/entrypoint.sh': 'python manage.py makemigrations shop\ngunicorn -b 0.0.0.0:8123 core.wsgi:application\n',
      'service/requirements.txt': 'Django\nredis\ncoverage\n',
      'service/manage.py': '',
      'config/app.env': 'DATABASE_URL=postgresql://a:b@postgres:5432/c\nSECRET_KEY=k\n',
      'config/db.env': 'POSTGRES_USER=shop\nPOSTGRES_PASSWORD=shop-pw\nPOSTGRES_DB=shop\n',
    });
    const spec = discover(dir, options);
    expect(spec.image).toEqual({ kind: 'build', context: path.join(dir, 'service'), dockerfile: 'Dockerfile.dev', args: {} });
    expect(spec.port).toBe(8123);
    expect(spec.workdir).toBeUndefined();
    expect(pg(spec)).toMatchObject({ user: 'shop', password: 'shop-pw', database: 'shop' });
    expect(spec.env.DATABASE_URL).toBe('postgresql://shop:shop-pw@postgres:5432/shop');
    expect(spec.env.SECRET_KEY).toBe('k');
    expect(spec.apps).toEqual(['shop']);
    expect((rd(spec) !== null)).toBe(true);
    expect(spec.hasCoverage).toBe(true);
    expect(spec.assumptions).toEqual([
      'the Dockerfile declares no ARG PYTHON_VERSION: the python image override was not applied',
      'uses Redis (redis)',
    ]);
  });
});
