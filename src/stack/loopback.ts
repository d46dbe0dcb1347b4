import { isIP } from 'node:net';
import type { HostConfig } from 'dockerode';

/**
 * The one host address a run's ports are published on: loopback when the engine is local, the engine's
 * own address when it is reached through one (inside a container, testcontainers talks to the bridge
 * gateway, e.g. 172.17.0.1) — never every interface, so nothing else on the network can reach a run's
 * database. Undefined only for an engine named by a host name (a remote DOCKER_HOST): its address is
 * the remote's to choose.
 */
export function publishAddress(engineHost: string): string | undefined {
  if (/^(localhost|::1)$/.test(engineHost) || /^127\./.test(engineHost)) return '127.0.0.1';
  const bare = engineHost.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : undefined;
}

/** Binds every published port of a container to `publishAddress(engineHost)`. */
export function restrictToLoopback(hostConfig: HostConfig, engineHost: string): void {
  const address = publishAddress(engineHost);
  if (!address) return;
  for (const bindings of Object.values(hostConfig.PortBindings ?? {}) as Array<Array<{ HostIp?: string; HostPort?: string }>>) {
    for (const binding of bindings) binding.HostIp = address;
  }
}
