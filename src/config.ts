import { z } from 'zod';
import { problemOfWholeValue, stringList, stringMap, wholeNumber } from './config-value-schemas.js';
import { BACKING_CONFIG } from './backing/registry.js';
import { checksConfigSchema } from './checks/config-schema.js';

// Below 1 "cached" would mean slower than uncached; exactly 1 cannot tell a cache from noise.
const speedup = z.number().gt(1, { error: 'must be greater than 1 (warm responses that many times faster than cold ones)' });

// 2 warm-up pairs and 5 kept pairs come before the first verdict (see createSampler).
const SAMPLER_MIN_REQUESTS = 14;

const endpointSchema = z.strictObject({
  path: z.string(),
  /** Overrides `timing.minSpeedup` for this endpoint. */
  minSpeedup: speedup.optional(),
  /** A write that must invalidate the cached response. */
  invalidate: z
    .strictObject({
      method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
      path: z.string(),
      body: z.unknown().optional(),
    })
    .optional(),
});

/** The schema of `enid.config.*`: strict at every level, every key optional. */
export const enidConfigSchema = z.strictObject({
  service: z
    .strictObject({
      name: z.string().optional(),
      /** Port the service listens on inside its container (default: compose/EXPOSE, else 8080). */
      port: wholeNumber(1, 65_535).optional(),
      /** Path polled until the service answers (default: the first API root). */
      healthPath: z.string().optional(),
      /** DRF API roots to discover endpoints from (default: found in urls.py, else /api/). */
      apiRoots: stringList.optional(),
      /** Use this prebuilt image instead of building the Dockerfile. */
      image: z.string().optional(),
      dockerfile: z.string().optional(),
      buildArgs: stringMap.optional(),
      /** Extra or replaced environment variables for the service container. */
      env: stringMap.optional(),
      workdir: z.string().optional(),
      /** Maximum time in ms for the service to answer after its container started (default 120 000). */
      bootTimeoutMs: wholeNumber(1_000, 3_600_000, ' (milliseconds: 1 s to 1 h)').optional(),
      /** A build with neither context read nor output for this long fails, exit 3 (default 120 000). */
      buildStallTimeoutMs: wholeNumber(1_000, 3_600_000, ' (milliseconds: 1 s to 1 h)').optional(),
    })
    .optional(),
  // Each backing service's section (`postgres`, `redis`) comes from its module.
  ...BACKING_CONFIG,
  seed: z
    .strictObject({
      /** Rows to create per collection (default 20; 0 seeds nothing; `--rows` wins). */
      rows: wholeNumber(0, 100_000).optional(),
      /** Faker seed, so a run's data is reproducible (`--seed` wins). */
      seed: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
      /** Requests in flight while seeding (default 8). */
      concurrency: wholeNumber(1, 64).optional(),
      /** Run `manage.py create_test_data` inside the container as well. */
      createTestData: z.boolean().optional(),
      /** Endpoint paths not to seed. */
      skip: stringList.optional(),
    })
    .optional(),
  flows: z
    .strictObject({
      /** Endpoint paths to leave out of the generated CRUD flows. */
      skip: stringList.optional(),
      /** Header sent with every request, e.g. { name: 'Authorization', value: 'Token abc' }. */
      authHeader: z.strictObject({ name: z.string(), value: z.string() }).optional(),
      /**
       * A superuser created in the container (`manage.py createsuperuser --noinput`) whose credentials go
       * with every request as HTTP Basic; the password is generated per run unless given.
       */
      superuser: z.strictObject({ username: z.string(), password: z.string().optional() }).optional(),
      /**
       * A run that exercises none of the API endpoints it found fails (default true). `false` says, on
       * purpose, that such a run may pass; the report then says it was allowed.
       */
      requireExercised: z.boolean().optional(),
    })
    .optional(),
  suites: z.strictObject({ enabled: z.boolean().optional(), include: stringList.optional() }).optional(),
  timing: z
    .strictObject({
      /** Also time GET endpoints found to be cached (default true). */
      auto: z.boolean().optional(),
      /** Warm responses must be this many times faster than cold ones (default 2). */
      minSpeedup: speedup.optional(),
      /** Most requests one timing check may spend (default 200). */
      maxRequests: wholeNumber(SAMPLER_MIN_REQUESTS, 10_000, ` (warm-up and the first verdict take ${SAMPLER_MIN_REQUESTS})`).optional(),
      endpoints: z.array(endpointSchema).optional(),
    })
    .optional(),
  /** Database hygiene from the run's own traffic (src/database/): what fails, what warns, how much volume. */
  database: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** Query counts that grow with the rows a list returns (default fail). */
      nPlusOne: z.enum(['fail', 'warn', 'off']).optional(),
      /** Model changes without a migration (default fail); migrations written at boot always warn. */
      migrations: z.enum(['fail', 'warn', 'off']).optional(),
      /** Sequential scans and sorts over large tables at volume (default warn). */
      seqScans: z.enum(['fail', 'warn', 'off']).optional(),
      maxQueriesPerRequest: wholeNumber(1, 10_000).optional(),
      /** Rows per table created in the container for the scans at volume (default 20 000). */
      volumeRows: wholeNumber(0, 1_000_000).optional(),
      smallPage: wholeNumber(1, 1_000).optional(),
      largePage: wholeNumber(2, 1_000).optional(),
    })
    .optional(),
  checks: checksConfigSchema.optional(),
  coverage: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** Test command run under coverage, e.g. ['-m', 'pytest'] (default: manage.py test). */
      command: stringList.optional(),
      /** Minimum line coverage as a percentage, 0–100 (80 means 80 %), like coverage.py's fail_under. */
      minCoverage: z.number().min(0, { error: 'must be a percentage from 0 to 100' }).max(100, { error: 'must be a percentage from 0 to 100' }).optional(),
      e2e: z.boolean().optional(),
      /** A test run that ran 0 tests fails (default true: the seed makes the service's tests mandatory). */
      requireTests: z.boolean().optional(),
    })
    .optional(),
  /** PR mode (`run --base REF`): the head against the base in one run (src/pr/). */
  pr: z
    .strictObject({
      /** The ref to compare with, as `--base` takes it (`auto`: the PR's target branch in CI, else origin/main). */
      base: z.string().optional(),
      /** The smallest head/base latency ratio that fails, whatever the A/A floor (default 1.25). */
      minSlowdown: z.number().gt(1, { error: 'must be greater than 1 (a ratio of head to base latency)' }).optional(),
      /** Most interleaved base/head/base triples per endpoint (default 40). */
      maxSamples: wholeNumber(8, 1_000).optional(),
      /** Rows per touched table in the base database before the head's migrations run (default database.volumeRows, 20 000). */
      volumeRows: wholeNumber(0, 1_000_000).optional(),
      /** lock_timeout of each migration on the base's data, in ms (default 5 000). */
      lockTimeoutMs: wholeNumber(100, 600_000, ' (milliseconds)').optional(),
    })
    .optional(),
});

/** `enid.config.ts` / `enid.config.json` in a service directory: everything is optional. */
export type EnidConfig = z.input<typeof enidConfigSchema>;

/** Typed helper for `enid.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(config: EnidConfig): EnidConfig {
  return config;
}

/**
 * Checks a loaded config against the schema and returns the problems, each naming the key path
 * (`config.timing.endpoints[0].minSpeedup must be a number`), in the order the keys appear in the
 * file. Unknown keys are errors: a typo must not be ignored.
 */
export function validateConfig(value: unknown): string[] {
  const parsed = enidConfigSchema.safeParse(value);
  if (parsed.success) return [];
  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue));
  problems.sort((a, b) => compareOrder(inputOrder(value, a.path), inputOrder(value, b.path)));
  return [...new Set(problems.map((p) => p.text))];
}

type Path = readonly PropertyKey[];
interface Problem {
  path: Path;
  text: string;
}

function describeIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path;
  const chain = schemaChain(path);
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(objectShape(chain.at(-1)) ?? {}).join(', ');
    return issue.keys.map((key) => ({ path: [...path, key], text: `${at([...path, key])} is not a known key (known: ${known})` }));
  }
  // A problem anywhere inside a list or map of strings is a problem of the whole value.
  const wholeAt = chain.findIndex((s) => s !== undefined && problemOfWholeValue.has(s));
  if (wholeAt >= 0) return [{ path: path.slice(0, wholeAt), text: `${at(path.slice(0, wholeAt))} ${problemOfWholeValue.get(chain[wholeAt]!)}` }];
  return [{ path, text: `${at(path)} ${issueText(issue)}` }];
}

const TYPE_WORDS: Record<string, string> = { number: 'a number', string: 'a string', boolean: 'a boolean', object: 'an object', array: 'a list' };

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && TYPE_WORDS[issue.expected]) return `must be ${TYPE_WORDS[issue.expected]}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  // Range checks carry their own message (written in the schema above).
  return issue.message;
}

/** `['timing', 'endpoints', 0, 'path']` → `config.timing.endpoints[0].path`. */
function at(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), 'config');
}

/** The schema at each prefix of `path` (optional wrappers removed); undefined past an unknown key. */
function schemaChain(path: Path): Array<z.ZodType | undefined> {
  const chain: Array<z.ZodType | undefined> = [unwrap(enidConfigSchema)];
  for (const key of path) chain.push(unwrap(childSchema(chain.at(-1), key)));
  return chain;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

function childSchema(schema: z.ZodType | undefined, key: PropertyKey): z.ZodType | undefined {
  const shape = objectShape(schema);
  if (shape) return typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key] : undefined;
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined;
}

/** Where `path` sits in the input: the index of each key among its siblings, as the file lists them. */
function inputOrder(value: unknown, path: Path): number[] {
  const order: number[] = [];
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    order.push((keys as PropertyKey[]).indexOf(key));
    node = Object.getOwnPropertyDescriptor(node, key)?.value;
  }
  return order;
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
