/**
 * Readiness judged again once the run knows which Host the service accepts. The stack phase asks with
 * `Host: localhost`; a service with DEBUG off and ALLOWED_HOSTS that lacks localhost answers every such
 * request `400 Bad Request (400)` and logs nothing that says why. That is "answers, not yet usable": the
 * probe (which needs no HTTP) said which hosts Django allows, and only an answer to a request with one of
 * them decides whether the service is healthy.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { HttpClient } from '../http/client.js';
import { readiness, type Readiness } from '../stack/readiness.js';

export interface ConfirmReadyOptions {
  /** The health path the stack phase polled. */
  path: string;
  service: string;
  /** The service's last log lines (for the verdict and the error). */
  logTail: (count: number) => string[];
  /** How long the same wrong answer may last before it is the diagnosis (default 10 s). */
  steadyMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

/** Whether the stack phase's verdict was "answers, but not to this request" (a refused Host, a bare 4xx). */
export function needsConfirmation(found: Readiness): boolean {
  return found.state === 'ready' && 'problem' in found && (found.problem === 'disallowed-host' || found.problem === 'client-error');
}

/**
 * GETs the health path through the run's client (its Host and proxy headers) until the answer says
 * ready; a steady wrong answer is a boot failure (exit 3) with the answer and the log tail. Returns the
 * one line to note.
 */
export async function confirmReady(http: HttpClient, options: ConfirmReadyOptions): Promise<string> {
  const steadyMs = options.steadyMs ?? 10_000;
  const started = Date.now();
  let last: Readiness | undefined;
  // Bounded by time and by count: at most steadyMs of polling, never more than 80 requests.
  for (let i = 0; i < 80 && Date.now() - started <= steadyMs; i++) {
    const res = await http.get(options.path, { timeoutMs: 3_000 }).catch(() => undefined);
    const body = typeof res?.body === 'string' ? res.body : JSON.stringify(res?.body ?? '');
    last = readiness(res?.status, body, options.logTail(80));
    if (last.state === 'ready' && !('problem' in last && last.problem !== 'unmigrated')) {
      return `readiness confirmed with the Host Django accepts: GET ${options.path} answered ${res?.status}`;
    }
    await sleep(options.pollMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
  }
  const why = last?.state === 'failing' ? last.diagnosis : last && 'note' in last ? last.note : 'no answer';
  throw new EnidError(`the service does not become healthy even with a Host its ALLOWED_HOSTS accepts: ${why}`, {
    code: last?.state === 'failing' ? last.code : 'ENID_UNHEALTHY', exitCode: ExitCode.BootFailed, phase: 'inspect', service: options.service,
    hint: `GET ${options.path} keeps answering so; set service.healthPath in enid.config.json if another path shows health`,
    logTail: options.logTail(50),
  });
}
