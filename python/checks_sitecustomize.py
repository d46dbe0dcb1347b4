"""Injected by enid-test for its checks phase; inert unless ENID_REQUEST_TRACEBACKS is set.

Copied to /tmp/enid/request-hook/sitecustomize.py, which goes first on the service's PYTHONPATH. With
DEBUG=False, Django's default logging prints no traceback for a 500 (its console handler wants DEBUG),
so the run cannot read one from the container log. This connects a receiver to Django's
got_request_exception and prints the traceback to stderr, each line marked with the request id the
harness sent (X-Enid-Request-Id); requests without that header print nothing. The next sitecustomize
on sys.path (the image's own, or the one E2E coverage injects) still runs.
"""
import os
import sys


def _enid_request_tracebacks():
    if not os.environ.get('ENID_REQUEST_TRACEBACKS') or getattr(sys, '_enid_request_tracebacks', False):
        return
    try:
        from django.core.signals import got_request_exception
    except Exception:  # no Django in this process (pip, watchmedo's own interpreter)
        return
    import traceback

    def receiver(sender, request=None, **kwargs):
        try:
            rid = request.META.get('HTTP_X_ENID_REQUEST_ID') if request is not None else None
            if not rid:
                return
            rid = ''.join(c for c in str(rid) if c.isalnum() or c in '-_')[:40]
            text = traceback.format_exc().rstrip('\n')
            lines = ['ENID-TRACEBACK %s %s' % (rid, line) for line in text.split('\n')[-200:]]
            lines.append('ENID-TRACEBACK-END %s' % rid)
            sys.stderr.write('\n'.join(lines) + '\n')
            sys.stderr.flush()
        except Exception:
            pass  # the hook must never change what the service answers

    # weak=False: when another sitecustomize runs this file, nothing else holds the receiver.
    got_request_exception.connect(receiver, weak=False, dispatch_uid='enid-request-tracebacks')
    sys._enid_request_tracebacks = True


def _enid_chain_sitecustomize():
    # Only the entries after this file's folder: one before it ran first and may have chained here.
    import importlib.machinery
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    seen = [os.path.abspath(p or os.curdir) for p in sys.path]
    rest = sys.path[seen.index(here) + 1:] if here in seen else [p for p, a in zip(sys.path, seen) if a != here]
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None:
        return
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


try:
    _enid_request_tracebacks()
except Exception as exc:  # never stop the service from booting
    sys.stderr.write('enid-test: request tracebacks not hooked: %r\n' % (exc,))
_enid_chain_sitecustomize()
