import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Vitest globalSetup of the integration project. Many of its tests run the CLI from dist/ (as users
// do), others import src/ directly: a dist/ older than src/ would mix stale and fresh code in one run.
// `npm run test:integration` builds first; this refuses to start when dist/ is behind anyway.

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Source files under `dir` (relative to the repository) whose built .js is missing or older than them. */
export function staleBuilds(root: string, dirs: string[]): string[] {
  const stale: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) {
        const built = path.join(root, 'dist', child.replace(/\.ts$/, '.js'));
        if (!existsSync(built) || statSync(built).mtimeMs < statSync(path.join(root, child)).mtimeMs) stale.push(child);
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return stale;
}

export default function setup(): void {
  const stale = staleBuilds(ROOT, ['src', 'suites']);
  if (stale.length) {
    throw new Error(`dist/ is older than ${stale[0]}${stale.length > 1 ? ` and ${stale.length - 1} more source file(s)` : ''}: the CLI under test would run old code. Run \`npm run build\` first (\`npm run test:integration\` and \`npm test\` do).`);
  }
}
