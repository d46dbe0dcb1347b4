import type { ContainerRuntimeClient } from 'testcontainers';
import type { BackingSpec } from '../../backing/backing-module.js';
import { BACKING_MODULES, backingModule } from '../../backing/registry.js';
import type { StackInfo } from '../stack-info.js';
import { backingFailure } from './backing-failure.js';
import type { AttachToRun, BackingContainer, StartedBacking } from './backing-container.js';
import { postgresContainer } from './postgres-container.js';
import { redisContainer } from './redis-container.js';

/** The container half of every module in src/backing/registry.ts. */
const BACKING_CONTAINERS: readonly BackingContainer[] = [postgresContainer, redisContainer];

/**
 * Starts one backing service attached to the run; a container that does not start is explained from
 * its own exit code and log (ENID_BACKING_FAILED, exit 4), not by testcontainers' words.
 */
export async function startBacking(client: ContainerRuntimeClient, kind: string, spec: BackingSpec, attach: AttachToRun, runId: string): Promise<StartedBacking> {
  const container = BACKING_CONTAINERS.find((c) => c.kind === kind);
  if (!container) throw new Error(`no backing container "${kind}"`);
  try {
    return await container.start(spec, attach);
  } catch (err) {
    throw await backingFailure(client, backingModule(kind), spec.image, runId, err);
  }
}

/** A second tenant of a started backing service (PR mode's base); the service itself where the module has none. */
export async function tenantOf(started: StartedBacking, spec: BackingSpec, name: string): Promise<{ spec: BackingSpec; started: StartedBacking }> {
  const container = BACKING_CONTAINERS.find((c) => c.kind === started.kind);
  return container?.tenant ? container.tenant(started, spec, name) : { spec, started };
}

/** The started backing services as StackInfo has them: each by kind, and the shorthand URLs the modules name. */
export function backingInfoOf(started: Readonly<Record<string, StartedBacking>>): Pick<StackInfo, 'backing' | 'databaseUrl' | 'redisUrl'> {
  const backing = Object.fromEntries(Object.entries(started).map(([kind, b]) => [kind, b.info()]));
  const shorthands = BACKING_MODULES.filter((m) => m.urlShorthand && backing[m.kind]).map((m) => [m.urlShorthand!, backing[m.kind]!.url]);
  return { backing, ...Object.fromEntries(shorthands) };
}
