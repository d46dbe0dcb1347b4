import { describe, expect, it } from 'vitest';
import { PROBE_PREFIX } from '../../../src/probe/parse.js';
import { pythonSource } from '../../../src/python/scripts.js';
import { bootstrap, PROBE_CONTAINER_PATH, probeCommand, URL_WALK_CONTAINER_PATH } from '../../../src/probe/run-probe.js';
import { PROBE_VERSION } from '../../../src/probe/types.js';
import { RECORDINGS } from './recorded.js';

const PROBE = pythonSource('django_probe');
const URL_WALK = pythonSource('enid_url_walk');
const topLevelImports = (source: string): string[] => source.split('\n').filter((l) => /^(import|from) /.test(l));

describe('the probe script', () => {
  it('is plain ASCII with spaces, so any container locale reads it', () => {
    for (const source of [PROBE, URL_WALK]) {
      expect(/^[\x20-\x7e\n]*$/.test(source)).toBe(true);
      expect(source.endsWith('\n')).toBe(true);
    }
  });

  it('imports only the standard library and its URL walk at module level: Django and DRF imports sit in guarded functions', () => {
    expect(topLevelImports(PROBE)).toEqual([
      'import json', 'import re', 'import sys',
      'from enid_url_walk import HTTP_METHODS, cell_values, describe_pattern, dotted, innermost, plain, view_actions, view_class, walk_urls',
    ]);
    expect(topLevelImports(URL_WALK)).toEqual(['import decimal', 'import functools', 'import re']);
  });

  it('declares the document version this module reads and prints the prefix parse.ts looks for', () => {
    expect(PROBE.split('\n')).toContain(`PROBE_VERSION = ${PROBE_VERSION}`);
    expect(PROBE).toContain(`sys.stdout.write('\\n${PROBE_PREFIX}{' + ','.join(parts) + '}\\n')`);
  });
});

describe('probeCommand', () => {
  it('runs the copied script through the service manage.py, as __main__, with its directory importable', () => {
    expect(PROBE_CONTAINER_PATH.startsWith('/tmp/enid/')).toBe(true);
    // The walk is imported by its module name from the probe's own directory.
    expect(URL_WALK_CONTAINER_PATH).toBe('/tmp/enid/enid_url_walk.py');
    expect(bootstrap()).toBe(`import sys; sys.path.append("/tmp/enid"); exec(compile(open("${PROBE_CONTAINER_PATH}", encoding='utf-8').read(), "${PROBE_CONTAINER_PATH}", 'exec'), {'__name__': '__main__'})`);
    expect(probeCommand()).toEqual(['python', 'manage.py', 'shell', '-c', bootstrap()]);
    expect(probeCommand({ manage: 'app/manage.py', python: 'python3' })).toEqual(['python3', 'app/manage.py', 'shell', '-c', bootstrap()]);
  });

  it('is the command the recorded runs used', () => {
    for (const rec of RECORDINGS) expect(rec.command, rec.file).toEqual(probeCommand());
  });
});
