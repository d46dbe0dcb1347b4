import { describe, expect, it } from 'vitest';
import { applicationService } from '../../../src/discover/application-service.js';
import { ComposeParseError, interpolate, parseCompose } from '../../../src/discover/compose.js';
import { postgresModule } from '../../../src/backing/postgres.js';
import { REDIS_PACKAGES, redisModule } from '../../../src/backing/redis.js';
import { apiRootsFromUrls } from '../../../src/discover/discover.js';
import { parseDockerfile } from '../../../src/discover/dockerfile.js';
import { parseEntrypoint } from '../../../src/discover/entrypoint.js';
import { parseRequirements } from '../../../src/discover/requirements.js';
import { formatDatabaseUrl, parseDatabaseUrl, parseRedisUrl } from '../../../src/backing/urls.js';

const lines = (...l: string[]): string => l.join('\n');

describe('parseDockerfile', () => {
  it('EXPOSE: /tcp and /udp suffixes, several ports on one line, several instructions', () => {
    const info = parseDockerfile(lines('FROM python', 'EXPOSE 8080/tcp 9000', 'expose 7000/udp', 'EXPOSE $PORT'));
    expect(info.exposedPorts).toEqual([8080, 9000, 7000]);
  });

  it('ARG with and without default, quoted defaults', () => {
    const info = parseDockerfile(lines('ARG PYTHON_VERSION=python:3.12-alpine', 'ARG BUILD_ENV', 'ARG GREETING="hello world"', "ARG SINGLE='x'", 'FROM ${PYTHON_VERSION}'));
    expect(info.args).toEqual({ PYTHON_VERSION: 'python:3.12-alpine', BUILD_ENV: '', GREETING: 'hello world', SINGLE: 'x' });
  });

  it('WORKDIR: relative after absolute is joined; a later absolute one replaces it', () => {
    expect(parseDockerfile(lines('FROM a', 'WORKDIR /srv/', 'WORKDIR app')).workdir).toBe('/srv/app');
    expect(parseDockerfile(lines('FROM a', 'WORKDIR /srv', 'WORKDIR app', 'WORKDIR src')).workdir).toBe('/srv/app/src');
    expect(parseDockerfile(lines('FROM a', 'WORKDIR /srv', 'WORKDIR "/code"')).workdir).toBe('/code');
    expect(parseDockerfile('FROM a').workdir).toBeUndefined();
  });

  it('joins line continuations, also across a leading comment', () => {
    const info = parseDockerfile(lines(
      '# syntax=docker/dockerfile:1',
      'FROM python',
      'RUN apk add --no-cache \\',
      '    build-base \\',
      '    postgresql-dev',
      'EXPOSE 8080 \\',
      '  8443',
      'ENTRYPOINT ["/app/entrypoint.sh", \\',
      '  "--verbose"]',
    ));
    expect(info.exposedPorts).toEqual([8080, 8443]);
    expect(info.entrypoint).toEqual(['/app/entrypoint.sh', '--verbose']);
  });

  it('ENTRYPOINT / CMD: exec form parsed as JSON, shell form wrapped in /bin/sh -c', () => {
    const exec = parseDockerfile(lines('ENTRYPOINT ["/app/entrypoint.sh"]', 'CMD ["gunicorn", "-b", "0.0.0.0:8080", "app.wsgi"]'));
    expect(exec.entrypoint).toEqual(['/app/entrypoint.sh']);
    expect(exec.cmd).toEqual(['gunicorn', '-b', '0.0.0.0:8080', 'app.wsgi']);
    const shell = parseDockerfile(lines('ENTRYPOINT /app/entrypoint.sh', 'CMD gunicorn app.wsgi'));
    expect(shell.entrypoint).toEqual(['/bin/sh', '-c', '/app/entrypoint.sh']);
    expect(shell.cmd).toEqual(['/bin/sh', '-c', 'gunicorn app.wsgi']);
    // An invalid JSON array is shell form, as Docker treats it.
    expect(parseDockerfile("CMD ['gunicorn']").cmd).toEqual(['/bin/sh', '-c', "['gunicorn']"]);
  });

  it('the seed Dockerfile', () => {
    const info = parseDockerfile(lines(
      '# Utiliza Python 3.8 Alpine como imagen base',
      'ARG PYTHON_VERSION=python:3.8-alpine',
      'FROM ${PYTHON_VERSION}',
      'RUN apk add --no-cache build-base',
      'WORKDIR /app',
      'COPY requirements.txt /app/',
      'EXPOSE 8080',
      'ENTRYPOINT ["/app/entrypoint.sh"]',
    ));
    expect(info).toEqual({ exposedPorts: [8080], args: { PYTHON_VERSION: 'python:3.8-alpine' }, workdir: '/app', entrypoint: ['/app/entrypoint.sh'] });
  });

  it('empty text has no ports, args or workdir', () => {
    expect(parseDockerfile('')).toEqual({ exposedPorts: [], args: {} });
  });
});

describe('parseEntrypoint', () => {
  it('the seed entrypoint: apps of makemigrations, bind port, wsgi module, watchmedo', () => {
    const info = parseEntrypoint(lines(
      '#!/bin/sh',
      'python manage.py makemigrations',
      'python manage.py makemigrations notes billing users',
      'python manage.py migrate',
      'watchmedo auto-restart --directory=./ --pattern=*.py --recursive -- gunicorn -b 0.0.0.0:8080 app.wsgi:application',
    ));
    expect(info).toEqual({ apps: ['notes', 'billing', 'users'], bindPort: 8080, wsgi: 'app.wsgi:application', usesWatchmedo: true });
  });

  it('--bind=HOST:PORT and --bind :PORT, wsgi module of another package, no watchmedo', () => {
    expect(parseEntrypoint('exec gunicorn core.wsgi:application --bind=0.0.0.0:8000 --workers 3')).toEqual({
      apps: [],
      bindPort: 8000,
      wsgi: 'core.wsgi:application',
      usesWatchmedo: false,
    });
    expect(parseEntrypoint('gunicorn --bind ":9090" app.wsgi:application').bindPort).toBe(9090);
    expect(parseEntrypoint("gunicorn -b '127.0.0.1:7000' app.wsgi:application").bindPort).toBe(7000);
  });

  it('the bind address is not taken for the wsgi module', () => {
    expect(parseEntrypoint('gunicorn -b 0.0.0.0:8080 app.wsgi:application').wsgi).toBe('app.wsgi:application');
    expect(parseEntrypoint('gunicorn --bind 0.0.0.0:8080 --chdir src').wsgi).toBeUndefined();
  });

  it('makemigrations options and chained commands are not apps', () => {
    const info = parseEntrypoint(lines(
      'python manage.py makemigrations --noinput orders && python manage.py migrate',
      'python3 manage.py makemigrations payments; echo done',
      'python manage.py makemigrations shipping || exit 1',
      'python manage.py makemigrations orders # again',
    ));
    expect(info.apps).toEqual(['orders', 'payments', 'shipping']);
  });

  it('commented lines are ignored; a gunicorn line without bind leaves bindPort undefined', () => {
    const info = parseEntrypoint(lines('# gunicorn -b 0.0.0.0:9999 old.wsgi:application', '# python manage.py makemigrations legacy', 'gunicorn app.wsgi:application'));
    expect(info.bindPort).toBeUndefined();
    expect(info.apps).toEqual([]);
    expect(info.wsgi).toBe('app.wsgi:application');
  });

  it('-b outside a gunicorn line is not a bind', () => {
    expect(parseEntrypoint('tar -b 0.0.0.0:20 x').bindPort).toBeUndefined();
  });
});

describe('parseRequirements', () => {
  it('normalises names, drops versions, extras, markers, comments and option lines', () => {
    const names = parseRequirements(lines(
      '# Core',
      'Django==4.2.7',
      'djangorestframework>=3.14  # API',
      'Django_Redis==5.4.0',
      'celery[redis]>=5.3',
      'pywin32>=306; sys_platform == "win32"',
      'zope.interface',
      'Some__Weird..Name',
      '-r base.txt',
      '--index-url https://example.invalid/simple',
      '-e git+https://example.invalid/pkg.git#egg=pkg',
      '',
      '   coverage   ',
      'pkg @ https://example.invalid/pkg.whl',
    ));
    expect([...names].sort()).toEqual(['celery', 'coverage', 'django', 'django-redis', 'djangorestframework', 'pkg', 'pywin32', 'some-weird-name', 'zope-interface']);
  });

  it('Redis packages are the normalised names', () => {
    expect(REDIS_PACKAGES).toContain('django-redis');
    expect(parseRequirements('Django_Redis').has('django-redis')).toBe(true);
    expect(parseRequirements('django.redis').has('django-redis')).toBe(true);
  });

  it('a comment line naming a package does not count', () => {
    expect(parseRequirements('# redis==5.0.1').size).toBe(0);
  });
});

describe('connection URLs', () => {
  it('parseDatabaseUrl: seed URL, default port, driver suffix, non-postgres rejected', () => {
    expect(parseDatabaseUrl('postgresql://postgres:postgres@postgres:5432/dbname')).toEqual({ host: 'postgres', port: 5432, user: 'postgres', password: 'postgres', database: 'dbname' });
    expect(parseDatabaseUrl('postgres://u@db/x')).toEqual({ host: 'db', port: 5432, user: 'u', password: undefined, database: 'x' });
    expect(parseDatabaseUrl('postgresql+psycopg2://u:p@db:6543/x')?.port).toBe(6543);
    expect(parseDatabaseUrl('pgsql://u:p@db/x')?.host).toBe('db');
    expect(parseDatabaseUrl('mysql://u:p@db/x')).toBeUndefined();
    expect(parseDatabaseUrl('sqlite:///db.sqlite3')).toBeUndefined();
    expect(parseDatabaseUrl('not a url')).toBeUndefined();
    expect(parseDatabaseUrl('postgres://db')).toEqual({ host: 'db', port: 5432, user: undefined, password: undefined, database: undefined });
  });

  it('formatDatabaseUrl / parseDatabaseUrl round-trip a password and names with reserved characters', () => {
    const db = { host: 'postgres', port: 5432, user: 'app user', password: 'p@ss:w/rd%#?&=+ é', database: 'my db' };
    const url = formatDatabaseUrl(db);
    expect(url).toBe('postgresql://app%20user:p%40ss%3Aw%2Frd%25%23%3F%26%3D%2B%20%C3%A9@postgres:5432/my%20db');
    expect(parseDatabaseUrl(url)).toEqual(db);
  });

  it('a malformed percent escape in a hand-written URL is kept, not thrown', () => {
    expect(parseDatabaseUrl('postgres://u:100%@db/x')?.password).toBe('100%');
  });

  it('parseRedisUrl: db index, default port and db, non-redis rejected', () => {
    expect(parseRedisUrl('redis://redis:6379/1')).toEqual({ host: 'redis', port: 6379, db: 1 });
    expect(parseRedisUrl('rediss://:secret@cache:6380')).toEqual({ host: 'cache', port: 6380, db: 0 });
    expect(parseRedisUrl('redis://redis')).toEqual({ host: 'redis', port: 6379, db: 0 });
    expect(parseRedisUrl('memcached://m:11211')).toBeUndefined();
    expect(parseRedisUrl('redis')).toBeUndefined();
  });
});

describe('interpolate (compose variable substitution)', () => {
  const vars = { A: 'a', EMPTY: '' };

  it('$$ is a literal $', () => {
    expect(interpolate('cost $$5 and $$A', vars)).toBe('cost $5 and $A');
  });

  it('${VAR} and $VAR; unset is empty', () => {
    expect(interpolate('${A}-$A-${NOPE}-$NOPE', vars)).toBe('a-a--');
  });

  it('${VAR-default}: default only when unset', () => {
    expect(interpolate('${A-b}', vars)).toBe('a');
    expect(interpolate('${NOPE-b}', vars)).toBe('b');
    expect(interpolate('${EMPTY-b}', vars)).toBe('');
  });

  it('${VAR:-default}: default when unset or empty', () => {
    expect(interpolate('${A:-b}', vars)).toBe('a');
    expect(interpolate('${NOPE:-b}', vars)).toBe('b');
    expect(interpolate('${EMPTY:-b}', vars)).toBe('b');
    expect(interpolate('${EMPTY:-}', vars)).toBe('');
  });

  it('text without variables is unchanged', () => {
    expect(interpolate('postgres://u:p@h/db?x=1', vars)).toBe('postgres://u:p@h/db?x=1');
  });
});

describe('parseCompose', () => {
  it('entrypoint: [] and entrypoint: \'\' clear the image\'s ENTRYPOINT; null or absent keep it', () => {
    const of = (value: string): string[] | undefined => parseCompose(lines('services:', '  web:', '    build: .', ...(value ? [`    entrypoint: ${value}`] : []))).services[0]!.entrypoint;
    expect(of('[]')).toEqual([]);
    expect(of("''")).toEqual([]);
    expect(of('null')).toBeUndefined();
    expect(of('')).toBeUndefined();
    expect(of('["/wait.sh", "--"]')).toEqual(['/wait.sh', '--']);
  });

  it('reduces services: build forms, env_file forms, ports, depends_on forms, command, healthcheck', () => {
    const compose = parseCompose(lines(
      'services:',
      '  web:',
      '    build: ./${DIR}',
      '    env_file: [.env, {path: ./extra.env, required: false}]',
      '    ports: ["127.0.0.1:8086:8080/tcp", "9000", {target: 7000, published: 17000}, 6000]',
      '    depends_on: {db: {condition: service_healthy}}',
      '    command: ["gunicorn", "${MODULE}"]',
      '  db:',
      '    image: postgres:${PG:-16}-alpine',
      '    env_file: .env',
      '    healthcheck: {test: [CMD, pg_isready]}',
      '    command: postgres -c fsync=off',
    ), { DIR: 'src', MODULE: 'app.wsgi' });
    expect(compose.services).toEqual([
      {
        name: 'web',
        image: undefined,
        build: { context: './src', args: {} },
        environment: {},
        envFiles: ['.env', './extra.env'],
        command: ['gunicorn', 'app.wsgi'],
        containerPorts: [8080, 9000, 7000, 6000],
        dependsOn: ['db'],
        hasHealthcheck: false,
      },
      {
        name: 'db',
        image: 'postgres:16-alpine',
        build: undefined,
        environment: {},
        envFiles: ['.env'],
        command: ['postgres', '-c', 'fsync=off'],
        containerPorts: [],
        dependsOn: [],
        hasHealthcheck: true,
      },
    ]);
  });

  it('invalid YAML is a ComposeParseError with the line', () => {
    let error: unknown;
    try {
      parseCompose(lines('services:', '  web:', '    ports: ["8080:8080"', '    build: .'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ComposeParseError);
    expect((error as ComposeParseError).line).toBeGreaterThanOrEqual(3);
  });

  it('no services mapping is a ComposeParseError', () => {
    expect(() => parseCompose('version: "3"\n')).toThrow(new ComposeParseError('no `services:` mapping at the top level'));
    expect(() => parseCompose('')).toThrow(ComposeParseError);
  });

  it('recognises backing services by image or, when not built, by name', () => {
    const { services } = parseCompose(lines(
      'services:',
      '  api: {build: ., depends_on: [database]}',
      '  worker: {build: ./worker}',
      '  database: {image: "bitnami/postgresql:16"}',
      '  cache: {image: "valkey/valkey:8"}',
      '  pg: {build: ./pg}',
      '  redis: {}',
    ));
    const byName = Object.fromEntries(services.map((s) => [s.name, s]));
    expect(postgresModule.matches(byName.database!)).toBe(true);
    expect(postgresModule.matches(byName.pg!)).toBe(false);
    expect(postgresModule.matches(byName.api!)).toBe(false);
    expect(redisModule.matches(byName.cache!)).toBe(true);
    expect(redisModule.matches(byName.redis!)).toBe(true);
    expect(applicationService({ services })?.name).toBe('api');
    expect(applicationService({ services: services.filter((s) => s.name !== 'api') })?.name).toBe('worker');
    expect(applicationService({ services: [byName.database!] })).toBeUndefined();
  });
});

describe('apiRootsFromUrls', () => {
  it('include() prefixes, API-looking first, admin left out, trailing slash added', () => {
    const urls = lines(
      'urlpatterns = [',
      "    path('admin/', include(admin_urls)),",
      "    path('health/', views.health),",
      "    path('web/', include('web.urls')),",
      "    path(\"api/v1\", include(router.urls)),",
      "    re_path(r'^api/v2/$', include('v2.urls')),",
      "    url(r'^legacy/', include('legacy.urls')),",
      ']',
    );
    expect(apiRootsFromUrls(urls)).toEqual(['/api/v1/', '/api/v2/', '/web/', '/legacy/']);
  });

  it('an empty prefix is the site root; duplicates collapse', () => {
    expect(apiRootsFromUrls("path('', include(router.urls))\npath('', include(other.urls))")).toEqual(['/']);
  });

  it('never takes a root from a docstring or a comment (Django\'s urls.py template documents blog/)', () => {
    const urls = lines(
      '"""app URL Configuration',
      'Including another URLconf',
      "    1. Import the include() function: from django.urls import include, path",
      "    2. Add a URL to urlpatterns:  path('blog/', include('blog.urls'))",
      '"""',
      'urlpatterns = [',
      "    # path('old/', include('old.urls')),",
      "    path('v1/', include('shop.urls')),  # '#' in a comment",
      "    path('x#y/', include('odd.urls')),",
      ']',
    );
    expect(apiRootsFromUrls(urls)).toEqual(['/v1/', '/x#y/']);
  });

  it('defaults to /api/ when nothing is found', () => {
    expect(apiRootsFromUrls(undefined)).toEqual(['/api/']);
    expect(apiRootsFromUrls("urlpatterns = [path('health/', health)]")).toEqual(['/api/']);
  });
});
