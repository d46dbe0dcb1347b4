import createDebug from 'debug';
import path from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import { DEFAULTS } from '../../options/resolve-options.js';
import type { ServiceSpec } from '../../types.js';
import { ensureImage } from '../engine.js';
import { LABEL_MANAGED, LABEL_SERVICE } from '../labels.js';
import { BuildContext } from './build-context.js';
import { buildError } from './build-errors.js';
import { BuildMonitor } from './build-monitor.js';
import { cachedImageConfig, pruneOlderImages, readImageConfig, type ImageConfig } from './image-config.js';

export type { ImageConfig } from './image-config.js';

const debug = createDebug('enid:stack');

export interface BuiltImage {
  image: string;
  cached: boolean;
  durationMs: number;
  /** The image's config as the engine reports it, after the build or for a prebuilt image. */
  config: ImageConfig;
  /** What the build context held (absent for a prebuilt image). */
  context?: { files: number; bytes: number; skipped: number };
}

export interface BuildOptions {
  /** Fail (exit 3, ENID_BUILD_STALLED) after this long without context read or build output (default 120 s). */
  stallTimeoutMs?: number;
  /**
   * Absolute paths never sent to the engine: the run's reports dir. The log file's folder and
   * `<context>/enid-reports` are always left out.
   */
  exclude?: string[];
  /** Folder of the digest memo (default ENID_CACHE_DIR, else the user's cache dir); false: none. */
  cacheDir?: string | false;
}

/**
 * The service image: its own Dockerfile built from one BuildContext (scanned, keyed, packed) and
 * tagged by the context's key, so an unchanged service is never rebuilt; or a prebuilt image, pulled
 * when absent. Either way the image's config is read from the engine. Build output goes to `logFile`;
 * progress of a large context and every `Step n/m` go to `onStep`. A failed build is exit 3 with its
 * tail, a base image that cannot be pulled exit 4 naming the override, a build without progress exit
 * 3 (stalled).
 */
export async function buildServiceImage(client: ContainerRuntimeClient, spec: Pick<ServiceSpec, 'name' | 'image'>, logFile: string, signal?: AbortSignal, onStep?: (line: string) => void, options: BuildOptions = {}): Promise<BuiltImage> {
  const started = Date.now();
  if (spec.image.kind === 'image') {
    await ensureImage(client, spec.image.image, '--image / service.image');
    return { image: spec.image.image, cached: true, durationMs: Date.now() - started, config: await readImageConfig(client, spec.image.image) };
  }
  const { context: root, dockerfile, args } = spec.image;
  const monitor = new BuildMonitor(spec.name, logFile, signal, onStep, options.stallTimeoutMs ?? DEFAULTS.buildStallTimeoutMs);
  try {
    const context = await monitor.within(BuildContext.scan(root, dockerfile, {
      args,
      exclude: [path.resolve(logFile), path.dirname(path.resolve(logFile)), path.join(root, DEFAULTS.reportsDir), ...(options.exclude ?? [])],
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
      signal: monitor.signal,
      onProgress: monitor.progress,
    }));
    monitor.describeContext(context);
    const built = await buildFromContext(client, spec.name, context, monitor);
    return { ...built, durationMs: Date.now() - started, context: { files: context.files, bytes: context.bytes, skipped: context.skipped.length } };
  } catch (err) {
    throw monitor.failure(err, spec);
  } finally {
    await monitor.close();
  }
}

/**
 * The build, consuming its context: the key names the image; an image the engine already has is
 * used as it is; otherwise the context is sent and the builder followed, and older images of the
 * service are pruned.
 */
async function buildFromContext(client: ContainerRuntimeClient, name: string, context: BuildContext, monitor: BuildMonitor): Promise<Pick<BuiltImage, 'image' | 'cached' | 'config'>> {
  const tag = `enid-test/${name}:${await monitor.within(context.key())}`;
  const cached = await monitor.within(cachedImageConfig(client, tag));
  if (cached) {
    debug('[%s] image cache hit %s', name, tag);
    monitor.note(`image ${tag} is in the engine's cache: not rebuilt`);
    return { image: tag, cached: true, config: cached };
  }
  const image = await monitor.within(sendContext(client, name, context, tag, monitor));
  await pruneOlderImages(client, name, image);
  return { image, cached: false, config: await readImageConfig(client, image) };
}

/** Sends the context and follows the classic builder's output; returns the tag of what was really sent. */
async function sendContext(client: ContainerRuntimeClient, name: string, context: BuildContext, tag: string, monitor: BuildMonitor): Promise<string> {
  const dockerode = client.container.dockerode;
  const packed = context.pack();
  let failure: string | undefined;
  try {
    const output = await dockerode.buildImage(packed.stream as unknown as NodeJS.ReadableStream, {
      t: tag,
      dockerfile: context.dockerfile,
      buildargs: context.args,
      labels: { [LABEL_MANAGED]: 'true', [LABEL_SERVICE]: name },
      rm: true,
      forcerm: true,
      abortSignal: monitor.signal,
    });
    await new Promise<void>((resolve, reject) => {
      dockerode.modem.followProgress(output, (err) => (err ? reject(err) : resolve()), (event: { stream?: string; error?: string; status?: string }) => {
        const text = event.stream ?? (event.error ? `ERROR: ${event.error}\n` : event.status ? `${event.status}\n` : '');
        if (event.error) failure = event.error.trim();
        if (text) monitor.output(text.split('\n').filter((l) => l.trim()), text);
      });
    });
  } catch (err) {
    if (monitor.isStopped(err)) throw err;
    failure ??= err instanceof Error ? err.message : String(err);
  }
  if (failure) throw buildError({ name }, failure, monitor.tail(50));
  const sent = await packed.done;
  if (sent.key === tag.split(':').at(-1)) return tag;
  // A file changed between the key and the send: name the image by what it was really built from.
  const actual = `enid-test/${name}:${sent.key}`;
  monitor.note(`the context changed while it was sent (${sent.changed.slice(0, 3).join('; ')}): tagged ${actual}`);
  await dockerode.getImage(tag).tag({ repo: `enid-test/${name}`, tag: sent.key });
  await dockerode.getImage(tag).remove({ noprune: true }).catch(() => undefined);
  return actual;
}
