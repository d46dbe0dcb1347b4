import type { ChecksReport } from './checks/types.js';
import type { DatabaseReport } from './database/types.js';
import type { PrReport } from './pr/types.js';

export type { CheckFinding, CheckName, ChecksReport, CheckSummary, Reproduction } from './checks/types.js';
export type { DatabaseReport } from './database/types.js';
export type { PrReport } from './pr/types.js';

/**
 * Plain data shared by the phases. Nothing here holds a container handle: a ServiceSpec or a RunReport
 * can be serialised, provided to vitest workers and written to disk as it is.
 */

/** Build the service image from its own Dockerfile, or use a prebuilt image. */
export type ServiceImage =
  | { kind: 'build'; context: string; dockerfile: string; args: Record<string, string> }
  | { kind: 'image'; image: string };

/** What discovery decided for one backing service (PostgreSQL, Redis…; see src/backing/). */
export interface BackingSpec {
  image: string;
  /** Network aliases the service expects (compose service name, host in its URL), first one preferred. */
  aliases: string[];
  /** Module-specific choices (credentials, database index). */
  settings: Record<string, string | number>;
}

/** Everything the harness needs to boot and exercise one conforming service. */
export interface ServiceSpec {
  name: string;
  /** Absolute path of the service directory on the host. */
  dir: string;
  image: ServiceImage;
  /** Port the service serves HTTP on inside its container. */
  port: number;
  /**
   * Where `port` came from. Unless the config set it, the stack prefers what the start command binds
   * (compose's command, or the image's ENTRYPOINT + CMD as the engine reports them), then EXPOSE.
   */
  portSource: 'config' | 'compose' | 'dockerfile' | 'entrypoint' | 'default';
  /**
   * Where the code lives in the container (`service.workdir` in the config); absent, the running
   * container is asked (its WORKDIR as the engine resolves it, then where its manage.py is).
   */
  workdir?: string;
  /** The directory on the host that holds manage.py: the same code as the container's. */
  hostCodeDir: string;
  /** Path polled until the service answers. */
  healthPath: string;
  /** DRF API roots to discover endpoints from. */
  apiRoots: string[];
  /** Environment for the service container, with the wiring to the run's backing services applied. */
  env: Record<string, string>;
  /** Keys of `env` whose values are secrets: never printed, logged or reported. */
  secretKeys: string[];
  /** compose `command:` of the application service, when it replaces the image's CMD. */
  command?: string[];
  /**
   * compose `entrypoint:` of the application service, when it replaces the image's ENTRYPOINT (and,
   * as in compose, drops the image's CMD); `[]` when compose clears it with `entrypoint: []` or `''`.
   */
  entrypoint?: string[];
  /** The backing services the run starts, by module kind (`postgres`, `redis`). */
  backing: Record<string, BackingSpec>;
  /** Django apps named in entrypoint.sh's makemigrations lines. */
  apps: string[];
  hasCoverage: boolean;
  /** What discovery could not read and decided instead, in words a user can check. */
  assumptions: string[];
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';
export type RunStatus = 'passed' | 'failed' | 'error';

/** One DRF view of the URLconf, as the inspect phase found it. */
export interface ApiRoute {
  /** The pattern as Django joins it, e.g. "api/notes/<pk>/". */
  route: string;
  /** The concrete path when the pattern has no parameters. */
  path: string | null;
  view: string;
  /** HTTP methods the view answers, when known. */
  methods: string[];
  /** collection, detail, singleton, action or plain (src/api/classify.ts), when the probe ran. */
  kind?: string;
}

/** What the inspect phase learnt from the running service (how it was asked, what it answered). */
export interface InspectReport {
  /** URL patterns Django resolves (0 when the resolver could not be asked). */
  routes: number;
  /** The DRF views among them: the API the run is meant to exercise. */
  apiRoutes: ApiRoute[];
  /** API endpoints found, with the source of each one's schema. */
  endpoints: Array<{ path: string; source: string; canCreate: boolean }>;
  /** Collections that refused anonymous requests and could not be exercised. */
  protected: Array<{ path: string; status: number }>;
  /** How requests are signed in (e.g. "superuser enid-admin (HTTP Basic)"), absent when anonymous. */
  signedInAs?: string;
  /** The Host header every request carries, chosen from the ALLOWED_HOSTS the service runs with. */
  hostHeader?: string;
  /** Headers a TLS proxy would add (X-Forwarded-Proto…), sent with every request when Django redirects plain HTTP. */
  proxyHeaders?: Record<string, string>;
  /** Protected endpoints asked without credentials: each must refuse (401/403). */
  anonymousRefused?: Array<{ method: string; path: string; status: number; refused: boolean }>;
  /** Versions the probe found. */
  django?: string;
  drf?: string | null;
  /** One line per thing worth knowing: where a schema came from, a root that did not answer. */
  notes: string[];
}

/** One API endpoint and what the run did with it. */
export interface ApiEndpointCoverage {
  route: string;
  view: string;
  /** Methods the endpoint answers, as far as the service told (upper case). */
  methods: string[];
  /** Methods a check sent to it and judged the answer of: a seed POST, a flow step, a timing sample. */
  exercised: string[];
  /** Methods sent to it whose answer the harness could not verify (its own limit: reached, not verified). */
  reached?: string[];
  /**
   * verified: at least one method's answer was judged; reached: requests got there but none could be
   * verified (a validation rule the run could not satisfy, a body no schema describes); skipped: nothing sent.
   */
  state?: 'verified' | 'reached' | 'skipped';
  /** Why it was only reached, or skipped. */
  reason?: string;
  /** Why nothing was sent to it. */
  skipped?: string;
}

/** "Exercised X of Y endpoints": the API as found, and what the run reached of it. */
export interface ApiCoverage {
  urlPatterns: number;
  endpoints: ApiEndpointCoverage[];
  /** Endpoints with at least one method exercised (verified). */
  exercised: number;
  /** Endpoints reached but not verified (no method's answer could be judged). */
  reached?: number;
  /** Set when the config allows a run that exercises nothing (and says so here). */
  optedOut?: string;
}

/**
 * Each check phase's result, under the phase's own name in the report (`report.seed`, `report.flows`…).
 * A phase returns exactly this type; the pipeline files it, so no phase can touch another's part.
 */
export interface PhaseReports {
  inspect: InspectReport;
  seed: SeedReport;
  flows: FlowResult[];
  checks: ChecksReport;
  suites: TestCaseResult[];
  database: DatabaseReport;
  timing: TimingResult[];
  coverage: CoverageReport;
  /** PR mode only (`--base`): the head against the base. */
  pr: PrReport;
}

/** Phases after the stack is up, in the order they run. */
export type CheckPhaseName = keyof PhaseReports;
export type PhaseName = 'discover' | 'stack' | CheckPhaseName | 'teardown';

export interface PhaseResult {
  name: PhaseName;
  status: CheckStatus | 'error';
  durationMs: number;
  /** One line: why the phase failed or was skipped. */
  detail?: string;
}

export interface HttpExchange {
  method: string;
  url: string;
  requestBody?: unknown;
  status?: number;
  responseBody?: unknown;
}

export interface FlowResult {
  /** e.g. "notes: create". Unique within a run; shards split on it. */
  name: string;
  endpoint: string;
  step: string;
  status: CheckStatus;
  durationMs: number;
  error?: string;
  exchange?: HttpExchange;
  /** A skipped step whose request reached the endpoint, but whose answer the harness could not verify. */
  reached?: boolean;
}

export interface SeedEndpointResult {
  path: string;
  created: number;
  failed: number;
  /** Why the endpoint was not seeded at all (it needs credentials the run was not given). */
  skipped?: string;
  durationMs: number;
  /** First few failures, each one line. */
  errors: string[];
  /** Rows that went in by COPY in the container (the rest of `--rows` beyond the few the API took). */
  volume?: number;
}

export interface SeedReport {
  seed: number;
  /** Rows created, both ways. */
  rows: number;
  /** Values the service's own validation accepted where generated ones were refused (a 400 naming the field). */
  learnt?: string[];
  endpoints: SeedEndpointResult[];
  durationMs: number;
  rowsPerSecond: number;
  /** Of `rows`, those created through the API and those put in by COPY on Django's connection. */
  apiRows?: number;
  volumeRows?: number;
  /**
   * What bounds the rate where the API was the only way (no model behind a collection), one line per
   * collection: `/api/x/: HTTP Basic: the service hashes a password per request, ~180 ms per row`.
   */
  bounds?: string[];
  /** Why rows could not go by COPY (the API took them instead), one line each. */
  notes?: string[];
}

export type TimingVerdict = 'cached' | 'not-cached' | 'inconclusive';

export interface TimingEvidence {
  /** Redis keys that appeared after the first (cold) request. */
  redisKeys?: number;
  keyPattern?: string;
  /** Cached and uncached bodies are identical. */
  identical?: boolean;
  /** After a configured write, the next read showed fresh data (true) or a stale one (false). */
  fresh?: boolean;
  cacheHeaders?: string[];
}

export interface TimingResult {
  path: string;
  coldMs: number;
  warmMs: number;
  coldP90Ms: number;
  warmP90Ms: number;
  speedup: number;
  /** Lower and upper confidence bound of the speedup. */
  speedupLow: number;
  speedupHigh: number;
  minSpeedup: number;
  samples: number;
  verdict: TimingVerdict;
  status: CheckStatus;
  evidence: TimingEvidence;
  detail?: string;
  /**
   * The latencies the verdict was taken from (warm-up excluded), in request order, so a report can plot
   * them; at most `MAX_LATENCIES` (src/timing/latencies.ts) of each kind, evenly thinned beyond that.
   * Absent in reports written before it existed.
   */
  latencies?: { coldMs: number[]; warmMs: number[] };
}

export interface CoverageFile {
  path: string;
  lineRate: number;
  linesCovered: number;
  linesValid: number;
}

export interface TestCaseResult {
  /** e.g. the Django test class "notes.tests.test_views.NoteApiTests". */
  suite: string;
  name: string;
  status: CheckStatus;
  durationMs: number;
  failure?: string;
}

export interface CoverageReport {
  lineRate: number;
  linesCovered: number;
  linesValid: number;
  source: 'unit' | 'e2e' | 'combined';
  files: CoverageFile[];
  /** Rates of each part when E2E coverage was combined with the unit run. */
  parts?: { unit?: number; e2e?: number; combined?: number };
  tests: TestCaseResult[];
  /** Minimum line coverage, a percentage 0–100 (not a fraction like lineRate). */
  minCoverage?: number;
}

export interface RunError {
  /** Exit code this error maps to (see src/exit-codes.ts). */
  exitCode: number;
  code: string;
  phase: PhaseName | 'cli';
  message: string;
  hint?: string;
  logTail?: string[];
}

export interface RunReport {
  /** Labels every container and network of the run (`dev.enid-test.run`); set once the stack phase starts. */
  runId?: string;
  status: RunStatus;
  exitCode: number;
  startedAt: string;
  durationMs: number;
  service: { name: string; dir: string };
  phases: PhaseResult[];
  assumptions: string[];
  inspect?: InspectReport;
  /** What the run exercised of the API it found (absent when the service was never inspected). */
  api?: ApiCoverage;
  seed?: SeedReport;
  flows: FlowResult[];
  /** What the checks phase found: findings with reproductions, one summary per check, statuses per endpoint. */
  checks?: ChecksReport;
  suites: TestCaseResult[];
  /** Database hygiene: queries per request, N+1, scans at volume, missing migrations. */
  database?: DatabaseReport;
  timing: TimingResult[];
  coverage?: CoverageReport;
  /** PR mode (`--base`): contract diff, migrations on the base's data, A/B latency and queries, coverage delta, verdict. */
  pr?: PrReport;
  errors: RunError[];
  shard?: { index: number; total: number };
}
