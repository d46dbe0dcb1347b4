"""Injected by enid-test for --e2e-coverage; inert unless ENID_E2E_COVERAGE_DIR is set.

Copied to /tmp/enid/py/sitecustomize.py, which goes first on the service's PYTHONPATH. Every Python
process of the service (entrypoint's manage.py calls, watchmedo, the Gunicorn master and its forked
workers) then measures itself, each into its own data file (data_suffix=True; coverage.py starts a new
file after a fork). The service's own .coveragerc / setup.cfg / tox.ini / pyproject.toml apply
(config_file=True, read from the process's cwd, the WORKDIR); 'source' defaults to the WORKDIR only
when that config names neither 'source' nor 'include'. The image's own sitecustomize, which this one
shadows on PYTHONPATH, still runs.
"""
import os


def _enid_e2e_coverage():
    data_dir = os.environ.get('ENID_E2E_COVERAGE_DIR')
    if not data_dir:
        return
    try:
        import coverage
    except ImportError:
        return
    try:
        os.makedirs(data_dir, exist_ok=True)
        os.chmod(data_dir, 0o777)
    except OSError:
        pass
    cov = coverage.Coverage(data_file=os.path.join(data_dir, '.coverage'), data_suffix=True, config_file=True, auto_data=True)
    if not cov.get_option('run:source') and not cov.get_option('run:include'):
        cov.set_option('run:source', [os.environ.get('ENID_E2E_COVERAGE_SOURCE') or os.getcwd()])
    # Processes that run no service code (watchmedo, pip) must not print "No data was collected".
    for attr in ('_warn_no_data', '_warn_unimported_source', '_warn_preimported_source'):
        setattr(cov, attr, False)
    cov.start()


def _enid_chain_sitecustomize():
    import importlib.machinery
    import importlib.util
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', path)
    if spec is None or spec.loader is None:
        return
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


try:
    _enid_e2e_coverage()
except Exception as exc:  # a broken measurement must never stop the service from booting
    import sys
    sys.stderr.write('enid-test: E2E coverage not started: %r\n' % (exc,))
_enid_chain_sitecustomize()
