import { AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnidError } from '../errors.js';
import { pythonSource } from '../python/scripts.js';
import { ExitCode } from '../exit-codes.js';
import type { ServiceSpec } from '../types.js';
import { watchExit } from './exit-watch.js';
import type { LogSink } from './log-sink.js';
import { restrictToLoopback } from './loopback.js';
import type { Readiness } from './readiness.js';
import { ServiceReadyWaitStrategy } from './service-ready-wait.js';

/** The service under test, configured from its ServiceSpec; `start()` returns once it answers HTTP. */
export class DjangoServiceContainer extends GenericContainer {
  private readonly ready: ServiceReadyWaitStrategy;

  constructor(image: string, private readonly spec: ServiceSpec, logs: LogSink, signal?: AbortSignal) {
    super(image);
    this.ready = new ServiceReadyWaitStrategy({ service: spec.name, port: spec.port, path: spec.healthPath, logs, signal });
    this.withExposedPorts(spec.port)
      .withEnvironment(spec.env)
      .withLogConsumer((stream) => logs.consume(stream))
      .withWaitStrategy(this.ready)
      .withStartupTimeout(120_000);
    // compose `entrypoint: []` (or '') clears the image's ENTRYPOINT; the engine API spells that [''].
    if (spec.entrypoint) this.withEntrypoint(spec.entrypoint.length ? spec.entrypoint : ['']);
    if (spec.command?.length) this.withCommand(spec.command);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
  }

  private exitWatch?: ReturnType<typeof watchExit>;

  protected override async containerCreated(containerId: string): Promise<void> {
    this.exitWatch = watchExit((await getContainerRuntimeClient()).container.dockerode, containerId);
  }

  /**
   * Resolves once the service answers; rejects (exit 3, with the container's own last lines) the moment
   * the container exits, at any stage — before its ports are bound, during the wait, or between create
   * and start.
   */
  override async start(): Promise<StartedDjangoService> {
    const starting = super.start();
    let settled = false;
    starting.then(() => { settled = true; }, () => { settled = true; });
    let exitedFirst = false;
    const exited = (async (): Promise<never> => {
      while (!this.exitWatch && !settled) await sleep(50);
      // Failed before a container existed (an image that cannot be had): nothing to watch.
      if (!this.exitWatch) return new Promise<never>(() => undefined);
      const exit = await this.exitWatch.exited;
      exitedFirst = true;
      // The wait gave up first (a wrong port, a steady 500) and testcontainers stopped the container: that is the cause.
      if (this.ready.failure) throw this.ready.failure;
      throw new EnidError(exit.exitCode === undefined
        ? 'the service container vanished before answering HTTP'
        : `the service container exited with code ${exit.exitCode} before answering HTTP`, {
        code: 'ENID_CONTAINER_EXITED', exitCode: ExitCode.BootFailed, phase: 'stack', service: this.spec.name,
        hint: 'the log tail below is the container\'s own output: its entrypoint or command failed', logTail: exit.logTail,
      });
    })();
    // The loser of the race settles later (testcontainers gives up on the dead container): nobody awaits it.
    starting.catch(() => undefined);
    exited.catch(() => undefined);
    try {
      const started = await Promise.race([starting, exited]);
      const codeDir = this.spec.workdir ?? (await locateCode(started));
      return new StartedDjangoService(started, this.spec, this.ready.result ?? { state: 'ready' }, codeDir);
    } catch (err) {
      // testcontainers' own "ports to be bound" or 409 errors hide the cause when the container died.
      if (!exitedFirst && this.exitWatch && !(err instanceof EnidError)) {
        const exit = await Promise.race([this.exitWatch.exited, sleep(1_000).then(() => undefined)]);
        if (exit) await exited;
      }
      throw err;
    } finally {
      this.exitWatch?.stop();
    }
  }
}

/** A running service: where to reach it, and commands inside it. */
export class StartedDjangoService extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly spec: ServiceSpec,
    readonly readiness: Readiness = { state: 'ready' },
    /** Where the service's manage.py is in the container: every harness command runs there. */
    readonly codeDir = spec.workdir ?? '/app',
  ) {
    super(started);
  }

  getBaseUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(this.spec.port)}`;
  }

  /** `python manage.py ARGS` in the service's WORKDIR. */
  async manage(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; output: string; stdout: string; stderr: string }> {
    return this.exec(['python', 'manage.py', ...args], { workingDir: this.codeDir, env });
  }
}

// Run without a working directory, an exec starts in the image's WORKDIR (see python/locate_manage.py).
async function locateCode(container: StartedTestContainer): Promise<string> {
  const res = await container.exec(['python', '-c', pythonSource('locate_manage')]).catch(() => undefined);
  const dir = res?.exitCode === 0 ? res.stdout.trim().split('\n').at(-1) : undefined;
  return dir && dir.startsWith('/') ? dir : '/app';
}
