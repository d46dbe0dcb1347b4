import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The text of the files discovery reads, keyed by path relative to the service directory. */
export interface ServiceFiles {
  dir: string;
  files: Record<string, string>;
  /** Top-level directories (Django project package candidates, apps). */
  dirs: string[];
}

const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];
const ENV_NAMES = ['.env', '.env.example', '.env.dev', '.env.sample'];
const TOP_FILES = [...COMPOSE_NAMES, ...ENV_NAMES, 'Dockerfile', 'entrypoint.sh', 'requirements.txt', 'manage.py', '.coveragerc', 'setup.cfg', 'pyproject.toml', 'enid.config.json'];

/** Reads the files discovery needs; touches nothing else and never writes. */
export function readServiceFiles(dir: string, extra: string[] = []): ServiceFiles {
  const files: Record<string, string> = {};
  const read = (rel: string): void => {
    const abs = path.join(dir, rel);
    if (files[rel] === undefined && existsSync(abs) && statSync(abs).isFile()) files[rel] = readFileSync(abs, 'utf8');
  };
  TOP_FILES.forEach(read);
  extra.forEach(read);
  const dirs = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
    .map((d) => d.name)
    .sort();
  for (const d of dirs) {
    read(path.join(d, 'settings.py'));
    read(path.join(d, 'urls.py'));
  }
  return { dir, files, dirs };
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', 'env', '__pycache__', 'enid-reports', 'static', 'media']);

/**
 * The directory holding manage.py under `root` (itself, or a folder up to two levels down): where the
 * service's code lives on the host, to match the same code in the container.
 */
export function findCodeDir(root: string): string | undefined {
  const walk = (dir: string, depth: number): string | undefined => {
    if (existsSync(path.join(dir, 'manage.py'))) return dir;
    if (depth === 0) return undefined;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.') && !SKIP_DIRS.has(d.name)).map((d) => d.name).sort();
    } catch {
      return undefined;
    }
    for (const name of entries) {
      const found = walk(path.join(dir, name), depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(root, 2);
}

export { COMPOSE_NAMES, ENV_NAMES };
