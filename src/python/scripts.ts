/**
 * The Python the harness runs inside the service container lives in real `.py` files in the package's
 * `python/` folder (shipped beside `dist/` and `templates/`), so that `npm test` parses, lints and
 * unit-tests it as Python. This module reads them, once per process, from sources (vitest) and from the
 * build (the CLI) alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

/** Every script the harness ships, by its file name in `python/` (without `.py`). */
export const PYTHON_SCRIPTS = [
  // The Django probe: settings, auth, migrations, URL patterns, DRF views (`manage.py shell`).
  'django_probe',
  // The walk over Django's URL patterns and their decorators, imported by the probe and the fallback.
  'enid_url_walk',
  // The URL fallback when the probe cannot run (`manage.py shell`).
  'url_routes',
  // Rows through the service's models, and EXPLAINs at volume (`manage.py shell`).
  'db_rows',
  // The run's test user and its credentials (`manage.py shell`).
  'sign_in',
  // Where manage.py is in the image (`python -c`).
  'locate_manage',
  // Migration files in the container (`python -c`).
  'list_migrations',
  // Is coverage.py importable, and what the service's coverage config says (`python -c`).
  'coverage_probe',
  // pytest or `manage.py test` (`python -c`).
  'runner_detect',
  // The test runner recording each Django test's outcome (imported by `manage.py test`).
  'enid_django_runner',
  // The sitecustomize that measures the service's own processes for `--e2e-coverage`.
  'e2e_sitecustomize',
  // The sitecustomize that prints a 5xx's traceback marked with the checks phase's request id.
  'checks_sitecustomize',
  // Stops Gunicorn gracefully so coverage data gets written (`python -c`).
  'stop_server',
  // coverage.py's combine and reports in a row, one exec (`python -c`).
  'coverage_export',
  // PR mode: the head's migrations described, then applied to the base's database, timed, locks read (`manage.py shell`).
  'pr_migrate',
] as const;

/** The name of one shipped script. */
export type PythonScript = (typeof PYTHON_SCRIPTS)[number];

const sources = new Map<PythonScript, string>();

/** The `python/` folder of the installed package. */
export function pythonDir(): string {
  return path.join(packageRoot(), 'python');
}

/** The source of one script, exactly as the file holds it; read once, then cached. */
export function pythonSource(name: PythonScript): string {
  let source = sources.get(name);
  if (source === undefined) {
    source = readFileSync(path.join(pythonDir(), `${name}.py`), 'utf8');
    sources.set(name, source);
  }
  return source;
}
