import path from 'node:path';
import { secretValues } from '../discover/secrets.js';
import { EnidError } from '../errors.js';
import { createReporters } from '../report/index.js';
import { redact } from '../report/redact.js';
import { run } from '../run.js';
import { runPipeline } from '../pipeline/pipeline.js';
import type { Reporter } from '../report/reporter.js';
import { BACKING_MODULES } from '../backing/registry.js';
import { sweep } from '../stack/cleanup.js';
import { getEngine } from '../stack/engine.js';
import { checkEngine } from '../stack/engine-check.js';
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

/** A reporter for commands that print as they go (`up`, `doctor`): progress lines and errors, no files. */
function printer(out: Out): Reporter {
  return {
    name: 'printer',
    onLog: out,
    onError: (e) => {
      out(`✖ ${e.phase}: ${e.message}`);
      if (e.hint) out(`  hint: ${e.hint}`);
      for (const line of e.logTail ?? []) out(`  | ${line}`);
    },
    printsToStdio: () => true,
  };
}

export async function upCommand(argv: string[], out: Out): Promise<number> {
  const args = parseRunArgs(argv, 'up');
  const { signal, dispose } = abortOnSignals(() => out('tearing down…'));
  try {
    const { report, spec, stack, info: known } = await runPipeline({
      ...args.options, serviceDir: args.dirs[0]!, until: 'seed', keepStack: 'if-healthy', runLabel: 'up', mountSource: true, reporter: printer(out), signal,
    });
    if (!stack || !spec) return report.exitCode;
    const info = known ?? stack.toInfo();
    out(`${spec.name}: run ${stack.runId} is up (source bind-mounted: edits reload Gunicorn)`);
    out(`  service   ${info.baseUrl}${spec.apiRoots[0] ?? '/'}`);
    for (const [kind, b] of Object.entries(info.backing)) out(`  ${kind.padEnd(9)} ${redact(b.url, secretValues(spec))}`);
    if (info.hostHeader) out(`  host      send Host: ${info.hostHeader} (the service's ALLOWED_HOSTS)`);
    if (info.proxyHeaders) out(`  https     send ${Object.entries(info.proxyHeaders).map(([k, v]) => `${k}: ${v}`).join(', ')} (it redirects plain HTTP; this is what its TLS proxy adds)`);
    if (report.inspect?.signedInAs) out(`  signed in ${report.inspect.signedInAs}`);
    if (report.seed) out(`  seeded    ${report.seed.endpoints.map((e) => `${e.created} in ${e.path}`).join(', ') || 'nothing'}`);
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
  const { report, spec } = await runPipeline({ ...args.options, serviceDir: args.dirs[0]!, until: 'discover', reporter: printer(out) });
  const checks = await checkEngine(spec);
  for (const c of checks) {
    out(`${c.level === 'ok' ? '✔' : c.level === 'warn' ? '!' : '✖'} ${c.text}`);
    if (c.hint) out(`  hint: ${c.hint}`);
  }
  if (spec) printSpec(spec, out);
  return worstExitCode([report.exitCode, ...checks.map((c) => c.exitCode ?? ExitCode.Ok)]);
}

function printSpec(spec: ServiceSpec, out: Out): void {
  const secrets = secretValues(spec);
  out(`service ${spec.name} (${spec.dir})`);
  out(`  image      ${spec.image.kind === 'build' ? `build ${path.join(spec.image.context, spec.image.dockerfile)} ${Object.entries(spec.image.args).map(([k, v]) => `${k}=${v}`).join(' ')}` : spec.image.image}`);
  out(`  port       ${spec.port}   health ${spec.healthPath}   api roots ${spec.apiRoots.join(', ')}   workdir ${spec.workdir}`);
  for (const module of BACKING_MODULES) {
    const b = spec.backing[module.kind];
    const shown = b ? Object.entries(b.settings).filter(([, v]) => !secrets.includes(String(v))).map(([k, v]) => `${k} ${v}`).join(', ') : '';
    out(`  ${module.kind.padEnd(10)} ${b ? `${b.image} as ${b.aliases.join(', ')} (${shown})` : 'not used'}`);
  }
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
