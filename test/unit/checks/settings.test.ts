import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config.js';
import { checksSettings, DEFAULT_MAX_REQUESTS_PER_ENDPOINT, levelFor } from '../../../src/checks/settings.js';
import { parseRunArgs } from '../../../src/cli/args.js';
import { HELP } from '../../../src/cli/help.js';

describe('checks.* config keys', () => {
  it('turn a check off or warn-only by name, and bound the requests per endpoint', () => {
    expect(validateConfig({ checks: { notAServerError: 'warn', cacheLeaks: 'off', maxRequestsPerEndpoint: 40, enabled: true } })).toEqual([]);
    const s = checksSettings({ checks: { notAServerError: 'warn', cacheLeaks: 'off' } });
    expect(s.settings.notAServerError).toBe('warn');
    expect(s.settings.cacheLeaks).toBe('off');
    expect(s.settings.crossUserAccess).toBe('fail');
    expect(checksSettings(undefined)).toMatchObject({ enabled: true, maxRequestsPerEndpoint: DEFAULT_MAX_REQUESTS_PER_ENDPOINT });
  });

  it('name the key and the checks there are when a name is wrong', () => {
    const [problem] = validateConfig({ checks: { notAServerErorr: 'warn' } });
    expect(problem).toMatch(/^config\.checks\.notAServerErorr is not a known key \(known: enabled, maxRequestsPerEndpoint, notAServerError, /);
    expect(validateConfig({ checks: { staffOnly: 'maybe' } })).toEqual(['config.checks.staffOnly must be one of fail, warn, off']);
    expect(validateConfig({ checks: { maxRequestsPerEndpoint: 2 } })[0]).toMatch(/must be a whole number from 5 to 10000/);
  });

  it('warn lowers a failing finding, never raises a warning', () => {
    expect(levelFor('warn', 'fail')).toBe('warn');
    expect(levelFor('fail', 'warn')).toBe('warn');
    expect(levelFor('fail', 'fail')).toBe('fail');
  });
});

describe('--no-checks', () => {
  it('is a flag of run, and its help says so', () => {
    expect(parseRunArgs(['--no-checks']).options.checks).toBe(false);
    expect(parseRunArgs([]).options.checks).toBeUndefined();
    expect(HELP.run).toMatch(/--no-checks/);
  });
});
