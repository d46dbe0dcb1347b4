import createDebug from 'debug';
import type { ContainerRuntimeClient } from 'testcontainers';
import { LABEL_MANAGED, LABEL_PID, LABEL_RUN } from './labels.js';
import { removeOwnReferences } from './own-images.js';

const debug = createDebug('enid:stack');

export interface SweepResult {
  containers: number;
  networks: number;
  images: number;
}

/**
 * Removes containers and networks by label: those of one run (`runId`), or — for `enid-test clean` —
 * those of every run whose harness process is gone (`orphansOnly`), or all of them. With `images`, also
 * the images enid-test built, by their own tags only (see ownReferences).
 */
export async function sweep(client: ContainerRuntimeClient, filter: { runId?: string; orphansOnly?: boolean; images?: boolean }): Promise<SweepResult> {
  const docker = client.container.dockerode;
  const label = filter.runId ? `${LABEL_RUN}=${filter.runId}` : `${LABEL_MANAGED}=true`;
  const result: SweepResult = { containers: 0, networks: 0, images: 0 };
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  const targets = containers.filter((c) => !filter.orphansOnly || !isAlive(Number(c.Labels[LABEL_PID])));
  await Promise.all(targets.map(async (c) => {
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
      result.containers += 1;
    } catch (err) {
      debug('removing container %s failed: %O', c.Id.slice(0, 12), err);
    }
  }));
  const networks = await docker.listNetworks({ filters: { label: [label] } });
  for (const n of networks) {
    if (filter.orphansOnly && isAlive(Number(n.Labels?.[LABEL_PID]))) continue;
    try {
      await docker.getNetwork(n.Id).remove();
      result.networks += 1;
    } catch (err) {
      debug('removing network %s failed: %O', n.Name, err);
    }
  }
  if (filter.images) {
    result.images = await removeOwnReferences(client, await docker.listImages({ filters: { label: [`${LABEL_MANAGED}=true`] } }));
  }
  return result;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
