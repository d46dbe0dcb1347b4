/**
 * Re-records every probe recording (after the probe script changed): boots each fixture on its stand-in
 * image with the harness's own stack code, runs the probe exactly as the inspect phase does, and writes
 * `<fixture>-django<major.minor>.json` beside this file. Run from the repository root after a build:
 *
 *   npx tsc -p tsconfig.build.json && source /tmp/standins.env   # ENID_PYTHON_IMAGE, ENID_PYTHON_IMAGE_TRIXIE, …
 *   node_modules/.bin/node test/unit/probe/recorded/record-all.ts [fixture…]
 *
 * Two at a time; each stack is removed when its recording is written.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../../../../dist/src/discover/discover.js';
import { bootstrap, PROBE_CONTAINER_PATH } from '../../../../dist/src/probe/run-probe.js';
import { pythonSource } from '../../../../dist/src/python/scripts.js';
import { optionsFromEnv } from '../../../../dist/src/run-options.js';
import { startStack } from '../../../../dist/src/stack/start-stack.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const bookworm = process.env.ENID_PYTHON_IMAGE;
const trixie = process.env.ENID_PYTHON_IMAGE_TRIXIE;
if (!bookworm || !trixie) throw new Error('set ENID_PYTHON_IMAGE and ENID_PYTHON_IMAGE_TRIXIE (eval "$(bash .ci/standins.sh)")');

// What the unit tests read: every good fixture on Django 3.2, and the ones that build there on Django 4.2.
const PLAN: Array<[string, string]> = [
  ['notes-redis', bookworm], ['library-pg', bookworm], ['drift-subfolder', bookworm], ['drift-pytest', bookworm],
  ['drift-nomigrate', bookworm], ['auth-jwt', bookworm], ['drift-surprises', bookworm],
  ['notes-redis', trixie], ['library-pg', trixie], ['drift-subfolder', trixie], ['drift-pytest', trixie], ['drift-surprises', trixie],
];
const only = process.argv.slice(2);

async function record(fixture: string, image: string): Promise<string> {
  const spec = discover(path.join(ROOT, 'fixtures', fixture), { ...optionsFromEnv(), pythonImage: image, generatePassword: () => 'record-password' });
  const stack = await startStack(spec, { runId: `record-${fixture}-${Date.now()}`, logsDir: mkdtempSync(path.join(tmpdir(), 'enid-record-')) });
  try {
    const service = stack.service;
    const script = pythonSource('django_probe');
    await service.copyContentToContainer([{ content: script, target: PROBE_CONTAINER_PATH, mode: 0o644 }]);
    const command = ['python', 'manage.py', 'shell', '-c', bootstrap()];
    const res = await service.exec(command, { workingDir: service.codeDir, env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' } });
    const line = res.stdout.split('\n').find((l) => l.startsWith('ENID-PROBE '));
    if (!line) throw new Error(`${fixture}: no probe line\n${res.stdout}\n${res.stderr}`);
    const versions = (JSON.parse(line.slice('ENID-PROBE '.length)) as { versions: { python: string; django: string; drf: string | null } }).versions;
    const file = path.join(import.meta.dirname, `${fixture}-django${versions.django.split('.').slice(0, 2).join('.')}.json`);
    writeFileSync(file, `${JSON.stringify({
      fixture, pythonImage: image, python: versions.python, django: versions.django, drf: versions.drf,
      probeSha256: createHash('sha256').update(script).digest('hex'), workdir: service.codeDir, command, exitCode: res.exitCode,
      stdout: res.stdout, stderr: res.stderr,
    }, null, 2)}\n`);
    return file;
  } finally {
    await stack.stop();
  }
}

const todo = PLAN.filter(([f]) => !only.length || only.includes(f));
const lanes = [0, 1].map(async (lane) => {
  for (let i = lane; i < todo.length; i += 2) {
    const [fixture, image] = todo[i]!;
    try {
      console.log(`recorded ${await record(fixture, image)}`);
    } catch (err) {
      console.error(`${fixture} on ${image}: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  }
});
await Promise.all(lanes);
