import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, readReport, ROOT, runResources, tempDir } from './helpers.js';

// enid-test as a service repository gets it: `npm pack`, installed next to vitest in a copy of a
// fixture service, then driven only through that install, by the commands the README gives.
const SECTION = '## Use it in your service repo';
const TIMEOUT_MS = { install: 300_000, run: 420_000, default: 300_000 };

/** The shell commands of the README section's first fenced block (comments and blank lines dropped). */
function readmeCommands(readme: string): string[][] {
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const section = readme.slice(start + 1).split(/\n## /)[0]!;
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`the README section "${SECTION}" has no \`\`\`sh block`);
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/\s+/));
}

interface Result { code: number | null; output: string }

/** Runs one command in its own process group, killed as a whole when it overruns. */
function sh(argv: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Result> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => {
    output += `\n[killed after ${timeoutMs} ms]`;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('error', (err) => (output += String(err)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The environment of a user's shell: nothing of this repository's install, nor of the vitest running us. */
function userEnv(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$|ENID_STACK_INFO$|ENID_SERVICE_DIR$|ENID_REPORTS_DIR$)/.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '').split(path.delimiter).filter((p) => p && !path.resolve(p).startsWith(ROOT)).join(path.delimiter);
  return {
    ...env,
    CI: '1',
    NO_COLOR: '1',
    // Quieter, faster npm; the cache stays the user's (it makes the second install of a day quick).
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
    // The digest memo and the globalSetup's logs go to the test's temp dir, removed afterwards.
    ENID_CACHE_DIR: path.join(tmp, 'cache'),
    ENID_REPORTS_DIR: path.join(tmp, 'vitest-reports'),
  };
}

describe('installed into a service repo, it works there', () => {
  const tmp = tempDir('consumer');
  const service = path.join(tmp, 'library-service');
  const runIds: string[] = [];

  afterAll(async () => {
    // Only the images this test's builds logged, by tag; then the temp tree with its node_modules.
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const logs = [path.join(service, 'enid-reports/logs/build.log'), path.join(tmp, 'vitest-reports/logs/build.log')].filter(existsSync);
    const tags = new Set(logs.flatMap((f) => readFileSync(f, 'utf8').match(/enid-test\/[a-z0-9._-]+:[0-9a-f]{16}/g) ?? []));
    for (const tag of tags) await docker.getImage(tag).remove().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('npm pack, npm install, then the README commands: `enid-test run .` and `vitest run` pass from the install alone', async () => {
    const commands = readmeCommands(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const line = (argv: string[]): string => argv.join(' ');
    expect(commands.map(line)).toContain('npx enid-test run .');
    expect(commands.map(line)).toContain('npx vitest run');

    // The package exactly as it would be published (dist/ is built by `npm test` before this runs).
    expect(existsSync(path.join(ROOT, 'dist/src/index.js')), 'dist/ is missing: npm run build').toBe(true);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', env: userEnv(tmp) })) as Array<{ filename: string }>;
    const tarball = path.join(tmp, packed[0]!.filename);

    cpSync(fixture('library-pg'), service, { recursive: true });
    writeFileSync(path.join(service, 'package.json'), `${JSON.stringify({ name: 'library-service', version: '0.0.0', private: true }, null, 2)}\n`);
    writeFileSync(path.join(service, 'enid.config.ts'), "import { defineConfig } from 'enid-test';\n\nexport default defineConfig({ seed: { rows: 5 } });\n");
    const env = userEnv(tmp);

    for (const argv of commands) {
      const isInstall = argv[0] === 'npm' && (argv[1] === 'install' || argv[1] === 'i');
      const actual = isInstall ? argv.map((a) => (a === 'enid-test' ? tarball : a)) : argv;
      const started = Date.now();
      const result = await sh(actual, service, env, isInstall ? TIMEOUT_MS.install : line(argv).includes(' run') ? TIMEOUT_MS.run : TIMEOUT_MS.default);
      console.log(`consumer: \`${line(argv)}\` exit ${result.code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(result.code, `${line(argv)}\n${result.output.slice(-4_000)}`).toBe(0);
      if (isInstall) checkExports(service, env);
      if (line(argv) === 'npx enid-test init') {
        expect(result.output).toContain('wrote vitest.config.mts');
        expect(result.output).toContain('appended enid-reports to .dockerignore');
      }
      if (line(argv).startsWith('npx enid-test run')) {
        const report = readReport(path.join(service, 'enid-reports'));
        expect(report.status).toBe('passed');
        expect(report.suites.length).toBeGreaterThan(0);
        runIds.push(report.runId!);
      }
      if (line(argv).startsWith('npx vitest run')) {
        // The globalSetup booted and seeded the stack once (rows 5, from enid.config.ts) and provided it:
        // every test of library-pg's e2e/ (25) passed, and nothing failed.
        expect(result.output).toMatch(/seeded 5 in \/api\/authors\/, 5 in \/api\/books\//);
        expect(Number(/Tests\s+(\d+) passed/.exec(result.output)?.[1])).toBeGreaterThanOrEqual(25);
        expect(result.output).not.toMatch(/Tests\s+\d+ failed/);
        const runId = /enid-test: stack (\S+) up:/.exec(result.output)?.[1];
        expect(runId).toBeDefined();
        runIds.push(runId!);
      }
    }
    for (const runId of runIds) expect(await runResources(runId)).toEqual({ containers: [], networks: [] });
  }, 1_200_000);
});

/**
 * Every `exports` entry of the installed package resolves in ESM at run time (the consumer's own
 * Node) and with its types (this repository's TypeScript, resolving from the consumer's node_modules).
 */
function checkExports(service: string, env: NodeJS.ProcessEnv): void {
  const node = path.join(service, 'node_modules/.bin/node');
  const probe = [
    "const root = await import('enid-test');",
    "const setup = await import('enid-test/vitest');",
    "const suites = await import('enid-test/suites');",
    "const pkg = await import('enid-test/package.json', { with: { type: 'json' } });",
    'console.log(JSON.stringify({ root: Object.keys(root).sort(), setup: typeof setup.default, suites: Object.keys(suites).sort(), name: pkg.default.name, ok: root.ExitCode.Ok }));',
  ].join('\n');
  const seen = JSON.parse(execFileSync(existsSync(node) ? node : process.execPath, ['--input-type=module', '-e', probe], { cwd: service, env, encoding: 'utf8' })) as Record<string, unknown>;
  expect(seen).toEqual({
    root: ['EnidError', 'ExitCode', 'defineConfig', 'run'],
    setup: 'function',
    suites: expect.arrayContaining(['api', 'cachedEndpointSuite', 'crudSuite', 'healthSuite', 'stackInfo']),
    name: 'enid-test',
    ok: 0,
  });
  const check = path.join(service, 'exports-check.mts');
  writeFileSync(check, [
    "import { defineConfig, EnidError, ExitCode, run, type EnidConfig, type RunOptions, type RunReport, type StackInfo } from 'enid-test';",
    "import setup from 'enid-test/vitest';",
    "import { api, crudSuite, healthSuite, stackInfo, type ApiClient } from 'enid-test/suites';",
    'const config: EnidConfig = defineConfig({ seed: { rows: 5 } });',
    "const options: RunOptions = { serviceDir: '.' };",
    'const pending: Promise<RunReport> = run(options);',
    'const code: 0 = ExitCode.Ok;',
    "const error: EnidError = new EnidError('x', { code: 'X', exitCode: ExitCode.BadInput, phase: 'cli' });",
    'const suites: Array<(...args: never[]) => unknown> = [crudSuite, healthSuite, api, stackInfo, setup];',
    'declare const info: StackInfo; declare const client: ApiClient;',
    'export { config, pending, code, error, suites, info, client };',
  ].join('\n'));
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', check], { cwd: service, env, encoding: 'utf8' });
  } catch (err) {
    throw new Error(`the installed package's types do not resolve:\n${(err as { stdout?: string }).stdout ?? String(err)}`);
  } finally {
    rmSync(check);
  }
}
