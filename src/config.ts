/** `enid.config.ts` / `enid.config.json` in a service directory: everything is optional. */
export interface EnidConfig {
  service?: {
    name?: string;
    /** Port the service listens on inside its container (default: compose/EXPOSE, else 8080). */
    port?: number;
    /** Path polled until the service answers (default: the first API root). */
    healthPath?: string;
    /** DRF API roots to discover endpoints from (default: found in urls.py, else /api/). */
    apiRoots?: string[];
    /** Use this prebuilt image instead of building the Dockerfile. */
    image?: string;
    dockerfile?: string;
    buildArgs?: Record<string, string>;
    /** Extra or replaced environment variables for the service container. */
    env?: Record<string, string>;
    workdir?: string;
    /** Maximum time for the service to answer after its container started. */
    bootTimeoutMs?: number;
  };
  postgres?: { image?: string; user?: string; password?: string; database?: string; aliases?: string[] };
  redis?: { image?: string; enabled?: boolean; aliases?: string[] };
  seed?: {
    rows?: number;
    seed?: number;
    concurrency?: number;
    /** Run `manage.py create_test_data` inside the container as well. */
    createTestData?: boolean;
    /** Endpoint paths not to seed. */
    skip?: string[];
  };
  flows?: {
    /** Endpoint paths to leave out of the generated CRUD flows. */
    skip?: string[];
    /** Header sent with every request, e.g. { name: 'Authorization', value: 'Token abc' }. */
    authHeader?: { name: string; value: string };
    /**
     * A superuser created in the container (`manage.py createsuperuser --noinput`) whose credentials go
     * with every request as HTTP Basic; the password is generated per run unless given.
     */
    superuser?: { username: string; password?: string };
  };
  suites?: { include?: string[] };
  timing?: {
    auto?: boolean;
    minSpeedup?: number;
    maxRequests?: number;
    endpoints?: Array<{
      path: string;
      minSpeedup?: number;
      /** A write that must invalidate the cached response. */
      invalidate?: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown };
    }>;
  };
  coverage?: {
    enabled?: boolean;
    /** Test command run under coverage, e.g. ['-m', 'pytest'] (default: manage.py test). */
    command?: string[];
    minCoverage?: number;
    e2e?: boolean;
  };
}

/** Typed helper for `enid.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(config: EnidConfig): EnidConfig {
  return config;
}

type Rule = 'string' | 'number' | 'boolean' | 'string[]' | 'record' | 'unknown' | { [key: string]: Rule } | [Rule];

const endpointRule: Rule = {
  path: 'string',
  minSpeedup: 'number',
  invalidate: { method: 'string', path: 'string', body: 'unknown' },
};

const schema: Rule = {
  service: {
    name: 'string', port: 'number', healthPath: 'string', apiRoots: 'string[]', image: 'string', dockerfile: 'string',
    buildArgs: 'record', env: 'record', workdir: 'string', bootTimeoutMs: 'number',
  },
  postgres: { image: 'string', user: 'string', password: 'string', database: 'string', aliases: 'string[]' },
  redis: { image: 'string', enabled: 'boolean', aliases: 'string[]' },
  seed: { rows: 'number', seed: 'number', concurrency: 'number', createTestData: 'boolean', skip: 'string[]' },
  flows: { skip: 'string[]', authHeader: { name: 'string', value: 'string' }, superuser: { username: 'string', password: 'string' } },
  suites: { include: 'string[]' },
  timing: { auto: 'boolean', minSpeedup: 'number', maxRequests: 'number', endpoints: [endpointRule] },
  coverage: { enabled: 'boolean', command: 'string[]', minCoverage: 'number', e2e: 'boolean' },
};

/**
 * Checks a loaded config against the schema and returns the problems, each naming the key path
 * (`timing.endpoints[0].minSpeedup must be a number`). Unknown keys are errors: a typo must not be ignored.
 */
export function validateConfig(value: unknown): string[] {
  const problems: string[] = [];
  check(value, schema, 'config', problems);
  return problems;
}

function check(value: unknown, rule: Rule, at: string, problems: string[]): void {
  if (rule === 'unknown') return;
  if (rule === 'string' || rule === 'number' || rule === 'boolean') {
    const ok = typeof value === rule && !(rule === 'number' && !Number.isFinite(value));
    if (!ok) problems.push(`${at} must be a ${rule}`);
    return;
  }
  if (rule === 'string[]') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) problems.push(`${at} must be a list of strings`);
    return;
  }
  if (rule === 'record') {
    if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      problems.push(`${at} must map names to strings`);
    }
    return;
  }
  if (Array.isArray(rule)) {
    if (!Array.isArray(value)) problems.push(`${at} must be a list`);
    else value.forEach((item, i) => check(item, rule[0], `${at}[${i}]`, problems));
    return;
  }
  if (!isPlainObject(value)) {
    problems.push(`${at} must be an object`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const sub = Object.hasOwn(rule, key) ? rule[key] : undefined;
    if (!sub) problems.push(`${at}.${key} is not a known key (known: ${Object.keys(rule).join(', ')})`);
    else if (v !== undefined) check(v, sub, `${at}.${key}`, problems);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
