import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The enid-test package directory, from sources (src/) and from the build (dist/src/) alike. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'enid-test') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('enid-test: package.json not found above the module');
    dir = parent;
  }
}
