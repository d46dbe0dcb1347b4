import createDebug from 'debug';
import type { ContainerRuntimeClient } from 'testcontainers';
import { removeOwnReferences } from '../own-images.js';

const debug = createDebug('enid:stack');
/** Cached images kept per service (see pruneOlderImages). */
const KEEP_IMAGES = 3;
/** Images younger than this are never pruned: another run may have just found one in its cache. */
const KEEP_YOUNGER_THAN_S = 3_600;

/** What the engine says about an image: the truth a Dockerfile's text only suggests (plain data). */
export interface ImageConfig {
  /** WORKDIR; undefined when the image sets none (the container then starts in /). */
  workingDir?: string;
  /** ENTRYPOINT in exec form ([] when none). */
  entrypoint: string[];
  /** CMD in exec form ([] when none). */
  cmd: string[];
  /** EXPOSE'd ports, sorted by port. */
  exposedPorts: Array<{ port: number; protocol: string }>;
  /** ENV of the image, base image included. */
  env: Record<string, string>;
  /** USER; undefined for root. */
  user?: string;
}

/**
 * The config of an image as the engine holds it (`docker image inspect`): WORKDIR, ENTRYPOINT, CMD,
 * EXPOSE, ENV and USER, normalised to plain data.
 */
export async function readImageConfig(client: ContainerRuntimeClient, image: string): Promise<ImageConfig> {
  const info = (await client.container.dockerode.getImage(image).inspect()) as { Config?: Record<string, unknown> };
  const c = info.Config ?? {};
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
  const env: Record<string, string> = {};
  for (const pair of list(c.Env)) {
    const at = pair.indexOf('=');
    if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const exposedPorts = Object.keys((c.ExposedPorts as Record<string, unknown> | null) ?? {})
    .map((key) => ({ port: Number.parseInt(key, 10), protocol: key.split('/')[1] ?? 'tcp' }))
    .filter((p) => Number.isInteger(p.port))
    .sort((a, b) => a.port - b.port);
  return {
    ...(typeof c.WorkingDir === 'string' && c.WorkingDir ? { workingDir: c.WorkingDir } : {}),
    entrypoint: list(c.Entrypoint),
    cmd: list(c.Cmd),
    exposedPorts,
    env,
    ...(typeof c.User === 'string' && c.User ? { user: c.User } : {}),
  };
}

/**
 * The config of `tag` when the engine has it, else undefined. Asked of the engine itself:
 * testcontainers' image.exists() remembers an image once seen, even after it was removed (by pruning,
 * by `enid-test clean`), and a long-lived process would trust it.
 */
export async function cachedImageConfig(client: ContainerRuntimeClient, tag: string): Promise<ImageConfig | undefined> {
  return readImageConfig(client, tag).catch((err: unknown) => {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  });
}

/**
 * Keeps the newest few cached images per service, and every image built in the last hour. Not just one:
 * two checkouts of the same service (two branches in parallel CI jobs, copies of one service built by a
 * test suite) must not delete each other's image between its cache check and its use — seen with four
 * checkouts building within a minute, where the fourth newest went while a run was starting it (exit 70);
 * never forced, so an image a container still uses stays; by enid-test's own tags, so an image a user also
 * tagged keeps the user's name (see ownReferences).
 */
export async function pruneOlderImages(client: ContainerRuntimeClient, service: string, keep: string): Promise<void> {
  try {
    const images = await client.container.dockerode.listImages({ filters: { reference: [`enid-test/${service}`] } });
    const old = prunable(images, keep, Date.now());
    await removeOwnReferences(client, old, `enid-test/${service}:`);
  } catch (err) {
    debug('[%s] pruning older images failed: %O', service, err);
  }
}

/** The cached images of one service pruning may remove: beyond the newest few, and older than an hour. */
export function prunable<T extends { RepoTags?: string[] | null; Created: number }>(images: readonly T[], keep: string, now: number): T[] {
  return images
    .filter((i) => !i.RepoTags?.includes(keep))
    .sort((a, b) => b.Created - a.Created)
    .slice(KEEP_IMAGES - 1)
    .filter((i) => now / 1000 - i.Created >= KEEP_YOUNGER_THAN_S);
}
