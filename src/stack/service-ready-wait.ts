import type Dockerode from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import { getContainerRuntimeClient, type BoundPorts } from 'testcontainers';
import { request } from 'undici';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import { TimedWaitStrategy } from './timed-wait-strategy.js';
import { createBootWatch, type BootProblem } from './boot-watch.js';
import { readiness, type Readiness } from './readiness.js';
import type { LogSink } from './log-sink.js';

export interface ServiceReadyOptions {
  service: string;
  port: number;
  path: string;
  logs: LogSink;
  signal?: AbortSignal;
  pollMs?: number;
  /** How long the same wrong answer may last before it is the diagnosis (default 10 s). */
  steadyMs?: number;
}

/**
 * Waits until the service answers HTTP on its published port, and gives up the moment it cannot:
 * the container exited, Gunicorn bound another port, or the app failed to load. testcontainers'
 * own HTTP wait only notices an exited container, and the seed's entrypoint keeps the container alive
 * under watchmedo even when Gunicorn is gone.
 */
export class ServiceReadyWaitStrategy extends TimedWaitStrategy {
  /** How the service answered when it was found ready (a Host refused, tables missing…). */
  result: Readiness | undefined;
  /** Why the wait gave up, once it has: testcontainers then stops the container, which must not hide it. */
  failure: EnidError | undefined;

  constructor(private readonly options: ServiceReadyOptions) {
    super();
  }

  async waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    const { port, path, logs, signal } = this.options;
    const client = await getContainerRuntimeClient();
    const binding = boundPorts.getBinding(port);
    const url = `http://${client.info.containerRuntime.host}:${binding}${path}`;
    const watch = createBootWatch(port);
    let problem: BootProblem | undefined;
    const stopWatching = logs.onLine((line) => { problem ??= watch(line); });
    const deadline = Date.now() + this.timeoutMs;
    const steadyMs = this.options.steadyMs ?? 10_000;
    let lastAnswer = 'no answer yet';
    let steady: { key: string; since: number } | undefined;
    try {
      while (Date.now() < deadline) {
        if (signal?.aborted) throw signal.reason;
        if (problem) throw this.bootError(problem.message, problem.code);
        const state = (await client.container.inspect(container)).State;
        if (!state.Running) {
          throw this.bootError(`the service container exited with code ${state.ExitCode} before answering HTTP`, 'ENID_CONTAINER_EXITED');
        }
        let status: number | undefined;
        let body = '';
        try {
          // Django's defaults accept localhost (DEBUG, or ALLOWED_HOSTS=localhost,…); whatever it does
          // not accept, the inspect phase reads from the running settings.
          const res = await request(url, { method: 'GET', headers: { host: `localhost:${binding}` }, headersTimeout: 2_000, bodyTimeout: 2_000, signal: AbortSignal.timeout(3_000) });
          status = res.statusCode;
          body = (await res.body.text()).slice(0, 8_192);
        } catch (err) {
          lastAnswer = err instanceof Error ? err.message : String(err);
        }
        const verdict = readiness(status, body, logs.lastLines(80));
        if (verdict.state === 'ready') {
          this.result = verdict;
          return;
        }
        lastAnswer = verdict.diagnosis;
        if (verdict.code !== 'ENID_NO_ANSWER') {
          // The same wrong answer for a while is the diagnosis: no need to wait for the boot timeout.
          const key = `${verdict.code}:${verdict.diagnosis}`;
          if (steady?.key !== key) steady = { key, since: Date.now() };
          else if (Date.now() - steady.since >= steadyMs) throw this.bootError(`the service does not become healthy: ${verdict.diagnosis}`, verdict.code);
        }
        await sleep(this.options.pollMs ?? 250, undefined, { signal }).catch(() => undefined);
      }
      throw this.bootError(`the service did not answer GET ${path} on port ${port} within ${this.timeoutMs} ms (last: ${lastAnswer})`, 'ENID_BOOT_TIMEOUT');
    } finally {
      stopWatching();
    }
  }

  private bootError(message: string, code: string): EnidError {
    return (this.failure = new EnidError(message, {
      code,
      exitCode: ExitCode.BootFailed,
      phase: 'stack',
      service: this.options.service,
      hint: hintFor(code, this.options),
      logTail: this.options.logs.lastLines(50),
    }));
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
    case 'ENID_IMPROPERLY_CONFIGURED':
    case 'ENID_IMPORT_ERROR':
      return 'the log tail below shows the traceback; the same happens with `python manage.py check` in the image';
    case 'ENID_DATABASE_UNREACHABLE':
      return 'the service reads its database settings from variables the harness did not set: set them with service.env in enid.config.json';
    case 'ENID_UNHEALTHY':
      return `the health path is ${options.path}: set service.healthPath in enid.config.json if another path shows health; the log is ${options.logs.path}`;
    default:
      return `see ${options.logs.path}`;
  }
}
