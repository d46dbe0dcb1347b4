import { describe, expect, it } from 'vitest';
import { mergeInjections } from '../../../src/stack/injections.js';

describe('env injected before boot', () => {
  it('puts the harness\'s folders first (each hook chains to the next), then the service\'s, then the image\'s', () => {
    const coverage = { env: { PYTHONPATH: '/tmp/enid/py:/srv/lib', ENID_E2E_COVERAGE_DIR: '/x' }, files: [{ content: 'a', target: '/tmp/enid/py/sitecustomize.py' }] };
    const hook = { env: { PYTHONPATH: '/tmp/enid/request-hook:/srv/lib', ENID_REQUEST_TRACEBACKS: '1' }, files: [{ content: 'b', target: '/tmp/enid/request-hook/sitecustomize.py' }] };
    const merged = mergeInjections([coverage, undefined, hook], '/app/src');
    expect(merged?.env).toEqual({ ENID_E2E_COVERAGE_DIR: '/x', ENID_REQUEST_TRACEBACKS: '1', PYTHONPATH: '/tmp/enid/py:/tmp/enid/request-hook:/srv/lib:/app/src' });
    expect(merged?.files.map((f) => f.content)).toEqual(['a', 'b']);
  });

  it('injects nothing when no feature asks', () => {
    expect(mergeInjections([undefined, undefined], '/app')).toBeUndefined();
  });
});
