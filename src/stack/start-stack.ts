import createDebug from 'debug';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { StartedNetwork, type GenericContainer, type StartedTestContainer } from 'testcontainers';
import { backingModule, imageOverride } from '../backing/registry.js';
import { secretValues } from '../discover/secrets.js';
import { DEFAULTS } from '../options/resolve-options.js';
import type { ServiceSpec } from '../types.js';
import type { SqlTarget, StartedBacking } from './backing/backing-container.js';
import { backingInfoOf, startBacking } from './backing/containers.js';
import { sweep } from './cleanup.js';
import { DjangoServiceContainer, type StartedDjangoService } from './django-service-container.js';
import { ensureImage, getEngine, prepareReaper } from './engine.js';
import { buildServiceImage, type ImageConfig } from './image/image-build.js';
import { listenPort, startArgv } from './listen-port.js';
import { runLabels } from './labels.js';
import { mergeInjections, type BootInjection } from './injections.js';
export type { BootInjection } from './injections.js';
import { LogSink } from './log-sink.js';
import type { StackInfo } from './stack-info.js';

const debug = createDebug('enid:stack');

export interface StackOptions {
  runId: string;
  logsDir: string;
  signal?: AbortSignal;
  /** Bind-mount the service source over its WORKDIR (for `enid-test up`: watchmedo reloads on edits). */
  mountSource?: boolean;
  bootTimeoutMs?: number;
  /** Fail the build (exit 3) after this long with neither context read nor build output (default 120 s). */
  buildStallTimeoutMs?: number;
  /** The run's reports folder: never sent to the engine with the build context. */
  reportsDir?: string;
  onProgress?: (message: string) => void;
  /** Every container log line as it arrives, prefixed with the container's role (`--verbose`). */
  onLogLine?: (line: string) => void;
  // --- E2E coverage (src/coverage/e2e-setup.ts): env and files the service container needs BEFORE it boots.
  e2eCoverage?: BootInjection;
  /** The checks phase's request hook (src/checks/request-hook.ts): a 5xx prints its traceback, marked. */
  requestHook?: BootInjection;
}

/** When each part of the boot finished, in ms from the start of the stack phase. */
export interface BootTimings {
  /** Each backing service by kind. */
  backingReadyMs: Record<string, number>;
  imageReadyMs: number;
  imageCached: boolean;
  serviceStartMs: number;
  healthyMs: number;
}

/** A booted stack. Disposing it removes every container and the network, whatever state they are in. */
export class StartedStack implements AsyncDisposable {
  private stopped = false;
  private readonly beforeStop: Array<Promise<unknown>> = [];

  constructor(
    readonly spec: ServiceSpec,
    readonly runId: string,
    readonly service: StartedDjangoService,
    /** The started backing services by kind. */
    readonly backing: Readonly<Record<string, StartedBacking>>,
    readonly timings: BootTimings,
    private readonly teardown: () => Promise<void>,
    readonly logFiles: Record<string, string>,
    private readonly serviceLogs?: LogSink,
    /** The run's private network: a second service (PR mode's base) joins it. */
    readonly network?: StartedNetwork,
  ) {}

  /** The service container's last log lines, secrets masked (what its log file ends with). */
  serviceLogTail(count = 20): string[] {
    return this.serviceLogs?.lastLines(count) ?? [];
  }

  /** Every line the service logs from now on (after the kept tail), secrets masked; returns the unsubscribe. */
  onServiceLine(listener: (line: string) => void): () => void {
    return this.serviceLogs?.onLine(listener) ?? (() => undefined);
  }

  /** The run's SQL database as a client on the host reaches it; undefined when no backing service is one. */
  sqlDatabase(): SqlTarget | undefined {
    return Object.values(this.backing).find((b) => b.sqlTarget)?.sqlTarget!();
  }

  toInfo(): StackInfo {
    return {
      runId: this.runId,
      service: this.spec.name,
      baseUrl: this.service.getBaseUrl(),
      apiRoots: this.spec.apiRoots,
      ...backingInfoOf(this.backing),
      logs: this.logFiles,
    };
  }

  /**
   * Something still starting containers of the run (the test sibling): the teardown waits for it to
   * settle, so that its containers exist when the run's label is swept.
   */
  settleBeforeStop(starting: Promise<unknown>): void {
    this.beforeStop.push(starting.catch(() => undefined));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.beforeStop);
    await this.teardown();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Boots a service for real: a private network, PostgreSQL (and Redis when the service uses it) under the
 * aliases the service expects, and the service image, all started concurrently; then the service,
 * waited on until it answers HTTP. On any failure or abort, everything started so far is removed before
 * the error propagates.
 */
export async function startStack(spec: ServiceSpec, options: StackOptions): Promise<StartedStack> {
  const { runId, signal } = options;
  const t0 = Date.now();
  const since = (): number => Date.now() - t0;
  const progress = options.onProgress ?? (() => undefined);
  mkdirSync(options.logsDir, { recursive: true });
  const secrets = secretValues(spec);
  const sinks: LogSink[] = [];
  const sink = (name: string): LogSink => {
    const s = new LogSink(path.join(options.logsDir, `${name}.log`), secrets);
    sinks.push(s);
    if (options.onLogLine) s.onLine((line) => options.onLogLine!(`[${name}] ${line}`));
    return s;
  };
  const logFiles: Record<string, string> = {};
  const started: StartedTestContainer[] = [];
  let network: StartedNetwork | undefined;

  const client = await getEngine();
  const teardown = async (): Promise<void> => {
    const t = Date.now();
    // Containers go first (a network with endpoints cannot be removed); all in parallel, no grace
    // period: the run's data is thrown away anyway, and the seed's entrypoint ignores SIGTERM.
    await Promise.allSettled(started.map((c) => c.stop({ timeout: 0, remove: true, removeVolumes: true })));
    await network?.stop().catch((err: unknown) => debug('network stop failed: %O', err));
    // Anything created but never handed back (a start interrupted half-way) is found by its run label.
    await sweep(client, { runId }).catch((err: unknown) => debug('sweep failed: %O', err));
    await Promise.allSettled(sinks.map((s) => s.close()));
    debug('[%s] teardown took %d ms', spec.name, Date.now() - t);
  };

  try {
    const reaper = await prepareReaper(client);
    debug('[%s] cleanup by %s', spec.name, reaper);
    const kinds = Object.keys(spec.backing);
    await Promise.all(kinds.map((kind) => {
      const { flag, env } = imageOverride(backingModule(kind));
      return ensureImage(client, spec.backing[kind]!.image, `${flag} / ${env}`);
    }));
    const labels = (role: string): Record<string, string> => runLabels(runId, spec.name, role);
    const created = await client.network.create({ Name: `enid-${runId}`, Driver: 'bridge', CheckDuplicate: true, Labels: { ...labels('network'), 'org.testcontainers': 'true' } });
    network = new StartedNetwork(client, `enid-${runId}`, created);
    progress(`starting ${kinds.join(', ')} and building the service image`);

    const backingPromises = kinds.map((kind) => {
      const logs = sink(kind);
      logFiles[kind] = logs.path;
      const backing = spec.backing[kind]!;
      const attach = <C extends GenericContainer>(c: C): C => c
        .withNetwork(network!)
        .withNetworkAliases(...backing.aliases)
        .withLabels(labels(kind))
        .withLogConsumer((s) => logs.consume(s));
      return startBacking(client, kind, backing, attach, runId)
        .then((b) => { started.push(b.container); return { kind, b, at: since() }; });
    });
    const buildLog = path.join(options.logsDir, 'build.log');
    logFiles.build = buildLog;
    const imagePromise = buildServiceImage(client, spec, buildLog, signal, progress, {
      ...(options.buildStallTimeoutMs ? { stallTimeoutMs: options.buildStallTimeoutMs } : {}),
      exclude: options.reportsDir ? [options.reportsDir] : [],
    }).then((img) => ({ img, at: since() }));

    const [imageResult, ...backingResults] = await Promise.allSettled([imagePromise, ...backingPromises]);
    const failure = [imageResult, ...backingResults].find((r): r is PromiseRejectedResult => r!.status === 'rejected');
    if (failure) throw failure.reason;
    signal?.throwIfAborted();
    const image = (imageResult as PromiseFulfilledResult<Awaited<typeof imagePromise>>).value;
    const ready = backingResults.map((r) => (r as PromiseFulfilledResult<Awaited<(typeof backingPromises)[number]>>).value);
    progress(`image ${image.img.cached ? 'from cache' : 'built'}; starting ${spec.name}`);

    const serviceLogs = sink(spec.name);
    logFiles.service = serviceLogs.path;
    const serviceStartMs = since();
    const port = servicePort(spec, image.img.config);
    if (port !== spec.port) progress(`the start command or the image binds port ${port}, not ${spec.port} (${spec.portSource}): using ${port}`);
    // The service runs with its own ALLOWED_HOSTS: requests carry a Host it accepts (see inspect/host.ts).
    const container = new DjangoServiceContainer(image.img.image, { ...spec, port }, serviceLogs, signal)
      .withNetwork(network)
      .withLabels(labels('service'))
      .withStartupTimeout(options.bootTimeoutMs ?? DEFAULTS.bootTimeoutMs);
    // The host's code (where its manage.py is) over the image's copy of it, as the image's WORKDIR holds it.
    if (options.mountSource) container.withBindMounts([{ source: spec.hostCodeDir, target: spec.workdir ?? image.img.config.workingDir ?? '/app', mode: 'rw' }]);
    const injected = mergeInjections([options.e2eCoverage, options.requestHook], image.img.config.env.PYTHONPATH);
    if (injected) container.withEnvironment(injected.env).withCopyContentToContainer(injected.files);
    const service = await container.start();
    started.push(service);
    const timings: BootTimings = {
      backingReadyMs: Object.fromEntries(ready.map((r) => [r.kind, r.at])),
      imageReadyMs: image.at,
      imageCached: image.img.cached,
      serviceStartMs,
      healthyMs: since(),
    };
    debug('[%s] boot timings %o', spec.name, timings);
    return new StartedStack(spec, runId, service, Object.fromEntries(ready.map((r) => [r.kind, r.b])), timings, teardown, logFiles, serviceLogs, network);
  } catch (err) {
    await teardown();
    throw err;
  }
}

/**
 * The port to wait on, by order of evidence: the config; what the start command really running binds
 * (compose's command/entrypoint, else the image's own as the engine reports them); the declared
 * compose/EXPOSE port; the image's ExposedPorts when nothing else said.
 */
export function servicePort(spec: ServiceSpec, config: ImageConfig): number {
  if (spec.portSource === 'config') return spec.port;
  const bound = listenPort(startArgv(spec, config));
  if (bound) return bound;
  if (spec.portSource === 'compose' || spec.portSource === 'dockerfile') return spec.port;
  return config.exposedPorts.length === 1 ? config.exposedPorts[0]!.port : spec.port;
}
