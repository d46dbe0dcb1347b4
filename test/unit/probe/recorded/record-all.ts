/**
 * Re-records every probe recording: boots each fixture with the harness's own stack (from dist/: run
 * `npx tsc -p tsconfig.build.json` first) on the stand-in image the recording names, runs record.sh in
 * its service container, and tears the stack down. One stack at a time.
 *
 *   node test/unit/probe/recorded/record-all.ts [out dir] [fixture@django ...]
 *
 * ENID_PYTHON_IMAGE (Django 3.2) and ENID_PYTHON_IMAGE_TRIXIE (Django 4.2) name the stand-ins. Without an
 * out dir the files in this folder are overwritten; `git diff` then shows what the script change did.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../../../../dist/src/discover/discover.js';
import { optionsFromEnv } from '../../../../dist/src/run-options.js';
import { startStack } from '../../../../dist/src/stack/start-stack.js';

const here = import.meta.dirname;
const root = path.resolve(here, '../../../..');
// The recordings parse.test.ts expects: six on bookworm (Django 3.2), four on trixie (Django 4.2).
const ALL = ['notes-redis@3.2', 'library-pg@3.2', 'drift-subfolder@3.2', 'drift-pytest@3.2', 'drift-nomigrate@3.2', 'auth-jwt@3.2',
  'notes-redis@4.2', 'library-pg@4.2', 'drift-subfolder@4.2', 'drift-pytest@4.2'];

const outDir = path.resolve(process.argv[2] ?? here);
const wanted = process.argv.length > 3 ? process.argv.slice(3) : ALL;
const images: Record<string, string | undefined> = { '3.2': process.env.ENID_PYTHON_IMAGE, '4.2': process.env.ENID_PYTHON_IMAGE_TRIXIE };

// A fixture that does not boot (a busy machine) is reported and the others still recorded; run it again alone.
const failed: string[] = [];
for (const entry of wanted) {
  const [name, django] = entry.split('@') as [string, string];
  const pythonImage = images[django];
  if (!pythonImage) throw new Error(`no stand-in image for Django ${django}: set ENID_PYTHON_IMAGE / ENID_PYTHON_IMAGE_TRIXIE`);
  const spec = discover(path.join(root, 'fixtures', name), { ...optionsFromEnv(), pythonImage, generatePassword: () => 'record-password' });
  const logsDir = mkdtempSync(path.join(tmpdir(), `enid-record-${name}-`));
  const started = Date.now();
  try {
    const stack = await startStack(spec, { runId: `record-${name}-${Date.now()}`, logsDir });
    try {
      const res = spawnSync('bash', [path.join(here, 'record.sh'), stack.service.getId(), stack.service.codeDir, name, pythonImage, outDir], { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`record.sh failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
      console.log(`${entry}: ${res.stdout.trim()} (${Math.round((Date.now() - started) / 1000)} s)`);
    } finally {
      await stack.stop();
    }
  } catch (err) {
    failed.push(entry);
    console.error(`${entry}: not recorded: ${(err as Error).message.split('\n')[0]}`);
  }
}
if (failed.length) {
  console.error(`not recorded: ${failed.join(' ')}`);
  process.exitCode = 1;
}
