import type Dockerode from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a container ended before it was ready: its exit code (undefined: it vanished) and its last log lines. */
export interface ContainerExit {
  exitCode?: number;
  logTail: string[];
}

/**
 * Polls a container from the moment it is created until `stop()`, and resolves once it is no longer
 * running — exited at once, or removed by someone else. testcontainers notices such a container only
 * after its port-binding wait (10 s) and attaches the log consumer even later, so this is how a
 * crashing entrypoint is reported within a second, with what it printed.
 */
export function watchExit(docker: Dockerode, id: string, pollMs = 200): { exited: Promise<ContainerExit>; stop: () => void } {
  let stopped = false;
  const exited = (async (): Promise<ContainerExit> => {
    const container = docker.getContainer(id);
    // Created is not yet started: only a container that has run and stopped counts.
    let wasRunning = false;
    while (!stopped) {
      let state: Dockerode.ContainerInspectInfo['State'] | undefined;
      try {
        state = (await container.inspect()).State;
      } catch {
        return { logTail: ['(the container was removed before it answered)'] };
      }
      if (state.Running) wasRunning = true;
      else if (wasRunning || state.Status === 'exited' || state.Status === 'dead') return { exitCode: state.ExitCode, logTail: await tailOf(container) };
      await sleep(pollMs);
    }
    return new Promise<never>(() => undefined);
  })();
  return { exited, stop: () => { stopped = true; } };
}

/** The last lines a container printed (stdout and stderr), for error messages. */
export async function tailOf(container: Dockerode.Container, lines = 50): Promise<string[]> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demux(raw).split(/\r?\n/).filter((l) => l.trim() !== '').slice(-lines);
  } catch {
    return [];
  }
}

// Docker multiplexes stdout and stderr in 8-byte-framed chunks unless the container has a TTY.
function demux(buf: Buffer): string {
  if (buf.length < 8 || buf[0]! > 2 || buf[1] !== 0) return buf.toString('utf8');
  const parts: string[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size).toString('utf8'));
    i += 8 + size;
  }
  return parts.join('');
}
