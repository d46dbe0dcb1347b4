import createDebug from 'debug';
import { getContainerRuntimeClient, ImageName, type ContainerRuntimeClient } from 'testcontainers';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';

const debug = createDebug('enid:stack');
const DEFAULT_RYUK_IMAGE = 'testcontainers/ryuk:0.14.0';

/** The container engine as testcontainers sees it; an unreachable engine is an environment error (exit 4). */
export async function getEngine(): Promise<ContainerRuntimeClient> {
  try {
    return await getContainerRuntimeClient();
  } catch (err) {
    throw new EnidError('no container engine reachable', {
      code: 'ENID_NO_ENGINE',
      exitCode: ExitCode.Environment,
      phase: 'stack',
      hint: 'start Docker (or set DOCKER_HOST to a reachable engine) and check with `docker info`',
      cause: err,
    });
  }
}

/**
 * Makes sure an image is present locally, pulling it when a registry answers. A missing image that
 * cannot be pulled is an environment error naming the image and the flag or variable that overrides it.
 */
export async function ensureImage(client: ContainerRuntimeClient, image: string, override: string): Promise<void> {
  const name = ImageName.fromString(image);
  // testcontainers caches image.exists(): an image removed since still counts as present. Ask the engine.
  const present = await client.container.dockerode.getImage(image).inspect().then(() => true, () => false);
  if (present) return;
  try {
    await client.image.pull(name);
  } catch (err) {
    throw new EnidError(`image ${image} is not present and could not be pulled`, {
      code: 'ENID_IMAGE_UNAVAILABLE',
      exitCode: ExitCode.Environment,
      phase: 'stack',
      hint: `pull it when a registry is reachable, or point ${override} at an image that is present (\`docker images\`)`,
      cause: err,
    });
  }
}

/**
 * testcontainers starts a Ryuk container to reap leftovers; where its image cannot be had (offline CI),
 * the run goes on without it: enid-test removes what it started itself, and `enid-test clean` sweeps by label.
 */
export async function prepareReaper(client: ContainerRuntimeClient): Promise<'ryuk' | 'self'> {
  if (process.env.TESTCONTAINERS_RYUK_DISABLED === 'true') return 'self';
  const name = ImageName.fromString(process.env.RYUK_CONTAINER_IMAGE || DEFAULT_RYUK_IMAGE);
  if (await client.image.exists(name)) return 'ryuk';
  try {
    await client.image.pull(name);
    return 'ryuk';
  } catch {
    debug('ryuk image %s unavailable; cleaning up without it', name.string);
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
    return 'self';
  }
}
