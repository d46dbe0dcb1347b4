import type { EnidConfig } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { Reporter } from '../report/reporter.js';
import type { ResolvedOptions } from '../options/resolved-options.js';
import type { ProbeDocument } from '../probe/types.js';
import type { ApiMap } from '../api/endpoints.js';
import type { ResourceMap } from '../api/resources.js';
import type { PayloadLessons } from '../seed/lessons.js';
import type { StartedStack } from '../stack/start-stack.js';
import type { StackInfo } from '../stack/stack-info.js';
import type { PhaseReports, ServiceSpec } from '../types.js';

/**
 * State that phases hand on to later phases: the client every request goes through (signed in once the
 * inspect phase did), and the API map (endpoints, then the ids seeding created). A phase reads it from
 * its context and extends it only through `PhaseOutcome.state`; the pipeline merges, in phase order.
 */
export interface RunState {
  http: HttpClient;
  api: ApiMap;
  /**
   * The API model: what the service is, by kind of endpoint, built once by the inspect phase from the
   * probe (or the fallbacks) and read by every later phase.
   */
  resources: ResourceMap;
  /** What the service's 400s taught seeding about its own rules, reused by the flows and checks. */
  lessons?: PayloadLessons;
  /** What the service said of itself (absent when the probe could not run). */
  probe?: ProbeDocument;
  /** Headers a TLS proxy would add, when the service redirects plain HTTP (see inspect/host.ts). */
  proxyHeaders?: Record<string, string>;
}

/** What every phase after `stack` receives. Everything is read-only: phases return results. */
export interface RunContext {
  readonly spec: ServiceSpec;
  /** Every option of the run, resolved once; each phase reads its own slice (`options.timing`…). */
  readonly options: ResolvedOptions;
  /**
   * The config file as loaded. Read `options` instead: `config`, `seed` and `rows` stay only until the
   * seed and flows phases read their slices (`options.seed`, `options.flows`).
   */
  readonly config: EnidConfig;
  readonly seed: number;
  readonly rows: number;
  readonly stack: StartedStack;
  readonly info: StackInfo;
  readonly reportsDir: string;
  readonly shard?: { index: number; total: number };
  readonly reporter: Reporter;
  readonly signal: AbortSignal;
  readonly state: Readonly<RunState>;
  /** PR mode (`--base`): the base service, booting beside the head; opaque here, read by the pr phase (src/pr/session.ts). */
  readonly pr?: BaseSessionHandle;
  /** What the phases before this one reported (read-only): PR mode compares the head's coverage. */
  readonly earlier?: Readonly<Partial<PhaseReports>>;
}

/** An empty API map: what later phases see when the inspect phase did not run. */
export function emptyApi(): ApiMap {
  return { schemas: [], routes: [], created: {}, protected: [] };
}

/** An empty API model. */
export function emptyResources(): ResourceMap {
  return { collections: [], singletons: [], others: [], excluded: [] };
}

/** What the pipeline knows of PR mode's base session: that it must be stopped. The pr phase reads the rest. */
export interface BaseSessionHandle {
  stop(): Promise<void>;
}
