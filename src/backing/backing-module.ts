import type { ProbeSettings } from '../probe/types.js';
import type { BackingSpec } from '../types.js';

export type { BackingSpec } from '../types.js';

/** A compose service as a module reads it (discover/compose.ts's ComposeService is one). */
export interface ComposeServiceView {
  name: string;
  image?: string;
  build?: unknown;
  environment: Record<string, string>;
  envFiles: string[];
}

/** What a module reads to decide whether the service uses it, and how. */
export interface BackingDiscovery {
  compose?: { services: ComposeServiceView[] };
  /** The application's environment before wiring (env files, compose `environment:`). */
  appEnv: Record<string, string>;
  /** Text of the service files discovery read, by relative path. */
  files: Record<string, string>;
  /** requirements.txt package names, normalised. */
  requirements: Set<string>;
  /** The module's section of enid.config (`postgres: {...}`), validated by its own schema. */
  config: { image?: string; enabled?: boolean; aliases?: string[]; [key: string]: unknown };
  /** `--<kind>-image` / `ENID_<KIND>_IMAGE`, else the module's default. */
  image: string;
  /** `--<kind>` / `--no-<kind>` for optional modules: overrides discovery. */
  enabled?: boolean;
  generatePassword: () => string;
  /** Where the module says what it could not read and chose instead. */
  assumptions: string[];
}

/** Where a started backing service is published, for tests and reports (plain data). */
export interface BackingInfo {
  host: string;
  port: number;
  /** Connection URL on the published address, credentials included. */
  url: string;
  [setting: string]: string | number;
}

/** Bounds on every wait for a cache; a stuck cache must fail the check, never hang it. */
export interface CacheClientOptions {
  /** TCP connect plus the client's handshake (default 5 000 ms). */
  connectTimeoutMs?: number;
  /** One command, from being sent to its reply (default 5 000 ms; a flush normally takes microseconds). */
  commandTimeoutMs?: number;
  /** The phase errors are reported under (default `suites`, the vitest suites' caller). */
  phase?: 'timing' | 'suites';
}

/** How the harness empties the service's cache between cold samples and looks for the keys it wrote. */
export interface CacheClient {
  /** The module kind, or `django` for the service's own cache API. */
  readonly kind: string;
  flush(): Promise<void>;
  /** Keys in the cache now (undefined where the backend cannot be listed). */
  keys(): Promise<{ count: number; sample: string[] } | undefined>;
  /** Releases the connection, if any. */
  close(): void;
}

/** Why the running service does not talk to the run's backing service, in an error's words. */
export interface WiringProblem {
  code: string;
  message: string;
  hint: string;
}

/**
 * One backing service (PostgreSQL, Redis, a broker…), as far as it is plain data and pure logic: how
 * discovery finds it, how the service's environment is pointed at it, which values are secrets, and
 * the small capabilities later phases ask for. Its container lives in `src/stack/backing/`. Registered
 * in `registry.ts`; nothing else in the harness names a backing service.
 */
export interface BackingModule {
  /** Key in ServiceSpec.backing, StackInfo.backing, enid.config and the flags (`--<kind>-image`). */
  readonly kind: string;
  readonly title: string;
  /** The image real users get (Docker Hub name). */
  readonly defaultImage: string;
  /** Optional modules start only when discovered, and take `--<kind>` / `--no-<kind>`. */
  readonly optional: boolean;
  /** Port the service listens on inside its container. */
  readonly port: number;
  /** The StackInfo field that repeats this module's URL (`databaseUrl`), for tests that want one name. */
  readonly urlShorthand?: 'databaseUrl' | 'redisUrl';
  /** A compose service that is this backing service (by image or name). */
  matches(service: ComposeServiceView): boolean;
  /** Null when the service does not use it. */
  discover(input: BackingDiscovery): BackingSpec | null;
  /** Points the application's environment at the run's container (reached through `spec.aliases[0]`). */
  wire(spec: BackingSpec, env: Record<string, string>): void;
  /** Values to mask, and values that look secret but are public (a user name doubling as password). */
  secrets(spec: BackingSpec): { secret: string[]; public: string[] };
  /** From Django's own settings: the service talks to another server than the run's (a hard-coded host). */
  wiringProblem?(settings: ProbeSettings, spec: BackingSpec): WiringProblem | undefined;
  /** The cache capability: a client that flushes this service through its published address. */
  cacheClient?(info: BackingInfo, options: CacheClientOptions): CacheClient;
}
