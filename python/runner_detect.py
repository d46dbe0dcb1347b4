"""Supplied by enid-test: which test runner the service's own tests are written for.

Run with 'python -c' in the WORKDIR: the files in the image (pytest.ini, [tool:pytest], pyproject's
[tool.pytest.ini_options], conftest.py) and what the image can import, as one JSON line.
"""
import json, os, importlib.util
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
