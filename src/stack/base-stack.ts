/**
 * PR mode's second service: the base, built from its own checkout and booted into the head's stack —
 * on the head's private network, against the head's backing servers, each as a tenant of its own (a
 * second database on the one PostgreSQL server, another Redis index), so neither service sees the
 * other's data. What it returns is a StartedStack like the head's, so every phase can run on it; its
 * teardown removes only the base container (the servers belong to the head's stack).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { backingModule } from '../backing/registry.js';
import { secretValues } from '../discover/secrets.js';
import { DEFAULTS } from '../options/resolve-options.js';
import type { BackingSpec, ServiceSpec } from '../types.js';
import type { StartedBacking } from './backing/backing-container.js';
import { tenantOf } from './backing/containers.js';
import { DjangoServiceContainer } from './django-service-container.js';
import { getEngine } from './engine.js';
import { buildServiceImage, type BuiltImage } from './image/image-build.js';
import { runLabels } from './labels.js';
import { LogSink } from './log-sink.js';
import { servicePort, StartedStack } from './start-stack.js';

export interface BaseStackOptions {
  /** Where the base's logs go (`<reports>/logs/base`). */
  logsDir: string;
  signal?: AbortSignal;
  bootTimeoutMs?: number;
  buildStallTimeoutMs?: number;
  /** The run's reports folder: never sent to the engine. */
  reportsDir?: string;
  onProgress?: (line: string) => void;
}

/** Builds the base image (cached by content like the head's); it can run while the head's stack starts. */
export async function buildBaseImage(spec: ServiceSpec, options: BaseStackOptions): Promise<BuiltImage> {
  mkdirSync(options.logsDir, { recursive: true });
  return buildServiceImage(await getEngine(), spec, path.join(options.logsDir, 'build.log'), options.signal, options.onProgress, {
    ...(options.buildStallTimeoutMs ? { stallTimeoutMs: options.buildStallTimeoutMs } : {}),
    exclude: options.reportsDir ? [options.reportsDir] : [],
  });
}

/**
 * The base's spec pointed at the head's servers: each backing service it uses becomes a tenant of the
 * head's (created there), and its environment is wired to it. Kinds the head did not start are named
 * in `missing`: the base boots without them.
 */
export async function baseTenancy(head: StartedStack, spec: ServiceSpec): Promise<{ spec: ServiceSpec; started: Record<string, StartedBacking>; missing: string[] }> {
  const backing: Record<string, BackingSpec> = {};
  const started: Record<string, StartedBacking> = {};
  const env = { ...spec.env };
  const missing: string[] = [];
  for (const kind of Object.keys(spec.backing)) {
    const server = head.backing[kind];
    const own = head.spec.backing[kind];
    if (!server || !own) {
      missing.push(kind);
      continue;
    }
    const tenant = await tenantOf(server, own, 'base');
    backingModule(kind).wire(tenant.spec, env);
    backing[kind] = tenant.spec;
    started[kind] = tenant.started;
  }
  return { spec: { ...spec, backing, env }, started, missing };
}

/** Boots the base service into the head's stack; throws (exit 3) as the head's boot would. */
export async function startBaseStack(head: StartedStack, tenancy: { spec: ServiceSpec; started: Record<string, StartedBacking> }, image: BuiltImage, options: BaseStackOptions): Promise<StartedStack> {
  const { spec } = tenancy;
  if (!head.network) throw new Error('the head stack has no network to join');
  const started = Date.now();
  mkdirSync(options.logsDir, { recursive: true });
  const logs = new LogSink(path.join(options.logsDir, `${spec.name}.log`), secretValues(spec));
  const port = servicePort(spec, image.config);
  const container = new DjangoServiceContainer(image.image, { ...spec, port }, logs, options.signal)
    .withNetwork(head.network)
    .withLabels(runLabels(head.runId, spec.name, 'base'))
    .withStartupTimeout(options.bootTimeoutMs ?? DEFAULTS.bootTimeoutMs);
  let service;
  try {
    service = await container.start();
  } catch (err) {
    await logs.close();
    throw err;
  }
  const teardown = async (): Promise<void> => {
    await service.stop({ timeout: 0, remove: true, removeVolumes: true }).catch(() => undefined);
    await logs.close();
  };
  const timings = { backingReadyMs: {}, imageReadyMs: image.durationMs, imageCached: image.cached, serviceStartMs: 0, healthyMs: Date.now() - started };
  return new StartedStack({ ...spec, port }, head.runId, service, tenancy.started, timings, teardown,
    { service: logs.path, build: path.join(options.logsDir, 'build.log') }, logs, head.network);
}
