import { BACKING_MODULES, imageOverride } from '../backing/registry.js';

// The backing services' flags come from their modules, like the parser's.
const BACKING_IMAGE_LINES = BACKING_MODULES.map((m) => {
  const { flag, env } = imageOverride(m);
  return `  ${`${flag} IMG`.padEnd(22)}  ${m.title} image (env ${env}; default ${m.defaultImage})`;
}).join('\n');
const BACKING_TOGGLE_LINES = BACKING_MODULES.filter((m) => m.optional).map((m) =>
  `  ${`--${m.kind} / --no-${m.kind}`.padEnd(22)}  force ${m.title} on or off (default: discovered from requirements and compose)`).join('\n');
const BACKING_USAGE = BACKING_MODULES.map((m) => `[${imageOverride(m).flag} IMG]`).join(' ');

export const HELP: Record<string, string> = {
  main: `enid-test — integration tests for Django microservices, against real containers

Usage:
  enid-test run [SERVICE_DIR...]   boot, seed, run flows, timing and coverage checks, report, tear down
  enid-test up [SERVICE_DIR]       boot and keep the stack (source bind-mounted); Ctrl-C tears it down
  enid-test doctor [SERVICE_DIR]   engine reachable? images present? what discovery found and assumed
  enid-test clean [--all] [--images]  remove leftovers of crashed runs
  enid-test merge-reports DIR...   merge report.json files of shards into one report
  enid-test init-ci [github|gitlab] [SERVICE_DIR]  write a CI job template into a service repo
  enid-test init [SERVICE_DIR]     set a service repo up: vitest config, e2e example, CI job, .dockerignore

Run \`enid-test <command> --help\` for the options of a command.
Exit codes: 0 passed · 1 a check failed · 2 bad input · 3 build/boot failed · 4 environment · 70 enid-test failed · 130 interrupted`,
  run: `Usage: enid-test run [SERVICE_DIR=.]... [options]

Options:
  --reports DIR           where reports go (default ./enid-reports; per service when several)
  --seed N                Faker seed: same seed, same data (default 1)
  --rows N                rows to seed per endpoint (default 20)
  --shard i/n             run shard i of n of the flows and suites (each shard boots its own stack)
  --build-arg K=V         build argument for the service image (repeatable; env ENID_BUILD_ARGS=K=V,K=V)
  --python-image IMG      base image for the Dockerfile's ARG PYTHON_VERSION (env ENID_PYTHON_IMAGE)
${BACKING_IMAGE_LINES}
  --image IMG             use a prebuilt service image instead of building the Dockerfile
${BACKING_TOGGLE_LINES}
  --min-coverage PCT      fail (exit 1) when line coverage is below PCT (combined with --e2e-coverage)
  --e2e-coverage          also measure coverage of the service while seeding and flows run
  --no-coverage           skip the in-container Django tests
  --no-timing             skip the cache timing checks
  --no-database           skip the database hygiene checks (N+1, scans at volume, missing migrations)
  --no-checks             skip the checks phase (edge input, two users, caches, writes that stick)
  --no-suites             skip the service's own vitest suites (e2e/**/*.test.ts)
  --parallel N            services run at once when several are given (default 2)
  --json                  print only the JSON report on stdout
  --quiet                 console shows only errors and the final line
  --verbose, -v           stream the containers' logs to the console as they arrive
  --keep                  leave the stack running after the run (remove with \`enid-test clean\`)
  --base REF              PR mode: also build the service at the merge base of REF and HEAD and compare
                          (API contract, migrations on its data, latency and queries A/B, coverage);
                          \`auto\`: the pull request's target branch in CI (GITHUB_BASE_REF,
                          CI_MERGE_REQUEST_TARGET_BRANCH_NAME), else origin/main

Examples:
  enid-test run ./services/leads
  enid-test run . --seed 7 --rows 200 --min-coverage 80
  enid-test run . --base origin/main
  ENID_PYTHON_IMAGE=my-registry/python:3.12-alpine enid-test run svc-a svc-b --parallel 2`,
  up: `Usage: enid-test up [SERVICE_DIR=.] [--python-image IMG] ${BACKING_USAGE} [--build-arg K=V]...

Boots the service with its PostgreSQL (and Redis), bind-mounts the source over the image's WORKDIR so
watchmedo restarts Gunicorn on every edit, prints the URLs, and tears everything down on Ctrl-C.`,
  doctor: `Usage: enid-test doctor [SERVICE_DIR=.] [--python-image IMG] ${BACKING_USAGE}

Checks that a container engine answers, which images are present, and prints what discovery found in
the service directory and what it assumed. Exit 0 when a run could start, 2 on a bad service, 4 on the environment.`,
  clean: `Usage: enid-test clean [--all] [--images]

Removes containers and networks left by enid-test runs whose process is gone (a crash, a kill -9).
  --all      also those of runs still going
  --images   also the cached service images (enid-test/*)`,
  'merge-reports': `Usage: enid-test merge-reports [--reports OUT] DIR...

Merges the report.json of several shards (each DIR holds one) into OUT (default ./enid-reports): one
report.json, junit.xml and summary.md with every flow and suite once. Exit code as the worst shard.`,
  init: `Usage: enid-test init [SERVICE_DIR=.] [--ci github|gitlab|none] [--reports DIR]

Sets a service repository up for enid-test: vitest.config.mts with the globalSetup, an example
e2e/health.test.ts using enid-test/suites, the CI job (GitLab when .gitlab-ci.yml exists and .github/
does not, else GitHub Actions), and node_modules plus the reports folder in .dockerignore. Never
overwrites a file; appending to an existing .dockerignore is its only change to a file you have.`,
  'init-ci': `Usage: enid-test init-ci [github|gitlab] [SERVICE_DIR=.]

Writes a CI job that runs \`npx enid-test run\` and uploads junit.xml and coverage/cobertura.xml:
.github/workflows/enid-test.yml or .gitlab-ci.yml (an existing file is never overwritten). On pull and
merge requests the job runs in PR mode (ENID_BASE=auto: compared with the target branch).`,
};
