import { AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import type { ServiceSpec } from '../types.js';
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
    if (spec.entrypoint?.length) this.withEntrypoint(spec.entrypoint);
    if (spec.command?.length) this.withCommand(spec.command);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    restrictToLoopback(this.hostConfig, (await getContainerRuntimeClient()).info.containerRuntime.host);
  }

  override async start(): Promise<StartedDjangoService> {
    return new StartedDjangoService(await super.start(), this.spec, this.ready.result ?? { state: 'ready' });
  }
}

/** A running service: where to reach it, and commands inside it. */
export class StartedDjangoService extends AbstractStartedContainer {
  constructor(started: StartedTestContainer, readonly spec: ServiceSpec, readonly readiness: Readiness = { state: 'ready' }) {
    super(started);
  }

  getBaseUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(this.spec.port)}`;
  }

  /** `python manage.py ARGS` in the service's WORKDIR. */
  async manage(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; output: string; stdout: string; stderr: string }> {
    return this.exec(['python', 'manage.py', ...args], { workingDir: this.spec.workdir, env });
  }
}
