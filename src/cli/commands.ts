import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { discover } from '../discover/discover.js';
import { loadConfig } from '../discover/load-config.js';
import { secretValues } from '../discover/secrets.js';
import { EnidError } from '../errors.js';
import { createReporters } from '../report/index.js';
import { redact } from '../report/redact.js';
import { run } from '../run.js';
import { optionsFromEnv, toDiscoverOptions } from '../run-options.js';
import { sweep } from '../stack/cleanup.js';
import { getEngine } from '../stack/engine.js';
import { startStack } from '../stack/start-stack.js';
import type { ServiceSpec } from '../types.js';
import { parseRunArgs } from './args.js';
import { ExitCode, worstExitCode } from '../exit-codes.js';
import { abortOnSignals } from './signals.js';

type Out = (line: string) => void;

export async function runCommand(argv: string[], out: Out): Promise<number> {
  const args = parseRunArgs(argv, 'run');
  const { signal, dispose } = abortOnSignals((name) => process.stderr.write(`\n${name}: stopping and tearing down…\n`));
  try {
    const baseReports = path.resolve(args.options.reportsDir ?? 'enid-reports');
    const jobs = args.dirs.map((dir) => async (): Promise<number> => {
      const reportsDir = args.dirs.length > 1 ? path.join(baseReports, path.basename(path.resolve(dir))) : baseReports;
      const reporter = createReporters({ reportsDir, json: args.json, quiet: args.quiet });
      const report = await run({ ...args.options, serviceDir: dir, reportsDir, reporter, signal });
      return report.exitCode;
    });
    const codes = await limitConcurrency(jobs, args.parallel);
    if (args.dirs.length > 1 && !args.json) out(`${args.dirs.length} services: exit ${worstExitCode(codes)}`);
    return worstExitCode(codes);
  } finally {
    dispose();
  }
}

async function limitConcurrency<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

async function specFor(dir: string, argv: string[], command: string): Promise<ServiceSpec> {
  const args = parseRunArgs(argv, command);
  const opts = { ...optionsFromEnv(), ...Object.fromEntries(Object.entries(args.options).filter(([, v]) => v !== undefined)) };
  const { config } = await loadConfig(path.resolve(dir));
  return discover(dir, toDiscoverOptions(opts, config));
}

export async function upCommand(argv: string[], out: Out): Promise<number> {
  const args = parseRunArgs(argv, 'up');
  const dir = args.dirs[0]!;
  const spec = await specFor(dir, argv, 'up');
  const { signal, dispose } = abortOnSignals(() => out('tearing down…'));
  try {
    const runId = `${spec.name}-up-${randomUUID().slice(0, 8)}`;
    const stack = await startStack(spec, { runId, logsDir: path.resolve(args.options.reportsDir ?? 'enid-reports', 'logs'), signal, mountSource: true, onProgress: out });
    const info = stack.toInfo();
    out(`${spec.name}: run ${runId} is up (source bind-mounted: edits reload Gunicorn)`);
    out(`  service   ${info.baseUrl}${spec.apiRoots[0] ?? '/'}`);
    out(`  postgres  postgresql://${info.postgres.user}:***@${info.postgres.host}:${info.postgres.port}/${info.postgres.database}`);
    if (info.redisUrl) out(`  redis     ${info.redisUrl}`);
    out(`  logs      ${info.logs.service}`);
    out('Press Ctrl-C to tear everything down.');
    // A pending promise alone does not keep Node running: hold the loop open until Ctrl-C.
    const keepAlive = setInterval(() => undefined, 60_000);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    clearInterval(keepAlive);
    await stack.stop();
    out('stack removed');
    return ExitCode.Ok;
  } finally {
    dispose();
  }
}

export async function doctorCommand(argv: string[], out: Out): Promise<number> {
  const args = parseRunArgs(argv, 'doctor');
  let code: number = ExitCode.Ok;
  let spec: ServiceSpec | undefined;
  try {
    spec = await specFor(args.dirs[0]!, argv, 'doctor');
  } catch (err) {
    if (!(err instanceof EnidError)) throw err;
    out(`✖ service: ${err.message}`);
    if (err.hint) out(`  hint: ${err.hint}`);
    code = err.exitCode;
  }
  try {
    const client = await getEngine();
    const rt = client.info.containerRuntime;
    out(`✔ engine: ${rt.host} (${rt.operatingSystem}, ${rt.cpus} CPUs, API ${rt.serverVersion}, socket ${rt.remoteSocketPath})`);
    if (spec) {
      const images: Array<[string, string]> = [[spec.postgres.image, '--postgres-image / ENID_POSTGRES_IMAGE']];
      if (spec.redis) images.push([spec.redis.image, '--redis-image / ENID_REDIS_IMAGE']);
      if (spec.image.kind === 'image') images.push([spec.image.image, '--image']);
      else if (spec.image.args.PYTHON_VERSION) images.push([spec.image.args.PYTHON_VERSION, '--python-image / ENID_PYTHON_IMAGE']);
      const { ImageName } = await import('testcontainers');
      for (const [image, flag] of images) {
        const present = await client.image.exists(ImageName.fromString(image));
        out(`${present ? '✔' : '!'} image ${image}: ${present ? 'present' : `not present; pulled at run time if a registry answers (override: ${flag})`}`);
      }
    }
  } catch (err) {
    if (!(err instanceof EnidError)) throw err;
    out(`✖ engine: ${err.message}`);
    if (err.hint) out(`  hint: ${err.hint}`);
    code = worstExitCode([code, err.exitCode]);
  }
  if (spec) printSpec(spec, out);
  return code;
}

function printSpec(spec: ServiceSpec, out: Out): void {
  const secrets = secretValues(spec);
  out(`service ${spec.name} (${spec.dir})`);
  out(`  image      ${spec.image.kind === 'build' ? `build ${path.join(spec.image.context, spec.image.dockerfile)} ${Object.entries(spec.image.args).map(([k, v]) => `${k}=${v}`).join(' ')}` : spec.image.image}`);
  out(`  port       ${spec.port}   health ${spec.healthPath}   api roots ${spec.apiRoots.join(', ')}   workdir ${spec.workdir}`);
  out(`  postgres   ${spec.postgres.image} as ${spec.postgres.aliases.join(', ')} (user ${spec.postgres.user}, db ${spec.postgres.database})`);
  out(`  redis      ${spec.redis ? `${spec.redis.image} as ${spec.redis.aliases.join(', ')} (db ${spec.redis.db})` : 'not used'}`);
  out(`  apps       ${spec.apps.join(', ') || '(none named in entrypoint.sh)'}   coverage in requirements: ${spec.hasCoverage ? 'yes' : 'no'}`);
  out('  env');
  for (const [k, v] of Object.entries(spec.env)) out(`    ${k}=${spec.secretKeys.includes(k) ? '***' : redact(v, secrets)}`);
  out('  assumptions');
  for (const a of spec.assumptions.length ? spec.assumptions : ['none']) out(`    - ${a}`);
}

export async function cleanCommand(argv: string[], out: Out): Promise<number> {
  const all = argv.includes('--all');
  const images = argv.includes('--images');
  const unknown = argv.filter((a) => !['--all', '--images'].includes(a));
  if (unknown.length) throw new EnidError(`unknown argument ${unknown[0]}`, { code: 'ENID_USAGE', exitCode: ExitCode.BadInput, phase: 'cli', hint: 'see `enid-test clean --help`' });
  const client = await getEngine();
  const result = await sweep(client, { orphansOnly: !all, images });
  out(`removed ${result.containers} container(s), ${result.networks} network(s)${images ? `, ${result.images} image(s)` : ''}`);
  return ExitCode.Ok;
}
