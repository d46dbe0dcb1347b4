/**
 * Python source, run in the WORKDIR of the service container, that tells which test runner the service's
 * own tests are written for — from the files in the image (pytest.ini, [tool:pytest], pyproject's
 * [tool.pytest.ini_options], conftest.py) and from what the image can import — as one JSON line.
 */
export const RUNNER_DETECT_PY = String.raw`import json, os, importlib.util
def has_section(name, marker):
    try:
        with open(name, encoding='utf-8') as f:
            return marker in f.read()
    except OSError:
        return False
config = None
if os.path.exists('pytest.ini'):
    config = 'pytest.ini'
elif has_section('pyproject.toml', '[tool.pytest.ini_options]'):
    config = 'pyproject.toml'
elif has_section('setup.cfg', '[tool:pytest]'):
    config = 'setup.cfg'
elif has_section('tox.ini', '[pytest]'):
    config = 'tox.ini'
conftest = os.path.exists('conftest.py') or any(os.path.exists(os.path.join(d, 'conftest.py')) for d in os.listdir('.') if os.path.isdir(d))
importable = lambda m: importlib.util.find_spec(m) is not None
print(json.dumps({'pytestConfig': config, 'conftest': conftest, 'pytest': importable('pytest'), 'pytestDjango': importable('pytest_django')}))
`;

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
