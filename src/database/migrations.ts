/** Migrations the service lacks: model changes without one, and files its entrypoint wrote at boot. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pythonSource } from '../python/scripts.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';

/**
 * Migration files in the container, relative to its code directory (the service's, or another container
 * of its image). Asked once per container and directory: the test sibling's setup and the database phase
 * both need the service's, which no longer change once it answers HTTP, and each `docker exec` costs
 * ~150 ms of CPU.
 */
export function containerMigrations(service: Pick<StartedDjangoService, 'exec'>, codeDir = (service as StartedDjangoService).codeDir): Promise<string[]> {
  const asked = listed.get(service) ?? new Map<string, Promise<string[]>>();
  listed.set(service, asked);
  let files = asked.get(codeDir);
  if (!files) {
    files = listMigrations(service, codeDir);
    asked.set(codeDir, files);
    // A failed listing is not remembered: the next caller asks again.
    files.catch(() => asked.delete(codeDir));
  }
  return files;
}

const listed = new WeakMap<object, Map<string, Promise<string[]>>>();

async function listMigrations(service: Pick<StartedDjangoService, 'exec'>, codeDir: string): Promise<string[]> {
  const res = await service.exec(['python', '-c', pythonSource('list_migrations')], { workingDir: codeDir });
  if (res.exitCode !== 0) throw new Error(`listing migrations failed (exit ${res.exitCode}): ${res.output.trim().split('\n').at(-1) ?? ''}`);
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Migration files on the host, relative to the service's code directory (same depth as in the container). */
export function hostMigrations(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(path.join(dir, rel));
    } catch {
      return;
    }
    if (path.basename(rel) === 'migrations') {
      for (const n of names) if (n.endsWith('.py')) out.push(path.posix.join(rel, n));
      return;
    }
    if (depth === 0) return;
    for (const n of names) if (!n.startsWith('.') && n !== 'node_modules' && n !== '__pycache__') visit(rel ? path.posix.join(rel, n) : n, depth - 1);
  };
  visit('', 3);
  return out.sort();
}

/**
 * Files only the container has, in migrations folders the host has too: what `makemigrations` wrote
 * at boot. A folder the host lacks entirely is another image's code, not a generated migration. Pure.
 */
export function generatedAtBoot(container: string[], host: string[]): string[] {
  const onHost = new Set(host);
  const folders = new Set(host.map((f) => path.posix.dirname(f)));
  return container.filter((f) => !onHost.has(f) && folders.has(path.posix.dirname(f)) && path.posix.basename(f) !== '__init__.py').sort();
}
