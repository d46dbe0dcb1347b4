import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import { discover } from '../../src/discover/discover.js';
import { optionsFromEnv } from '../../src/run-options.js';
import { HttpClient } from '../../src/http/client.js';
import { hostHeaderOf, httpsAnswer } from '../../src/inspect/host.js';
import { runProbe } from '../../src/probe/run-probe.js';
import type { StartedStack } from '../../src/stack/start-stack.js';
import type { RunReport, ServiceSpec } from '../../src/types.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const fixture = (name: string): string => path.join(ROOT, 'fixtures', name);
export const tempDir = (prefix: string): string => mkdtempSync(path.join(tmpdir(), `enid-${prefix}-`));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Send SIGINT once stdout or stderr matches. */
  interruptOn?: RegExp;
  timeoutMs?: number;
}

/** Runs the built CLI (dist/) as a user would, with the stand-in images from the environment. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  const check = (): void => {
    if (options.interruptOn && !interrupted && options.interruptOn.test(stdout + stderr)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  };
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); check(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); check(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

export function readReport(dir: string): RunReport {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as RunReport;
}

/** Containers and networks of one run (by its run label), as the engine lists them. */
export async function runResources(runId: string | undefined): Promise<{ containers: string[]; networks: string[] }> {
  if (!runId) throw new Error('the report carries no runId');
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const label = { label: [`dev.enid-test.run=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters: label });
  const networks = await docker.listNetworks({ filters: label });
  return { containers: containers.map((c) => c.Names[0] ?? c.Id).sort(), networks: networks.map((n) => n.Name).sort() };
}

/** A fixture's ServiceSpec with the images the CLI would use (ENID_* stand-ins, else the public ones). */
export function fixtureSpec(name: string): ServiceSpec {
  return discover(fixture(name), {
    ...optionsFromEnv(),
    generatePassword: () => 'integration-password',
  });
}

/**
 * A client for a stack a test booted without the pipeline: the Host header is the one the service's
 * ALLOWED_HOSTS accepts, asked of Django by the probe as the inspect phase does — the published address
 * may be the bridge gateway (172.17.0.1 inside a CI container), which the fixtures do not list.
 */
export async function stackClient(stack: StartedStack): Promise<HttpClient> {
  const { document } = await runProbe(stack.service, stack.service.codeDir);
  const baseUrl = stack.service.getBaseUrl();
  const { hostHeader } = hostHeaderOf(document.settings, baseUrl);
  const https = httpsAnswer(document.settings, hostHeader);
  return new HttpClient(baseUrl, { headers: { host: hostHeader, ...(https.kind === 'proxy' ? https.headers : {}) } });
}
