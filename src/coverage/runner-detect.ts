/** Which test runner the service's own tests are written for, from what python/runner_detect.py found in the image. */

export interface RunnerEvidence {
  pytestConfig: string | null;
  conftest: boolean;
  pytest: boolean;
  pytestDjango: boolean;
}

/** pytest when the service configures it (or has a conftest.py) and the image has it; else `manage.py test`. */
export function chooseRunner(e: RunnerEvidence): { runner: 'pytest' | 'django'; because: string } {
  if ((e.pytestConfig || e.conftest) && e.pytest) {
    const where = e.pytestConfig ?? 'conftest.py';
    return { runner: 'pytest', because: `pytest${e.pytestDjango ? ' with pytest-django' : ''}: the service configures it in ${where}` };
  }
  return { runner: 'django', because: e.pytestConfig || e.conftest ? 'manage.py test: the service configures pytest, but the image cannot import it' : 'manage.py test: no pytest configuration in the image' };
}
