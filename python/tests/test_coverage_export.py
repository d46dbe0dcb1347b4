"""coverage_export.py's row: the data-file check, the order, and where a failing step ends it.

A stand-in for 'python -m coverage' (a shell script as sys.executable) answers by its argument, so the
row's logic runs without coverage.py installed on the host.
"""
import os
import stat
import sys
import tempfile
import unittest

import coverage_export as export

STAND_IN = """#!/bin/sh
# argv: -m coverage <what>
echo "$3 on $COVERAGE_FILE"
case "$3" in
  fail) exit 1 ;;
  under) echo 'Coverage failure: total of 50 is less than fail-under=90'; exit 2 ;;
  other2) exit 2 ;;
esac
"""


class Row(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.data = os.path.join(self.tmp.name, 'unit', '.coverage')
        fake = os.path.join(self.tmp.name, 'python')
        with open(fake, 'w') as f:
            f.write(STAND_IN)
        os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
        self.addCleanup(setattr, export.sys, 'executable', sys.executable)
        export.sys.executable = fake

    def plan(self, *whats):
        return {'dataFile': self.data, 'steps': [{'what': w, 'args': [w], 'dataFile': self.data + '-' + w} for w in whats]}

    def write_part(self):
        os.makedirs(os.path.dirname(self.data))
        open(self.data + '.host.1.2', 'w').close()

    def test_no_data_files_runs_nothing(self):
        self.assertEqual(export.run(self.plan('ok')), {'data': False, 'steps': []})
        os.makedirs(os.path.dirname(self.data))
        open(os.path.join(os.path.dirname(self.data), 'other'), 'w').close()
        self.assertEqual(export.run(self.plan('ok')), {'data': False, 'steps': []})

    def test_every_step_in_order_each_on_its_data_file(self):
        self.write_part()
        out = export.run(self.plan('ok', 'again'))
        self.assertTrue(out['data'])
        self.assertEqual([(s['what'], s['exitCode']) for s in out['steps']], [('ok', 0), ('again', 0)])
        self.assertEqual(out['steps'][1]['output'].strip(), 'again on ' + self.data + '-again')

    def test_a_failing_step_ends_the_row_but_fail_under_does_not(self):
        self.write_part()
        out = export.run(self.plan('ok', 'under', 'fail', 'never'))
        self.assertEqual([(s['what'], s['exitCode'], s['failed']) for s in out['steps']], [('ok', 0, False), ('under', 2, False), ('fail', 1, True)])

    def test_exit_2_without_coverage_failure_is_a_failure(self):
        self.write_part()
        out = export.run(self.plan('other2', 'never'))
        self.assertEqual([(s['what'], s['failed']) for s in out['steps']], [('other2', True)])


if __name__ == '__main__':
    unittest.main()
