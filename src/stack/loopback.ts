import type { HostConfig } from 'dockerode';

/**
 * Publishes a container's ports on the engine host's loopback only, when the engine is local: nothing
 * on the network can reach a run's database. A remote engine (DOCKER_HOST=tcp://…) keeps the default,
 * or the harness could not reach its own containers.
 */
export function restrictToLoopback(hostConfig: HostConfig, engineHost: string): void {
  if (!/^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(engineHost)) return;
  for (const bindings of Object.values(hostConfig.PortBindings ?? {}) as Array<Array<{ HostIp?: string; HostPort?: string }>>) {
    for (const binding of bindings) binding.HostIp = '127.0.0.1';
  }
}
