import { parse as parseDotenv } from 'dotenv';
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { badInput } from '../errors.js';
import type { ServiceImage, ServiceSpec } from '../types.js';
import { applicationService } from './application-service.js';
import { ComposeParseError, parseCompose, type ComposeFile } from './compose.js';
import { parseDockerfile } from './dockerfile.js';
import { parseEntrypoint } from './entrypoint.js';
import { parseRequirements } from './requirements.js';
import { COMPOSE_NAMES, ENV_NAMES, findCodeDir, readServiceFiles, type ServiceFiles } from './service-files.js';
import type { BackingDiscovery } from '../backing/backing-module.js';
import { BACKING_MODULES, backingModule } from '../backing/registry.js';

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

/** Committed templates of an env file, in the order they are tried: `.env.example` for `.env`, and so on. */
export function templatesOf(envFile: string): string[] {
  const dir = path.dirname(envFile);
  const own = ['example', 'sample', 'template', 'dist'].map((s) => `${envFile}.${s}`);
  const siblings = path.basename(envFile) === '.env' ? ENV_NAMES.filter((n) => n !== '.env').map((n) => path.join(dir, n)) : [];
  return [...new Set([...own, ...siblings].map((f) => path.normalize(f)))];
}

/** The first committed template of a missing env file, when one is among the files read. */
function envTemplate(envFile: string, files: Record<string, string>): string | undefined {
  return templatesOf(path.normalize(envFile)).find((t) => files[t] !== undefined);
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

  // The service's own environment: env_file(s) (or the first .env* found), then compose `environment:`.
  const env: Record<string, string> = {};
  const envFiles = app?.envFiles.length ? app.envFiles.map((f) => path.normalize(f)) : [ENV_NAMES.find((n) => files[n] !== undefined)].filter((n): n is string => !!n);
  for (const f of envFiles) {
    const template = files[f] === undefined ? envTemplate(f, files) : undefined;
    if (files[f] !== undefined) Object.assign(env, parseDotenv(files[f]));
    else if (template) {
      // `.env` is in .gitignore and a clean clone (CI's) has only the template: do what a developer does.
      Object.assign(env, parseDotenv(files[template]!));
      assumptions.push(`env_file ${f} is missing (not committed?): read ${template} instead, as \`cp ${template} ${f}\` would`);
    } else assumptions.push(`env_file ${f} is missing; skipped`);
  }
  if (!app?.envFiles.length && envFiles[0] && envFiles[0] !== '.env') assumptions.push(`no .env: read ${envFiles[0]} instead`);
  Object.assign(env, app?.environment ?? {});

  // Image and Dockerfile.
  const contextRel = app?.build?.context ?? '.';
  const inContext = (name: string): string | undefined => files[path.normalize(path.join(contextRel, name))] ?? files[name];
  const dockerfileRel = path.normalize(path.join(contextRel, config.service?.dockerfile ?? app?.build?.dockerfile ?? 'Dockerfile'));
  const dockerfileText = files[dockerfileRel];
  const dockerfile = parseDockerfile(dockerfileText ?? '');
  const prebuilt = options.image ?? config.service?.image;
  let image: ServiceImage;
  if (prebuilt) image = { kind: 'image', image: prebuilt };
  else {
    if (dockerfileText === undefined) {
      throw badInput(`no Dockerfile in ${path.join(dir, contextRel)}`,
        'add the seed\'s Dockerfile (ARG PYTHON_VERSION, EXPOSE 8080, ENTRYPOINT entrypoint.sh) or pass --image IMG to use a prebuilt image');
    }
    const args: Record<string, string> = { ...(app?.build?.args ?? {}), ...(config.service?.buildArgs ?? {}) };
    if (options.pythonImage) {
      if ('PYTHON_VERSION' in dockerfile.args) args.PYTHON_VERSION = options.pythonImage;
      else assumptions.push('the Dockerfile declares no ARG PYTHON_VERSION: the python image override was not applied');
    }
    Object.assign(args, options.buildArgs ?? {});
    image = { kind: 'build', context: path.resolve(dir, contextRel), dockerfile: path.relative(contextRel, dockerfileRel), args };
  }

  // Port: declared by compose or EXPOSE; the entrypoint is checked against it (and at run time).
  const entry = parseEntrypoint(inContext('entrypoint.sh') ?? '');
  const declared = config.service?.port ?? app?.containerPorts[0] ?? dockerfile.exposedPorts[0];
  const port = declared ?? entry.bindPort ?? 8080;
  const portSource: ServiceSpec['portSource'] = config.service?.port ? 'config' : app?.containerPorts[0] ? 'compose' : dockerfile.exposedPorts[0] ? 'dockerfile' : entry.bindPort ? 'entrypoint' : 'default';
  if (declared === undefined) assumptions.push(`no EXPOSE or compose port: assuming the service listens on ${port}`);
  if (entry.bindPort !== undefined && entry.bindPort !== port) {
    assumptions.push(`entrypoint.sh binds Gunicorn to ${entry.bindPort} but the service declares ${port}`);
  }

  const requirements = parseRequirements(inContext('requirements.txt') ?? '');
  const backing: ServiceSpec['backing'] = {};
  for (const module of BACKING_MODULES) {
    const section = (config as Record<string, unknown>)[module.kind] as BackingDiscovery['config'] | undefined;
    const found = module.discover({
      ...(compose ? { compose: compose.file } : {}),
      appEnv: env, files, requirements, config: section ?? {},
      image: options.backingImages?.[module.kind] ?? section?.image ?? module.defaultImage,
      ...(options.backingEnabled?.[module.kind] !== undefined ? { enabled: options.backingEnabled[module.kind] } : {}),
      generatePassword: options.generatePassword,
      assumptions,
    });
    if (found) backing[module.kind] = found;
  }
  for (const [kind, spec] of Object.entries(backing)) backingModule(kind).wire(spec, env);
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

/** `path('api/', include(...))` prefixes in the project's urls.py, API-looking ones first. */
export function apiRootsFromUrls(urls: string | undefined): string[] {
  const found: string[] = [];
  for (const m of (urls ?? '').matchAll(/(?:path|re_path|url)\(\s*r?['"]\^?([^'"]*?)\$?['"]\s*,\s*include\(/g)) {
    const prefix = `/${m[1]!.replace(/^\//, '')}`;
    if (!/admin/.test(prefix)) found.push(prefix.endsWith('/') ? prefix : `${prefix}/`);
  }
  const roots = unique(found.sort((a, b) => Number(/api/.test(b)) - Number(/api/.test(a))));
  return roots.length ? roots : ['/api/'];
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

function sanitize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'service';
}
