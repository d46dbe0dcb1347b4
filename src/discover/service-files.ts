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

export { COMPOSE_NAMES, ENV_NAMES };
