import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import type { ComposeFile, ComposeService } from '../../discover/compose.js';
import type { BackingSpec } from '../../types.js';
import type { BackingInfo } from '../stack-info.js';

export type { BackingSpec } from '../../types.js';
export type { BackingInfo } from '../stack-info.js';

/** What a module reads to decide whether the service uses it, and how. */
export interface BackingDiscovery {
  compose?: ComposeFile;
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

/**
 * One backing service (PostgreSQL, Redis, a broker…): how discovery finds it, how the run starts and
 * waits for it, how the service is pointed at it, and what the report says of it. Registered in
 * `registry.ts`; nothing else in the harness names a backing service.
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
  /** A compose service that is this backing service (by image or name). */
  matches(service: ComposeService): boolean;
  /** Null when the service does not use it. */
  discover(input: BackingDiscovery): BackingSpec | null;
  /** Points the application's environment at the run's container (reached through `spec.aliases[0]`). */
  wire(spec: BackingSpec, env: Record<string, string>): void;
  /** Values to mask, and values that look secret but are public (a user name doubling as password). */
  secrets(spec: BackingSpec): { secret: string[]; public: string[] };
  /** The configured container with its own readiness check; network, aliases and labels are added by the stack. */
  container(spec: BackingSpec): GenericContainer;
  info(spec: BackingSpec, started: StartedTestContainer): BackingInfo;
}
