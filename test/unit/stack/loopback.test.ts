import { describe, expect, it } from 'vitest';
import type { HostConfig } from 'dockerode';
import { publishAddress, restrictToLoopback } from '../../../src/stack/loopback.js';

describe('publishAddress', () => {
  it.each([
    ['localhost', '127.0.0.1'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '127.0.0.1'],
    // Inside a container testcontainers reaches the engine through the bridge gateway: publish there only.
    ['172.17.0.1', '172.17.0.1'],
    ['10.0.0.5', '10.0.0.5'],
    ['[fd00::1]', 'fd00::1'],
  ])('%s → %s', (host, address) => {
    expect(publishAddress(host)).toBe(address);
  });

  it('leaves a remote engine named by a host name to choose', () => {
    expect(publishAddress('docker.build.internal')).toBeUndefined();
  });
});

describe('restrictToLoopback', () => {
  it('rewrites every binding of every port, never leaving 0.0.0.0', () => {
    const hostConfig: HostConfig = { PortBindings: { '8080/tcp': [{ HostPort: '' }], '5432/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }] } };
    restrictToLoopback(hostConfig, '172.17.0.1');
    expect(Object.values(hostConfig.PortBindings as Record<string, Array<{ HostIp: string }>>).flat().map((b) => b.HostIp)).toEqual(['172.17.0.1', '172.17.0.1']);
  });
});
