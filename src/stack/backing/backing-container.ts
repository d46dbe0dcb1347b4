import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import type { BackingInfo, BackingSpec } from '../../backing/backing-module.js';

/** Where a client connects to the service's own database on the run's SQL server (published address). */
export interface SqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The service's database. */
  database: string;
}

/**
 * A started backing service: testcontainers' own handle (stopped by the stack), and the capabilities
 * later phases ask of it, read from the started container's getters.
 */
export interface StartedBacking {
  readonly kind: string;
  readonly container: StartedTestContainer;
  /** Where it is published, for StackInfo and the reports (plain data). */
  info(): BackingInfo;
  /** The SQL database capability: the run's database as a client on the host reaches it. */
  sqlTarget?(): SqlTarget;
}

/** What the stack adds to every backing container before it starts: network, aliases, labels, log consumer. */
export type AttachToRun = <C extends GenericContainer>(container: C) => C;

/** The container half of a backing module (its pure half is in src/backing/). */
export interface BackingContainer {
  readonly kind: string;
  /** Creates the testcontainers module with its own readiness check, attaches it to the run, starts it. */
  start(spec: BackingSpec, attach: AttachToRun): Promise<StartedBacking>;
  /**
   * A second tenant of a started server, for a second service in the run (PR mode's base): its own
   * database or index, created now, so neither service sees the other's data. Absent: shared as is.
   */
  tenant?(started: StartedBacking, spec: BackingSpec, name: string): Promise<{ spec: BackingSpec; started: StartedBacking }>;
}
