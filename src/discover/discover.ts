import { parse as parseDotenv } from 'dotenv';
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { badInput } from '../errors.js';
import type { ServiceSpec } from '../types.js';
import { applicationService } from './application-service.js';
import { ComposeParseError, parseCompose, type ComposeFile } from './compose.js';
import { parseEntrypoint } from './entrypoint.js';
import { parseRequirements } from './requirements.js';
import { discoverBacking } from './backing-specs.js';
import { envTemplate, serviceEnv, templatesOf } from './env-files.js';
import { declaredPort, serviceImage } from './service-image.js';
import { COMPOSE_NAMES, findCodeDir, readServiceFiles, type ServiceFiles } from './service-files.js';

export interface DiscoverOptions {
  /**
   * Image per backing service kind, as resolveOptions decided it (flag, ENID_<KIND>_IMAGE, `<kind>.image`,
   * the module's default); a kind missing here falls back to the config section, then the default.
   */
  backingImages?: Record<string, string>;
  /** Base image passed as the PYTHON_VERSION build arg when the Dockerfile declares it. */
  pythonImage?: string;
  buildArgs?: Record<string, string>;
  /** `--redis` / `--no-redis` for optional backing services: overrides what discovery decides. */
  backingEnabled?: Record<string, boolean>;
  /** --image: a prebuilt service image instead of building. */
  image?: string;
  config?: EnidConfig;
  /** Source of per-run credentials when the harness chooses them (injected: discovery stays pure). */
  generatePassword: () => string;
}

const CONTEXT_FILES = ['entrypoint.sh', 'requirements.txt', 'manage.py'];
const SECRET_KEY_PATTERN = /SECRET|PASSWORD|PASSWD|TOKEN|KEY|CREDENTIAL|(^|_)PASS$|_DSN$/i;

/** Reads a service directory and returns what it takes to boot it. Never writes to the directory. */
export function discover(dir: string, options: DiscoverOptions): ServiceSpec {
  const abs = path.resolve(dir);
  const first = readServiceFiles(abs);
  const compose = composeOf(first);
  const extra = compose ? referencedFiles(compose.file, compose.name) : [];
  // config.service.dockerfile is read relative to the build context, like compose's `dockerfile:`.
  const configDockerfile = options.config?.service?.dockerfile;
  if (configDockerfile) {
    const context = (compose ? applicationService(compose.file)?.build?.context : undefined) ?? '.';
    extra.push(path.normalize(path.join(context, configDockerfile)));
  }
  // Where manage.py is (the code may live in a subfolder): read so the pure part can see it.
  const code = findCodeDir(abs);
  if (code) extra.push(path.relative(abs, path.join(code, 'manage.py')));
  const files = extra.length ? readServiceFiles(abs, extra) : first;
  return buildServiceSpec(files, options);
}

function composeOf(files: ServiceFiles): { name: string; file: ComposeFile } | undefined {
  const name = COMPOSE_NAMES.find((n) => files.files[n] !== undefined);
  if (!name) return undefined;
  // Compose interpolates from .env; a clean clone often has only its committed template.
  const dotenv = files.files['.env'] ?? files.files[envTemplate('.env', files.files) ?? ''];
  const vars = dotenv ? parseDotenv(dotenv) : {};
  try {
    return { name, file: parseCompose(files.files[name]!, vars) };
  } catch (err) {
    if (err instanceof ComposeParseError) {
      throw badInput(`${name} is not valid compose YAML${err.line ? ` (line ${err.line})` : ''}: ${err.message}`,
        `fix ${path.join(files.dir, name)}; \`docker compose config\` shows the same error`);
    }
    throw err;
  }
}

function referencedFiles(compose: ComposeFile, composeName: string): string[] {
  const base = path.dirname(composeName);
  const out: string[] = [];
  for (const s of compose.services) {
    for (const f of s.envFiles) out.push(...[f, ...templatesOf(f)].map((x) => path.normalize(path.join(base, x))));
    if (s.build) out.push(path.normalize(path.join(base, s.build.context, s.build.dockerfile ?? 'Dockerfile')));
    // A build context in a subfolder holds the sources: its entrypoint, requirements and manage.py.
    if (s.build) for (const f of CONTEXT_FILES) out.push(path.normalize(path.join(base, s.build.context, f)));
  }
  return out;
}

/** Pure: turns the files of a service directory into a ServiceSpec and the assumptions made. */
export function buildServiceSpec(service: ServiceFiles, options: DiscoverOptions): ServiceSpec {
  const { files, dir } = service;
  const config = options.config ?? {};
  const assumptions: string[] = [];
  const compose = composeOf(service);
  const app = compose ? applicationService(compose.file) : undefined;
  if (compose && !app) assumptions.push(`${compose.name} has no service with \`build:\`; using the service directory as the build context`);
  if (!compose) assumptions.push('no docker-compose.yml: backing services use the seed\'s names (postgres, redis) and credentials generated for this run');

  const env = serviceEnv(app, files, assumptions);
  const { image, contextRel, dockerfile } = serviceImage({ dir, files, app, config, options, assumptions });
  const inContext = (name: string): string | undefined => files[path.normalize(path.join(contextRel, name))] ?? files[name];
  // Port: declared by compose or EXPOSE; the entrypoint is checked against it (and at run time).
  const entry = parseEntrypoint(inContext('entrypoint.sh') ?? '');
  const { port, portSource } = declaredPort(config, app, dockerfile, entry.bindPort, assumptions);
  const requirements = parseRequirements(inContext('requirements.txt') ?? '');
  const backing = discoverBacking({ compose: compose?.file, env, files, requirements, config, options, assumptions });
  Object.assign(env, config.service?.env ?? {});

  const project = service.dirs.find((d) => files[path.join(d, 'settings.py')] !== undefined);
  const contextDir = image.kind === 'build' ? image.context : dir;
  const codeDir = codeDirOf(files, contextRel, dir);
  if (!codeDir) assumptions.push('no manage.py in the service directory (two levels down): the container is asked where its code is');
  else if (codeDir !== contextDir) assumptions.push(`the code is in ${path.relative(dir, codeDir) || '.'} (its manage.py); it is matched to the manage.py the container has`);
  const apiRoots = config.service?.apiRoots ?? apiRootsFromUrls(project ? files[path.join(project, 'urls.py')] : undefined);
  const name = sanitize(config.service?.name ?? env.SERVICENAME ?? path.basename(dir));

  return {
    name,
    dir,
    image,
    port,
    portSource,
    ...(config.service?.workdir ? { workdir: config.service.workdir } : {}),
    hostCodeDir: codeDir ?? contextDir,
    healthPath: config.service?.healthPath ?? apiRoots[0] ?? '/',
    apiRoots,
    env,
    secretKeys: Object.keys(env).filter((k) => SECRET_KEY_PATTERN.test(k) || /:\/\/[^/]*:[^@/]+@/.test(env[k]!)),
    command: app?.command,
    ...(app?.entrypoint ? { entrypoint: app.entrypoint } : {}),
    backing,
    apps: entry.apps,
    hasCoverage: requirements.has('coverage') || requirements.has('pytest-cov'),
    assumptions,
  };
}

/** The host directory with manage.py: in the build context first, the shallowest one otherwise. */
function codeDirOf(files: Record<string, string>, contextRel: string, dir: string): string | undefined {
  const found = Object.keys(files).filter((f) => path.basename(f) === 'manage.py').map((f) => path.dirname(f));
  const inContext = found.filter((d) => d === path.normalize(contextRel) || d.startsWith(`${path.normalize(contextRel)}/`) || contextRel === '.');
  const pick = [...(inContext.length ? inContext : found)].sort((a, b) => a.split('/').length - b.split('/').length)[0];
  return pick === undefined ? undefined : path.resolve(dir, pick);
}

/**
 * `path('api/', include(...))` prefixes in the project's urls.py, API-looking ones first — from its code
 * only: Django's own urls.py template documents `path('blog/', include('blog.urls'))` in its docstring.
 * Only a fallback before anything runs: the probe's URLconf is the truth once the service is up.
 */
export function apiRootsFromUrls(urls: string | undefined): string[] {
  const found: string[] = [];
  for (const m of pythonCode(urls ?? '').matchAll(/(?:path|re_path|url)\(\s*r?['"]\^?([^'"]*?)\$?['"]\s*,\s*include\(/g)) {
    const prefix = `/${m[1]!.replace(/^\//, '')}`;
    if (!/admin/.test(prefix)) found.push(prefix.endsWith('/') ? prefix : `${prefix}/`);
  }
  const roots = unique(found.sort((a, b) => Number(/api/.test(b)) - Number(/api/.test(a))));
  return roots.length ? roots : ['/api/'];
}

/**
 * Python source without its comments and its docstrings / other triple-quoted strings (single-quoted
 * strings stay: they are the routes). A scan, not a parser: enough for a urls.py.
 */
export function pythonCode(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const triple = source.slice(i, i + 3);
    if (triple === '"""' || triple === "'''") {
      const end = source.indexOf(triple, i + 3);
      i = end < 0 ? source.length : end + 3;
      out += ' ';
    } else if (c === '#') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === '"' || c === "'") {
      // A one-line string literal, escapes included, copied as it is (a # inside it is no comment).
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

function sanitize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'service';
}
