import type Dockerode from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import { getContainerRuntimeClient, type BoundPorts, type WaitStrategy } from 'testcontainers';
import { request } from 'undici';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import { createBootWatch, type BootProblem } from './boot-watch.js';
import type { LogSink } from './log-sink.js';

export interface ServiceReadyOptions {
  service: string;
  port: number;
  path: string;
  logs: LogSink;
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * Waits until the service answers HTTP on its published port, and gives up the moment it cannot:
 * the container exited, Gunicorn bound another port, or the app failed to load. testcontainers'
 * own HTTP wait only notices an exited container, and the seed's entrypoint keeps the container alive
 * under watchmedo even when Gunicorn is gone.
 */
export class ServiceReadyWaitStrategy implements WaitStrategy {
  private timeoutMs = 120_000;
  private timeoutSet = false;

  constructor(private readonly options: ServiceReadyOptions) {}

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }

  async waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    const { port, path, logs, signal } = this.options;
    const client = await getContainerRuntimeClient();
    const url = `http://${client.info.containerRuntime.host}:${boundPorts.getBinding(port)}${path}`;
    const watch = createBootWatch(port);
    let problem: BootProblem | undefined;
    const stopWatching = logs.onLine((line) => { problem ??= watch(line); });
    const deadline = Date.now() + this.timeoutMs;
    let lastAnswer = 'no answer yet';
    try {
      while (Date.now() < deadline) {
        if (signal?.aborted) throw signal.reason;
        if (problem) throw this.bootError(problem.message, problem.code);
        const state = (await client.container.inspect(container)).State;
        if (!state.Running) {
          throw this.bootError(`the service container exited with code ${state.ExitCode} before answering HTTP`, 'ENID_CONTAINER_EXITED');
        }
        try {
          const res = await request(url, { method: 'GET', headersTimeout: 2_000, bodyTimeout: 2_000, signal: AbortSignal.timeout(3_000) });
          await res.body.dump();
          if (res.statusCode < 500) return;
          lastAnswer = `HTTP ${res.statusCode}`;
        } catch (err) {
          lastAnswer = err instanceof Error ? err.message : String(err);
        }
        await sleep(this.options.pollMs ?? 250, undefined, { signal }).catch(() => undefined);
      }
      throw this.bootError(`the service did not answer GET ${path} on port ${port} within ${this.timeoutMs} ms (last: ${lastAnswer})`, 'ENID_BOOT_TIMEOUT');
    } finally {
      stopWatching();
    }
  }

  private bootError(message: string, code: string): EnidError {
    return new EnidError(message, {
      code,
      exitCode: ExitCode.BootFailed,
      phase: 'stack',
      service: this.options.service,
      hint: hintFor(code, this.options),
      logTail: this.options.logs.lastLines(50),
    });
  }
}

function hintFor(code: string, options: ServiceReadyOptions): string {
  switch (code) {
    case 'ENID_WRONG_PORT':
      return `make entrypoint.sh bind Gunicorn to 0.0.0.0:${options.port}, or set service.port in enid.config.json`;
    case 'ENID_CONTAINER_EXITED':
      return `the log tail below shows why; the full log is ${options.logs.path}`;
    case 'ENID_BOOT_TIMEOUT':
      return `check that ${options.path} is served (service.healthPath in enid.config.json) and see ${options.logs.path}`;
    default:
      return `see ${options.logs.path}`;
  }
}
