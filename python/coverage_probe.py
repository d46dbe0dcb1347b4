"""Supplied by enid-test: is coverage.py importable, and what does the service's coverage config say.

Run with 'python -c' in the WORKDIR (the config is read from the cwd, as 'coverage run' would read it);
prints one JSON line.
"""
import json, sys
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
