/**
 * Python source that reports whether coverage.py is importable and what the service's own coverage
 * config (read from the cwd, as `coverage run` would) says, as one JSON line on stdout.
 */
export const PROBE_PY = String.raw`import json, sys
try:
    import coverage
except ImportError as exc:
    print(json.dumps({'installed': False, 'error': str(exc)}))
    sys.exit(0)
cov = coverage.Coverage()
print(json.dumps({
    'installed': True,
    'version': coverage.__version__,
    'source': cov.get_option('run:source'),
    'include': cov.get_option('run:include'),
    'branch': bool(cov.get_option('run:branch')),
    'configFiles': list(getattr(cov.config, 'config_files_read', []) or []),
    'failUnder': float(cov.get_option('report:fail_under') or 0),
}))
`;
