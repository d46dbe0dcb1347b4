"""Supplied by enid-test: the project's test runner, recording each test's outcome as JSON.

Copied to /tmp/enid/py/enid_django_runner.py and named with '--testrunner enid_django_runner.Runner'.
It subclasses the project's own TEST_RUNNER, so its settings still apply, and records every outcome
(id, status, duration, traceback) into the file ENID_TEST_RESULTS names: exact where parsing verbose
output would have to guess.
"""
import json
import os
import time
import unittest

from django.conf import settings
from django.test.utils import get_runner

_Base = get_runner(settings)
_RECORDS = []


class _Recorder:
    def startTest(self, test):
        self._enid_started = time.perf_counter()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        self._enid_started = None

    def _enid_record(self, test, status, detail=None):
        started = getattr(self, '_enid_started', None)
        elapsed = (time.perf_counter() - started) * 1000 if started is not None else 0
        _RECORDS.append({'id': test.id(), 'status': status, 'durationMs': round(elapsed, 3), 'detail': detail})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._enid_record(test, 'passed')

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._enid_record(test, 'failed', self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self._enid_record(test, 'error', self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._enid_record(test, 'skipped', reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._enid_record(test, 'passed', 'expected failure')

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._enid_record(test, 'failed', 'unexpected success')

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            trace = (self.failures if failed else self.errors)[-1][1]
            self._enid_record(test, 'failed' if failed else 'error', '%s\n%s' % (subtest, trace))


class Runner(_Base):
    def get_resultclass(self):
        base = super().get_resultclass() if hasattr(_Base, 'get_resultclass') else None
        return type('EnidRecordingResult', (_Recorder, base or unittest.TextTestResult), {})

    def run_suite(self, suite, **kwargs):
        try:
            return super().run_suite(suite, **kwargs)
        finally:
            path = os.environ.get('ENID_TEST_RESULTS')
            if path:
                with open(path, 'w', encoding='utf-8') as out:
                    json.dump({'version': 1, 'tests': _RECORDS}, out)
