/**
 * The by-hand baseline of the bench: the seed's own workflow (`up --build -d`, wait for the API, the
 * tests under coverage, `coverage report`, `down -v`) with docker-compose, or the same steps with the
 * docker CLI where compose is missing. It removes only what it created: its containers, networks and
 * volumes, and the service image it built, by the tag it gave it. Never an image by the name a compose
 * file gives it (`--rmi all` removed the machine's postgres and redis images), never one by id (an id
 * can carry other tags, e.g. enid-test's cache tag for the same layers).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { timeCommand, waitForHttp } from './measure.ts';

/** What the baseline needs to know of the service: compose names, where it answers, how it tests itself. */
export interface ByHandService {
  /** The service directory (a copy: the compose path writes an override file into it). */
  dir: string;
  /** The compose service that is built (its `build:`); postgres and redis keep their compose names. */
  app: string;
  /** The container port the app listens on. */
  port: number;
  /** A path that answers below 500 once the app is up. */
  readyPath: string;
  /** The tests under coverage, then the report, each run with `exec` in the app container. */
  test: string[];
  report: string[];
  /** Environment for compose interpolation (wins over `.env`, as the shell's does). */
  env?: Record<string, string>;
}

export interface ByHandImages {
  postgres: string;
  redis: string;
  /** The Dockerfile's `ARG PYTHON_VERSION`, when set. */
  python?: string;
}

export interface ByHandResult {
  tool: 'docker-compose' | 'docker CLI';
  /** Wall time of each measured cycle, in seconds. */
  cycles: number[];
}

const READY_TIMEOUT_MS = 120_000;

export function hasCompose(): boolean {
  return spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `runs` measured cycles, after one unmeasured warm-up cycle when `warmUp` (the first build is cold,
 * as a team's first `up --build` is). docker-compose when installed, else the docker CLI.
 */
export async function byHand(service: ByHandService, images: ByHandImages, runs: number, options: { warmUp?: boolean; tool?: ByHandResult['tool'] } = {}): Promise<ByHandResult> {
  const tool = options.tool ?? (hasCompose() ? 'docker-compose' : 'docker CLI');
  const cycle = tool === 'docker-compose' ? composeCycle : dockerCliCycle;
  const id = `enidbench${process.pid}x${Date.now().toString(36)}`;
  const ownImage = `enid-bench/${id}:latest`;
  const cycles: number[] = [];
  // Every image a cycle built: compose's bind mount (`.:/app`) leaves the tests' .coverage in the context,
  // so the next `up --build` builds anew and the tag moves on, leaving the earlier image untagged.
  const built = new Set<string>();
  try {
    for (let i = options.warmUp ? -1 : 0; i < runs; i++) {
      const t0 = performance.now();
      await cycle(service, images, id, ownImage);
      if (i >= 0) cycles.push((performance.now() - t0) / 1000);
      const imageId = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', ownImage], { encoding: 'utf8' }).stdout.trim();
      if (imageId) built.add(imageId);
    }
  } finally {
    await (tool === 'docker-compose' ? composeDown : dockerCliDown)(service, id);
    // By the tag this baseline gave it, unforced: a tag shared with another image name only goes away.
    await timeCommand('docker', ['rmi', ownImage]);
    // Then what it built and left untagged, by id, unforced, and only while it has no tag at all.
    for (const image of built) {
      const tags = spawnSync('docker', ['image', 'inspect', '--format', '{{len .RepoTags}}', image], { encoding: 'utf8' }).stdout.trim();
      if (tags === '0') await timeCommand('docker', ['rmi', image]);
    }
  }
  return { tool, cycles };
}

async function must(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await timeCommand(cmd, args, { ...options, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`${cmd} ${args.slice(0, 4).join(' ')} failed (exit ${r.code}):\n${r.output.slice(-1500)}`);
  return r.output.trim();
}

async function waitReady(hostPort: string, readyPath: string): Promise<void> {
  const port = hostPort.trim().split('\n')[0]!.split(':').pop();
  if (!(await waitForHttp(`http://127.0.0.1:${port}${readyPath}`, READY_TIMEOUT_MS))) throw new Error('the by-hand service never answered');
}

function composeEnv(service: ByHandService): NodeJS.ProcessEnv {
  return { ...process.env, ...service.env };
}

function composeArgs(id: string, args: string[]): string[] {
  return ['-p', id, '-f', 'docker-compose.yml', '-f', 'docker-compose.enid-bench.yml', ...args];
}

/**
 * The same images enid-test uses, and the app's image under a tag of the bench's own: built under the
 * compose file's `image:` name, it would replace (and then remove) whatever the machine holds by that name.
 */
function writeOverride(service: ByHandService, images: ByHandImages, ownImage: string): void {
  writeFileSync(path.join(service.dir, 'docker-compose.enid-bench.yml'), [
    'services:',
    `  ${service.app}:`, `    image: ${ownImage}`,
    ...(images.python ? ['    build:', '      args:', `        PYTHON_VERSION: ${images.python}`] : []),
    '  postgres:', `    image: ${images.postgres}`,
    '  redis:', `    image: ${images.redis}`, '',
  ].join('\n'));
}

const createdNetworks = new Set<string>();

async function composeCycle(service: ByHandService, images: ByHandImages, id: string, ownImage: string): Promise<void> {
  writeOverride(service, images, ownImage);
  const opts = { cwd: service.dir, env: composeEnv(service) };
  // The seed's compose file joins an external network that a team creates once.
  const compose = parse(readFileSync(path.join(service.dir, 'docker-compose.yml'), 'utf8')) as { networks?: Record<string, { external?: unknown; name?: string } | null> };
  for (const [key, network] of Object.entries(compose.networks ?? {})) {
    const name = network?.name ?? key;
    if (!network?.external || spawnSync('docker', ['network', 'inspect', name], { stdio: 'ignore' }).status === 0) continue;
    if (spawnSync('docker', ['network', 'create', name], { stdio: 'ignore' }).status === 0) createdNetworks.add(name);
  }
  await must('docker-compose', composeArgs(id, ['up', '--build', '-d']), opts);
  await waitReady(await must('docker-compose', composeArgs(id, ['port', service.app, String(service.port)]), opts), service.readyPath);
  await must('docker-compose', composeArgs(id, ['exec', '-T', service.app, ...service.test]), opts);
  await must('docker-compose', composeArgs(id, ['exec', '-T', service.app, ...service.report]), opts);
  await must('docker-compose', composeArgs(id, ['down', '-v']), opts);
}

/** `--rmi local` removes only images compose named itself; the app's own tag is removed by `byHand`. */
async function composeDown(service: ByHandService, id: string): Promise<void> {
  await timeCommand('docker-compose', composeArgs(id, ['down', '-v', '--remove-orphans', '--rmi', 'local']), { cwd: service.dir, env: composeEnv(service) });
  for (const name of createdNetworks) spawnSync('docker', ['network', 'rm', name], { stdio: 'ignore' });
  createdNetworks.clear();
}

/**
 * The workflow without docker-compose, as a team would type it with the docker CLI: a network, postgres
 * and redis under their compose names, build, run with the .env, wait, tests under coverage, report.
 */
async function dockerCliCycle(service: ByHandService, images: ByHandImages, id: string, ownImage: string): Promise<void> {
  const env = path.join(service.dir, '.env');
  await must('docker', ['network', 'create', id]);
  await must('docker', ['run', '-d', '--name', `${id}-pg`, '--network', id, '--network-alias', 'postgres', '--env-file', env, images.postgres]);
  await must('docker', ['run', '-d', '--name', `${id}-redis`, '--network', id, '--network-alias', 'redis', images.redis]);
  await must('docker', ['build', '-q', ...(images.python ? ['--build-arg', `PYTHON_VERSION=${images.python}`] : []), '-t', ownImage, service.dir]);
  await must('docker', ['run', '-d', '--name', `${id}-app`, '--network', id, '-p', `127.0.0.1::${service.port}`, '--env-file', env, ownImage]);
  await waitReady(await must('docker', ['port', `${id}-app`, String(service.port)]), service.readyPath);
  await must('docker', ['exec', `${id}-app`, ...service.test]);
  await must('docker', ['exec', `${id}-app`, ...service.report]);
  await dockerCliDown(service, id);
}

async function dockerCliDown(_service: ByHandService, id: string): Promise<void> {
  await timeCommand('docker', ['rm', '-f', '-v', `${id}-app`, `${id}-pg`, `${id}-redis`]);
  await timeCommand('docker', ['network', 'rm', id]);
}
