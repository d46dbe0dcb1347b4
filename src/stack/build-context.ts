import type { Ignore } from '@balena/dockerignore';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

// CommonJS whose typings claim an ES default export; require() gives the factory itself.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as (options?: { ignorecase?: boolean }) => Ignore;

/** Files of a build context as Docker sends them: .dockerignore applied, the Dockerfile always kept. */
export async function contextEntries(context: string, dockerfile: string): Promise<string[]> {
  const all: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(context, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile() || entry.isSymbolicLink()) all.push(child);
    }
  };
  await visit('');
  const ignoreFile = path.join(context, '.dockerignore');
  let kept = all;
  if (existsSync(ignoreFile)) {
    const matcher = dockerignore({ ignorecase: false }).add(readFileSync(ignoreFile, 'utf8'));
    kept = matcher.filter(all);
  }
  const df = dockerfile.replace(/\\/g, '/');
  if (!kept.includes(df) && all.includes(df)) kept.push(df);
  return kept.sort();
}

/**
 * Content hash of a build: every file sent to the daemon, its path and mode-independent bytes, the
 * Dockerfile name and the build args. An unchanged service hashes the same, so its image is reused.
 */
export async function hashBuild(context: string, dockerfile: string, args: Record<string, string>, entries?: string[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`dockerfile\0${dockerfile}\0`);
  for (const key of Object.keys(args).sort()) hash.update(`arg\0${key}=${args[key]}\0`);
  for (const rel of entries ?? (await contextEntries(context, dockerfile))) {
    hash.update(`file\0${rel}\0`);
    hash.update(await readFile(path.join(context, rel)));
  }
  return hash.digest('hex').slice(0, 16);
}
