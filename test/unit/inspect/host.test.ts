import { describe, expect, it } from 'vitest';
import { chooseHost } from '../../../src/inspect/host.js';

describe('chooseHost: a Host header from the ALLOWED_HOSTS Django runs with', () => {
  it.each([
    [['*'], true, 'localhost'],
    [[], true, 'localhost'],
    [null, null, 'localhost'],
    [['api.internal', 'localhost'], false, 'localhost'],
    [['api.internal'], false, 'api.internal'],
    [['.example.com'], false, 'example.com'],
    [['.example.com', 'web'], false, 'web'],
    [['[::1]'], false, '[::1]'],
    [['127.0.0.1', 'svc'], false, '127.0.0.1'],
  ] as Array<[string[] | null, boolean | null, string]>)('%j (DEBUG %s) → %s', (hosts, debug, host) => {
    expect(chooseHost(hosts, debug).host).toBe(host);
  });

  it('says why, in words the report can carry', () => {
    expect(chooseHost(['api.internal'], false).because).toBe('ALLOWED_HOSTS has api.internal');
    expect(chooseHost([], false).because).toMatch(/DEBUG is off/);
  });
});
