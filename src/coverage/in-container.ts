import createDebug from 'debug';
import { setTimeout as sleep } from 'node:timers/promises';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { pythonSource } from '../python/scripts.js';
import { readTarFiles } from './archive.js';
import { E2E_DIR_ENV, IN_CONTAINER, RUNNER_MODULE, TEST_RESULTS_ENV } from './container-paths.js';
import { coverageCommandFailed } from './errors.js';
import type { RunnerEvidence } from './runner-detect.js';

const debug = createDebug('enid:coverage');

export type CoverageContainer = Pick<StartedTestContainer, 'exec' | 'copyContentToContainer' | 'copyArchiveFromContainer' | 'getId' | 'restart'>;

export interface ExecOutcome {
  exitCode: number;
  output: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** One `python -m coverage <args>` on its own data file; `what` names it in errors. */
export interface CoverageStep {
  what: string;
  args: string[];
  dataFile: string;
}

export interface Probe {
  installed: boolean;
  error?: string;
  version?: string;
  source?: string[] | null;
  include?: string[] | null;
  branch?: boolean;
  configFiles?: string[];
  /** `[report] fail_under` of the service's config (0 = none). */
  failUnder?: number;
}

/** Commands of the coverage phase inside the service container, in its WORKDIR, with the harness's env. */
export class InContainer {
  private sitePackages = false;

  constructor(
    private readonly container: CoverageContainer,
    private readonly service: string,
    private readonly workdir: string,
    private readonly servicePythonPath: string | undefined,
  ) {}

  /** argv in the WORKDIR. The injected sitecustomize stays inert here: the harness's own processes are not E2E. */
  async run(argv: string[], env: Record<string, string> = {}): Promise<ExecOutcome> {
    const t = Date.now();
    const pythonPath = [IN_CONTAINER.pyDir, this.sitePackages ? IN_CONTAINER.siteDir : '', this.servicePythonPath ?? ''].filter(Boolean).join(':');
    const res = await this.container.exec(argv, { workingDir: this.workdir, env: { [E2E_DIR_ENV]: '', PYTHONPATH: pythonPath, ...env } });
    // Inline scripts are long: their first line is enough to tell them apart.
    debug('[%s] %s → %d in %d ms', this.service, argv.slice(0, 8).map((a) => a.split('\n')[0]).join(' '), res.exitCode, Date.now() - t);
    return { ...res, durationMs: Date.now() - t };
  }

  async probe(): Promise<Probe> {
    const res = await this.run(['python', '-c', pythonSource('coverage_probe')]);
    const line = res.stdout.trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(line) as Probe;
    } catch {
      return { installed: false, error: res.output.trim().split('\n').at(-1) ?? `python exited ${res.exitCode}` };
    }
  }

  /** Opt-in: `pip install --target` into /tmp, used through PYTHONPATH; the image stays as built. */
  async installCoverage(): Promise<string | undefined> {
    const res = await this.run(['python', '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--retries', '1', '--timeout', '10', '--target', IN_CONTAINER.siteDir, 'coverage']);
    if (res.exitCode !== 0) return res.output.trim().split('\n').at(-1) ?? `pip exited ${res.exitCode}`;
    this.sitePackages = true;
    return undefined;
  }

  /** The supplied runner module, and a clean scratch directory. */
  /** Which runner the service's tests are written for, asked of the image (its files, what it imports). */
  async runnerEvidence(): Promise<RunnerEvidence | undefined> {
    const res = await this.run(['python', '-c', pythonSource('runner_detect')]);
    try {
      return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as RunnerEvidence;
    } catch {
      debug('[%s] runner detection printed no JSON: %s', this.service, res.output.slice(-300));
      return undefined;
    }
  }

  async prepare(): Promise<void> {
    await this.container.copyContentToContainer([{ content: pythonSource('enid_django_runner'), target: `${IN_CONTAINER.pyDir}/${RUNNER_MODULE}.py`, mode: 0o644 }]);
    const res = await this.run(['python', '-c', `import os, shutil; shutil.rmtree(${py(IN_CONTAINER.workDir)}, ignore_errors=True); os.makedirs(${py(IN_CONTAINER.outDir)})`]);
    if (res.exitCode !== 0) throw coverageCommandFailed(this.service, `setup of ${IN_CONTAINER.workDir}`, res.output);
  }

  async runTests(argv: string[], dataFile: string, resultsFile: string): Promise<ExecOutcome> {
    return this.run(argv, { COVERAGE_FILE: dataFile, [TEST_RESULTS_ENV]: resultsFile });
  }

  /**
   * coverage.py's commands in a row, in one exec (each exec costs ~150 ms of CPU): nothing when no `-p`
   * data files sit next to `dataFile` (false), else every step, each on its own data file (true). Throws
   * with coverage's message at the first step that failed. `combine` with no inputs merges the `-p` files
   * next to its data file.
   */
  async coverageSteps(dataFile: string, steps: CoverageStep[]): Promise<boolean> {
    const res = await this.run(['python', '-c', pythonSource('coverage_export'), JSON.stringify({ dataFile, steps })]);
    let outcome: { data: boolean; steps: Array<{ what: string; exitCode: number; failed: boolean; output: string }> };
    try {
      outcome = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as typeof outcome;
    } catch {
      throw coverageCommandFailed(this.service, steps[0]?.what ?? 'export', res.output);
    }
    // A step below the service's own `fail_under` (exit 2) is not failed: its report was written, and the phase's gate decides.
    const failed = outcome.steps.find((s) => s.failed);
    if (failed) throw coverageCommandFailed(this.service, failed.what, failed.output);
    return outcome.data;
  }

  /** Whether `-p` data files exist next to `dataFile` (the directory listing, in Python: no shell assumed). */
  async hasDataFiles(dataFile: string): Promise<boolean> {
    const dir = dataFile.slice(0, dataFile.lastIndexOf('/'));
    const base = dataFile.slice(dataFile.lastIndexOf('/') + 1);
    const res = await this.run(['python', '-c', `import os, sys; d=${py(dir)}; sys.exit(0 if os.path.isdir(d) and any(f.startswith(${py(`${base}.`)}) for f in os.listdir(d)) else 1)`]);
    return res.exitCode === 0;
  }

  /**
   * SIGTERM to the Gunicorn master(s), waiting until they exited and coverage data was written.
   * Undefined when the script was cut short: Gunicorn was PID 1 and the container stopped with it.
   */
  async stopServer(waitSeconds = 40): Promise<{ signalled: number[]; stillRunning: number[] } | undefined> {
    const res = await this.run(['python', '-c', pythonSource('stop_server'), String(waitSeconds)]);
    try {
      return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as { signalled: number[]; stillRunning: number[] };
    } catch {
      debug('[%s] stop script gave no result (exit %d): %s', this.service, res.exitCode, res.output.slice(-500));
      return undefined;
    }
  }

  /** Whether the container still runs `settleMs` from now (a container whose PID 1 just exited may still say it does). */
  async isRunning(settleMs = 0): Promise<boolean> {
    const client = await getContainerRuntimeClient();
    const handle = client.container.getById(this.container.getId());
    const deadline = Date.now() + settleMs;
    for (;;) {
      const running = (await client.container.inspect(handle)).State.Running;
      if (!running || Date.now() >= deadline) return running;
      await sleep(200);
    }
  }

  async restart(): Promise<void> {
    await this.container.restart();
  }

  /** The out directory's files, through copyArchiveFromContainer. */
  async fetchOut(): Promise<Map<string, Buffer>> {
    return readTarFiles(await this.container.copyArchiveFromContainer(IN_CONTAINER.outDir));
  }
}

/** A Python string literal (JSON's escaping is valid Python for these paths). */
function py(value: string): string {
  return JSON.stringify(value);
}
