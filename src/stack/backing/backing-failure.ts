import type { ContainerRuntimeClient } from 'testcontainers';
import { EnidError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { BackingModule } from '../../backing/backing-module.js';
import { imageOverride } from '../../backing/registry.js';
import { tailOf } from '../exit-watch.js';
import { LABEL_ROLE, LABEL_RUN } from '../labels.js';

/**
 * A backing service that did not start, explained from its own container: its exit code and last lines
 * (`postgres: invalid argument`), not testcontainers' "(HTTP code 409) container stopped/paused". An image
 * that cannot run the way the module runs it is the environment (exit 4), like an image that is missing.
 */
export async function backingFailure(client: ContainerRuntimeClient, module: BackingModule, image: string, runId: string, cause: unknown): Promise<EnidError> {
  if (cause instanceof EnidError) return cause;
  const docker = client.container.dockerode;
  const [found] = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${runId}`, `${LABEL_ROLE}=${module.kind}`] } }).catch(() => []);
  let exitCode: number | undefined;
  let logTail: string[] = [];
  if (found) {
    const container = docker.getContainer(found.Id);
    exitCode = await container.inspect().then((i) => (i.State.Running ? undefined : i.State.ExitCode), () => undefined);
    logTail = await tailOf(container, 30);
  }
  const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!;
  const { flag, env } = imageOverride(module);
  return new EnidError(`${module.title} (${image}) did not start${exitCode !== undefined ? `: it exited with code ${exitCode}` : ''}${logTail.length ? ` — ${logTail.at(-1)}` : ` (${reason})`}`, {
    code: 'ENID_BACKING_FAILED', exitCode: ExitCode.Environment, phase: 'stack',
    hint: `the log tail is the ${module.kind} container's own; use an image that runs as ${module.defaultImage} does (${flag} / ${env})`,
    logTail, cause,
  });
}
