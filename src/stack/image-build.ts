import createDebug from 'debug';
import { createWriteStream } from 'node:fs';
import { create as createTar } from 'tar';
import { ImageName, type ContainerRuntimeClient } from 'testcontainers';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { ServiceSpec } from '../types.js';
import { contextEntries, hashBuild } from './build-context.js';
import { LABEL_MANAGED, LABEL_SERVICE } from './labels.js';
import { tailLines } from './log-tail.js';

const debug = createDebug('enid:stack');
const KEEP_IMAGES = 3;

export interface BuiltImage {
  image: string;
  cached: boolean;
  durationMs: number;
}

/**
 * Builds the service image from its own Dockerfile, tagged by a content hash of the build context so an
 * unchanged service is never rebuilt. Build output goes to `logFile`; a failed build is exit 3 with its
 * tail, a base image that cannot be pulled is exit 4 naming the override.
 */
export async function buildServiceImage(client: ContainerRuntimeClient, spec: ServiceSpec, logFile: string, signal?: AbortSignal, onStep?: (line: string) => void): Promise<BuiltImage> {
  const started = Date.now();
  if (spec.image.kind === 'image') return { image: spec.image.image, cached: true, durationMs: 0 };
  const { context, dockerfile, args } = spec.image;
  const entries = await contextEntries(context, dockerfile);
  const tag = `enid-test/${spec.name}:${await hashBuild(context, dockerfile, args, entries)}`;
  if (await client.image.exists(ImageName.fromString(tag))) {
    debug('[%s] image cache hit %s', spec.name, tag);
    return { image: tag, cached: true, durationMs: Date.now() - started };
  }
  const log = createWriteStream(logFile);
  const lines: string[] = [];
  let failure: string | undefined;
  try {
    const tarStream = createTar({ cwd: context, portable: true, noMtime: true }, entries);
    const dockerode = client.container.dockerode;
    const output = await dockerode.buildImage(tarStream as unknown as NodeJS.ReadableStream, {
      t: tag,
      dockerfile,
      buildargs: args,
      labels: { [LABEL_MANAGED]: 'true', [LABEL_SERVICE]: spec.name },
      rm: true,
      forcerm: true,
      abortSignal: signal,
    });
    await new Promise<void>((resolve, reject) => {
      dockerode.modem.followProgress(output, (err) => (err ? reject(err) : resolve()), (event: { stream?: string; error?: string; status?: string }) => {
        const text = event.stream ?? (event.error ? `ERROR: ${event.error}\n` : event.status ? `${event.status}\n` : '');
        if (event.error) failure = event.error.trim();
        if (!text) return;
        log.write(text);
        const step = /^Step \d+\/\d+ : .*/m.exec(text);
        if (step) onStep?.(`build ${step[0].slice(0, 100)}`);
        lines.push(...text.split('\n').filter((l) => l.trim()));
        if (lines.length > 200) lines.splice(0, lines.length - 200);
      });
    });
  } catch (err) {
    failure ??= err instanceof Error ? err.message : String(err);
  } finally {
    await new Promise((resolve) => log.end(resolve));
  }
  if (signal?.aborted) throw signal.reason;
  if (failure) throw buildError(spec, failure, tailLines(lines, 50));
  await pruneOlderImages(client, spec.name, tag);
  return { image: tag, cached: false, durationMs: Date.now() - started };
}

function buildError(spec: ServiceSpec, failure: string, tail: string[]): EnidError {
  const firstLine = failure.split('\n')[0]!;
  const base = /pull access denied|not found: manifest unknown|dial tcp|lookup .* (no such host|server misbehaving)|i\/o timeout|TLS handshake|Temporary failure in name resolution/i;
  if (base.test(failure)) {
    return new EnidError(`the base image of ${spec.name} is not present and could not be pulled: ${firstLine}`, {
      code: 'ENID_BASE_IMAGE_UNAVAILABLE',
      exitCode: ExitCode.Environment,
      phase: 'stack',
      service: spec.name,
      hint: 'point the Dockerfile\'s base at a present image: --python-image IMG (ENID_PYTHON_IMAGE) or --build-arg PYTHON_VERSION=IMG',
      logTail: tail,
    });
  }
  return new EnidError(`building ${spec.name} failed: ${firstLine}`, {
    code: 'ENID_BUILD_FAILED',
    exitCode: ExitCode.BootFailed,
    phase: 'stack',
    service: spec.name,
    hint: 'the Dockerfile step above failed; build it by hand with `docker build` to iterate',
    logTail: tail,
  });
}

/**
 * Keeps the newest few cached images per service. Not just one: two checkouts of the same service (two
 * branches in parallel CI jobs) must not delete each other's image between its cache check and its use;
 * and never forced, so an image a container still uses stays.
 */
async function pruneOlderImages(client: ContainerRuntimeClient, service: string, keep: string): Promise<void> {
  try {
    const images = await client.container.dockerode.listImages({ filters: { reference: [`enid-test/${service}`] } });
    const old = images.filter((i) => !i.RepoTags?.includes(keep)).sort((a, b) => b.Created - a.Created).slice(KEEP_IMAGES - 1);
    for (const image of old) {
      await client.container.dockerode.getImage(image.Id).remove().catch(() => undefined);
    }
  } catch (err) {
    debug('[%s] pruning older images failed: %O', service, err);
  }
}
