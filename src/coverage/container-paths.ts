/**
 * Where the harness keeps its own files inside the service container: never under WORKDIR, so nothing
 * it writes can reach the service's sources (with `up`'s bind mount, WORKDIR is the host directory).
 */
export const IN_CONTAINER = {
  /** Python modules the harness injects (sitecustomize, test runner); read-only for the service. */
  pyDir: '/tmp/enid/py',
  /** Scratch space of the coverage phase: unit data, combined data, exported reports. */
  workDir: '/tmp/enid-work',
  /** Exported reports and test results, copied out as one archive. */
  outDir: '/tmp/enid-work/out',
  /** Created by the service's own processes (whatever user they run as), so it lives outside /tmp/enid. */
  e2eDataDir: '/tmp/enid-e2e',
  /** Where an opt-in `pip install --target` puts coverage when the image lacks it. */
  siteDir: '/tmp/enid-site',
} as const;

/** Module (on IN_CONTAINER.pyDir) and class of the test runner the harness supplies. */
export const RUNNER_MODULE = 'enid_django_runner';
export const RUNNER_CLASS = `${RUNNER_MODULE}.Runner`;

/** Environment switch read by the injected sitecustomize; empty in the harness's own execs. */
export const E2E_DIR_ENV = 'ENID_E2E_COVERAGE_DIR';
export const E2E_SOURCE_ENV = 'ENID_E2E_COVERAGE_SOURCE';
/** Where the supplied runner writes its JSON results. */
export const TEST_RESULTS_ENV = 'ENID_TEST_RESULTS';
