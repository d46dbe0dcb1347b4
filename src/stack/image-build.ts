import createDebug from 'debug';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { ContainerRuntimeClient } from 'testcontainers';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { ServiceSpec } from '../types.js';
import { contextKey, packContext, scanContext, type BuildContext, type ContextProgress } from './build-context.js';
import { ensureImage } from './engine.js';
import { LABEL_MANAGED, LABEL_SERVICE } from './labels.js';
import { tailLines } from './log-tail.js';
import { removeOwnReferences } from './own-images.js';

const debug = createDebug('enid:stack');
const KEEP_IMAGES = 3;
/** A build that neither reads its context nor prints a line for this long has stalled. */
export const DEFAULT_BUILD_STALL_MS = 120_000;
/** `--reports` default: kept out of the context even when the caller names no reports dir. */
const DEFAULT_REPORTS_DIR = 'enid-reports';
/** Progress lines start after this long (a small context never prints one), then come this often. */
const PROGRESS_AFTER_MS = 1_000;
const PROGRESS_EVERY_MS = 2_000;

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
 * Builds the service image from its own Dockerfile, tagged by the content key of the build context
 * (see contextKey) so an unchanged service is never rebuilt; a prebuilt image is pulled when absent.
 * Either way the image's config is read from the engine. Build output goes to `logFile`; progress of a
 * large context and every `Step n/m` go to `onStep`. A failed build is exit 3 with its tail, a base
 * image that cannot be pulled exit 4 naming the override, a build without progress exit 3 (stalled).
 */
export async function buildServiceImage(client: ContainerRuntimeClient, spec: Pick<ServiceSpec, 'name' | 'image'>, logFile: string, signal?: AbortSignal, onStep?: (line: string) => void, options: BuildOptions = {}): Promise<BuiltImage> {
  const started = Date.now();
  if (spec.image.kind === 'image') {
    await ensureImage(client, spec.image.image, '--image / service.image');
    return { image: spec.image.image, cached: true, durationMs: Date.now() - started, config: await readImageConfig(client, spec.image.image) };
  }
  const { context, dockerfile, args } = spec.image;
  const stallMs = options.stallTimeoutMs ?? DEFAULT_BUILD_STALL_MS;
  const watch = new StallWatch(stallMs);
  const abort = new AbortController();
  const combined = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
  const log = createWriteStream(logFile);
  // A stalled build's output may still trickle in after the log was closed: drop it, never crash on it.
  log.on('error', (err) => debug('[%s] build log: %O', spec.name, err));
  const lines: string[] = [];
  const note = (line: string): void => {
    if (!log.writableEnded) log.write(`${line}\n`);
    lines.push(line);
    if (lines.length > 400) lines.splice(0, lines.length - 200);
  };
  const progress = progressReporter(onStep, (p) => {
    watch.touch(p.stage === 'send' ? `the engine stopped reading the build context at ${describe(p)}` : `while ${verb(p.stage)} the build context (${describe(p)})`);
  });
  try {
    const ctx = await watch.within(scanContext(context, dockerfile, {
      exclude: [path.resolve(logFile), path.dirname(path.resolve(logFile)), path.join(context, DEFAULT_REPORTS_DIR), ...(options.exclude ?? [])],
      signal: combined,
      onProgress: progress,
    }));
    for (const line of contextSummary(ctx)) note(line);
    if (progress.slow() || ctx.bytes >= 50e6) for (const line of contextSummary(ctx).slice(0, 2)) onStep?.(line);
    const key = await watch.within(contextKey(ctx, args, { ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}), signal: combined, onProgress: progress }));
    const tag = `enid-test/${spec.name}:${key}`;
    const summary = { files: ctx.files, bytes: ctx.bytes, skipped: ctx.skipped.length };
    // Asked of the engine itself: testcontainers' image.exists() remembers an image once seen, even
    // after it was removed (by pruning, by `enid-test clean`), and a long-lived process would trust it.
    const cached = await watch.within(readImageConfig(client, tag).catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }));
    if (cached) {
      debug('[%s] image cache hit %s', spec.name, tag);
      note(`image ${tag} is in the engine's cache: not rebuilt`);
      return { image: tag, cached: true, durationMs: Date.now() - started, config: cached, context: summary };
    }
    const image = await watch.within(build(client, spec, ctx, tag, combined, watch, progress, { note, lines }, onStep));
    await pruneOlderImages(client, spec.name, image);
    return { image, cached: false, durationMs: Date.now() - started, config: await readImageConfig(client, image), context: summary };
  } catch (err) {
    abort.abort(err);
    if (signal?.aborted) throw signal.reason;
    if (err instanceof Stalled) throw stalledError(spec, err.message, stallMs, tailLines(lines, 50));
    throw err;
  } finally {
    watch.stop();
    await new Promise((resolve) => log.end(resolve));
  }
}

/** Sends the context and follows the classic builder's output; returns the tag of what was sent. */
async function build(client: ContainerRuntimeClient, spec: Pick<ServiceSpec, 'name' | 'image'>, ctx: BuildContext, tag: string, signal: AbortSignal, watch: StallWatch, progress: ProgressReporter, log: { note: (line: string) => void; lines: string[] }, onStep?: (line: string) => void): Promise<string> {
  const { note } = log;
  const dockerode = client.container.dockerode;
  const packed = packContext(ctx, spec.image.kind === 'build' ? spec.image.args : {}, { signal, onProgress: progress });
  let failure: string | undefined;
  try {
    const output = await dockerode.buildImage(packed.stream as unknown as NodeJS.ReadableStream, {
      t: tag,
      dockerfile: ctx.dockerfile,
      buildargs: spec.image.kind === 'build' ? spec.image.args : {},
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
        const shown = text.split('\n').filter((l) => l.trim());
        for (const line of shown) note(line);
        watch.touch(`last output: ${(shown.at(-1) ?? '').slice(0, 120)}`);
        const step = /^Step \d+\/\d+ : .*/m.exec(text);
        if (step) onStep?.(`build ${step[0].slice(0, 100)}`);
      });
    });
  } catch (err) {
    if (err instanceof Stalled || signal.aborted) throw err;
    failure ??= err instanceof Error ? err.message : String(err);
  }
  if (failure) throw buildError(spec, failure, tailLines(log.lines, 50));
  const sent = await packed.done;
  if (sent.key === tag.split(':').at(-1)) return tag;
  // A file changed between the key and the send: name the image by what it was really built from.
  const actual = `enid-test/${spec.name}:${sent.key}`;
  note(`the context changed while it was sent (${sent.changed.slice(0, 3).join('; ')}): tagged ${actual}`);
  await dockerode.getImage(tag).tag({ repo: `enid-test/${spec.name}`, tag: sent.key });
  await dockerode.getImage(tag).remove({ noprune: true }).catch(() => undefined);
  return actual;
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

/** Raised inside the build when nothing moved for the stall time; turned into ENID_BUILD_STALLED. */
class Stalled extends Error {}

/** Rejects `within()` promises once no `touch()` came for `ms`; what was last seen names the place. */
class StallWatch {
  private last = Date.now();
  private where = 'before the build context was read';
  private readonly timer: NodeJS.Timeout;
  private readonly stalled: Promise<never>;

  constructor(ms: number) {
    let reject!: (err: Stalled) => void;
    this.stalled = new Promise<never>((_, rej) => (reject = rej));
    this.stalled.catch(() => undefined);
    this.timer = setInterval(() => {
      if (Date.now() - this.last < ms) return;
      clearInterval(this.timer);
      reject(new Stalled(this.where));
    }, Math.max(20, Math.min(1_000, ms / 4)));
    this.timer.unref();
  }

  touch(where: string): void {
    this.last = Date.now();
    this.where = where;
  }

  within<T>(work: Promise<T>): Promise<T> {
    // Whichever loses the race must not become an unhandled rejection.
    work.catch(() => undefined);
    return Promise.race([work, this.stalled]);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface ProgressReporter {
  (p: ContextProgress): void;
  /** True once the context took long enough to show progress. */
  slow(): boolean;
}

function progressReporter(onStep: ((line: string) => void) | undefined, onAny: (p: ContextProgress) => void): ProgressReporter {
  const started = Date.now();
  let shown = 0;
  let stage: ContextProgress['stage'] | undefined;
  const report = ((p: ContextProgress) => {
    onAny(p);
    const now = Date.now();
    if (p.stage !== stage) {
      // Each stage gets its own first line, so a slow send is not hidden behind a slow hash.
      stage = p.stage;
      if (shown) shown = now - PROGRESS_EVERY_MS;
    }
    if (now - started < PROGRESS_AFTER_MS || now - shown < PROGRESS_EVERY_MS) return;
    shown = now;
    onStep?.(`build context: ${verb(p.stage)} ${describe(p)}`);
  }) as ProgressReporter;
  report.slow = () => shown > 0;
  return report;
}

function verb(stage: ContextProgress['stage']): string {
  return stage === 'scan' ? 'reading' : stage === 'hash' ? 'hashing' : 'sending';
}

function describe(p: ContextProgress): string {
  const count = p.totalFiles !== undefined ? `${fmt(p.files)} of ${files(p.totalFiles)}` : files(p.files);
  const bytes = p.totalBytes !== undefined ? `${mb(p.bytes)} of ${mb(p.totalBytes)}` : mb(p.bytes);
  return `${count}, ${bytes}`;
}

/** One line on what is sent, one hint when a big folder could stay out, then what was skipped. */
function contextSummary(ctx: BuildContext): string[] {
  const out = [`build context: ${files(ctx.files)}, ${mb(ctx.bytes)}${ctx.ignoreFile ? ` (${ctx.ignoreFile} applied)` : ' (no .dockerignore)'}`];
  const big = Object.entries(ctx.topLevelBytes).filter(([, b]) => b >= 20e6).sort((a, b) => b[1] - a[1]);
  if (big.length) out.push(`build context: ${big.slice(0, 3).map(([n, b]) => `${n} ${mb(b)}`).join(', ')} of it; a .dockerignore line keeps ${big.length > 1 ? 'them' : 'it'} out of every build (\`enid-test init\` adds node_modules)`);
  const skipped = ctx.skipped.filter((s) => !s.reason.startsWith('written by enid-test'));
  if (skipped.length) out.push(`build context: skipped ${skipped.slice(0, 5).map((s) => `${s.path} (${s.reason})`).join(', ')}${skipped.length > 5 ? ` and ${skipped.length - 5} more` : ''}`);
  return out;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function files(n: number): string {
  return `${fmt(n)} file${n === 1 ? '' : 's'}`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}

function stalledError(spec: Pick<ServiceSpec, 'name'>, where: string, stallMs: number, tail: string[]): EnidError {
  return new EnidError(`building ${spec.name} made no progress for ${Math.round(stallMs / 1000)} s (${where})`, {
    code: 'ENID_BUILD_STALLED',
    exitCode: ExitCode.BootFailed,
    phase: 'stack',
    service: spec.name,
    hint: 'compare with `docker build` in the service directory; a step that is silent for longer needs a higher build stall timeout',
    logTail: tail,
  });
}

function buildError(spec: Pick<ServiceSpec, 'name'>, failure: string, tail: string[]): EnidError {
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
 * and never forced, so an image a container still uses stays; by enid-test's own tags, so an image a user
 * also tagged keeps the user's name (see ownReferences).
 */
async function pruneOlderImages(client: ContainerRuntimeClient, service: string, keep: string): Promise<void> {
  try {
    const images = await client.container.dockerode.listImages({ filters: { reference: [`enid-test/${service}`] } });
    const old = images.filter((i) => !i.RepoTags?.includes(keep)).sort((a, b) => b.Created - a.Created).slice(KEEP_IMAGES - 1);
    await removeOwnReferences(client, old, `enid-test/${service}:`);
  } catch (err) {
    debug('[%s] pruning older images failed: %O', service, err);
  }
}
