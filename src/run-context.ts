import type { EnidConfig } from './config.js';
import type { HttpClient } from './http/client.js';
import type { Reporter } from './report/reporter.js';
import type { StartedStack } from './stack/start-stack.js';
import type { StackInfo } from './stack/stack-info.js';
import type { ApiMap } from './seed/endpoints.js';
import type { CheckStatus, RunReport, ServiceSpec } from './types.js';

/** What every phase after `stack` receives. Phases return results; they do not edit the report. */
export interface RunContext {
  spec: ServiceSpec;
  config: EnidConfig;
  stack: StartedStack;
  info: StackInfo;
  http: HttpClient;
  seed: number;
  rows: number;
  reportsDir: string;
  shard?: { index: number; total: number };
  reporter: Reporter;
  signal: AbortSignal;
  /** The report so far (read-only for phases: later phases read what earlier ones found). */
  report: Readonly<RunReport>;
  /** The service's API as the seed phase found it, for flows and timing; empty until then. */
  api: ApiMap;
}

/** What a phase hands back: its status, a one-line detail, and the part of the report it fills. */
export interface PhaseOutcome {
  status: CheckStatus;
  detail?: string;
  patch?: Partial<RunReport> & { api?: ApiMap };
}
