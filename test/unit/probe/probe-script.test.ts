import { describe, expect, it } from 'vitest';
import { PROBE_PREFIX } from '../../../src/probe/parse.js';
import { pythonSource } from '../../../src/python/scripts.js';
import { bootstrap, PROBE_CONTAINER_PATH, probeCommand } from '../../../src/probe/run-probe.js';
import { PROBE_VERSION } from '../../../src/probe/types.js';
import { RECORDINGS } from './recorded.js';

const PROBE_PY = pythonSource('django_probe');
const lines = PROBE_PY.split('\n');

describe('the probe script', () => {
  it('is plain ASCII with spaces, so any container locale reads it', () => {
    expect(/^[\x20-\x7e\n]*$/.test(PROBE_PY)).toBe(true);
    expect(PROBE_PY.endsWith('\n')).toBe(true);
  });

  it('imports only the standard library at module level: Django and DRF imports sit in guarded functions', () => {
    const topLevel = lines.filter((l) => /^(import|from) /.test(l));
    expect(topLevel).toEqual(['import decimal', 'import functools', 'import json', 'import re', 'import sys']);
  });

  it('declares the document version this module reads and prints the prefix parse.ts looks for', () => {
    expect(lines).toContain(`PROBE_VERSION = ${PROBE_VERSION}`);
    expect(PROBE_PY).toContain(`sys.stdout.write('\\n${PROBE_PREFIX}{' + ','.join(parts) + '}\\n')`);
  });

  it('avoids syntax and library calls newer than Python 3.8', () => {
    for (const newer of ['.removeprefix(', '.removesuffix(', 'match ', ': list[', ': dict[', ' | None', 'functools.cache(', 'zip(strict']) {
      expect(PROBE_PY).not.toContain(newer);
    }
  });
});

describe('probeCommand', () => {
  it('runs the copied script through the service manage.py, in a fresh namespace', () => {
    expect(PROBE_CONTAINER_PATH.startsWith('/tmp/enid/')).toBe(true);
    expect(bootstrap()).toBe(`exec(compile(open("${PROBE_CONTAINER_PATH}", encoding='utf-8').read(), "${PROBE_CONTAINER_PATH}", 'exec'), {'__name__': 'enid_probe'})`);
    expect(probeCommand()).toEqual(['python', 'manage.py', 'shell', '-c', bootstrap()]);
    expect(probeCommand({ manage: 'app/manage.py', python: 'python3' })).toEqual(['python3', 'app/manage.py', 'shell', '-c', bootstrap()]);
  });

  it('is the command the recorded runs used', () => {
    for (const rec of RECORDINGS) expect(rec.command, rec.file).toEqual(probeCommand());
  });
});
