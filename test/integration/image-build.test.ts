import { execFileSync, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServiceImage } from '../../src/stack/image/image-build.js';
import { tempDir } from './helpers.js';

const BASE = process.env.ENID_PYTHON_IMAGE ?? 'python:3.12-alpine';
// One name per test process: every image it builds is found (and removed) by this reference.
const NAME = `ctx-probe-${process.pid}`;
const DOCKER_TAG = `enid-test-probe/${NAME}:docker`;
const hasDockerCli = spawnSync('docker', ['version', '--format', '{{.Client.Version}}']).status === 0;

let client: ContainerRuntimeClient;
const dirs: string[] = [];
beforeAll(async () => {
  client = await getContainerRuntimeClient();
});
afterAll(async () => {
  const docker = client.container.dockerode;
  for (const ref of [`enid-test/${NAME}`, DOCKER_TAG]) {
    for (const image of await docker.listImages({ filters: { reference: [ref] } })) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function service(files: Record<string, string>): string {
  const dir = tempDir('image-build');
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const spec = (dir: string, name = NAME) => ({ name, image: { kind: 'build' as const, context: dir, dockerfile: 'Dockerfile', args: { BASE } } });

/** The lines the RUN step printed between its markers (`=42=`, which the step's own text does not hold). */
function listed(log: string): string[] {
  return log.split('=42=')[1]!.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('--->')).sort();
}

describe('the service image build', () => {
  it.skipIf(!hasDockerCli)('sends the engine what `docker build` sends: same files, modes, symlinks and hard links', async () => {
    const dir = service({
      Dockerfile: `ARG BASE\nFROM \${BASE}\nCOPY . /ctx\nRUN cd /ctx && echo "=\$((40+2))=" && find . -mindepth 1 -exec stat -c '%a %h %F %N' {} + && echo "=\$((40+2))="\n`,
      '.dockerignore': 'docs\n!docs/keep\n*.log\n!important.log\nenid-reports\n',
      'app.py': 'print(1)\n', 'docs/a.md': 'a', 'docs/keep/b.md': 'b', 'x.log': '', 'important.log': '',
      // A nonce, so that neither build can reuse the other's COPY layer and skip the listing.
      nonce: String(Date.now()),
    });
    // The shape that hung node-tar: one file hard-linked from many later folders, as node-gyp leaves them.
    for (let i = 0; i < 15; i++) {
      mkdirSync(path.join(dir, `node_modules/pkg-${i}/build`), { recursive: true });
      linkSync(path.join(dir, 'app.py'), path.join(dir, `node_modules/pkg-${i}/build/app.node`));
      writeFileSync(path.join(dir, `node_modules/pkg-${i}/index.js`), `module.exports = ${i};\n`);
    }
    mkdirSync(path.join(dir, 'node_modules/.bin'));
    symlinkSync('../pkg-1/index.js', path.join(dir, 'node_modules/.bin/pkg'));
    execFileSync('chmod', ['0755', path.join(dir, 'node_modules/pkg-2/index.js')]);

    const log = path.join(dir, 'enid-reports/logs/build.log');
    mkdirSync(path.dirname(log), { recursive: true });
    const built = await buildServiceImage(client, spec(dir), log, undefined, undefined, { cacheDir: false });
    expect(built.cached).toBe(false);
    const ours = listed(readFileSync(log, 'utf8'));
    const cli = spawnSync('docker', ['build', '--no-cache', '--build-arg', `BASE=${BASE}`, '-t', DOCKER_TAG, dir], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    expect(cli.status, cli.stderr).toBe(0);
    expect(ours).toEqual(listed(cli.stdout));
    expect(ours).toContain("644 16 regular file './app.py'");
    expect(ours).toContain("777 1 symbolic link './node_modules/.bin/pkg' -> '../pkg-1/index.js'");
    expect(ours.join('\n')).not.toContain('enid-reports');
  });

  it('fails a build that makes no progress with exit 3, ENID_BUILD_STALLED and the last build lines; the engine drops it', async () => {
    const dir = service({ Dockerfile: `ARG BASE\nFROM \${BASE}\nRUN echo before-the-silence-${Date.now()} && sleep 30\n` });
    const started = Date.now();
    const error = await buildServiceImage(client, spec(dir), path.join(dir, 'build.log'), undefined, undefined, { stallTimeoutMs: 2_000, cacheDir: false }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toMatchObject({ code: 'ENID_BUILD_STALLED', exitCode: 3, phase: 'stack' });
    const { message, logTail } = error as { message: string; logTail: string[] };
    expect(message).toMatch(/made no progress for 2 s \(last output: before-the-silence-/);
    expect(logTail.some((l) => l.includes('RUN echo before-the-silence'))).toBe(true);
    // The classic builder cancels the build when its client goes: its RUN container disappears.
    const running = /Running in ([0-9a-f]{12})/.exec(logTail.join('\n'))?.[1];
    expect(running).toBeDefined();
    const deadline = Date.now() + 20_000;
    let gone = false;
    while (!gone && Date.now() < deadline) {
      gone = await client.container.dockerode.getContainer(running!).inspect().then(() => false, () => true);
      if (!gone) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(gone).toBe(true);
  });

  it('returns the image config as the engine reports it, built, from the cache and prebuilt', async () => {
    const dir = service({
      Dockerfile: `ARG BASE\nFROM \${BASE}\nWORKDIR /srv/app\nENV FEATURE_X=1 GREETING="a=b c"\nEXPOSE 9000/udp 8080\nUSER nobody\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["echo hi"]\n`,
    });
    const built = await buildServiceImage(client, spec(dir), path.join(dir, 'build.log'), undefined, undefined, { cacheDir: false });
    expect(built.config).toMatchObject({
      workingDir: '/srv/app',
      entrypoint: ['/bin/sh', '-c'],
      cmd: ['echo hi'],
      exposedPorts: [{ port: 8080, protocol: 'tcp' }, { port: 9000, protocol: 'udp' }],
      user: 'nobody',
    });
    expect(built.config.env).toMatchObject({ FEATURE_X: '1', GREETING: 'a=b c' });
    expect(built.config.env.PATH).toBeTruthy();
    const again = await buildServiceImage(client, spec(dir), path.join(dir, 'build.log'), undefined, undefined, { cacheDir: false });
    expect(again).toMatchObject({ image: built.image, cached: true, config: built.config });
    const prebuilt = await buildServiceImage(client, { name: NAME, image: { kind: 'image', image: built.image } }, path.join(dir, 'build.log'));
    expect(prebuilt).toMatchObject({ image: built.image, cached: true, config: built.config });
  });
});
