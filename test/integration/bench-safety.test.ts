import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHand, hasCompose, type ByHandResult } from '../../bench/by-hand.ts';
import { removeOwnReferences } from '../../src/stack/own-images.js';
import { tempDir } from './helpers.js';

// The bench's by-hand baseline once ended with `docker-compose down -v --rmi all`, which removed the
// machine's postgres and redis images. Here it runs one cycle on a tiny seed-shaped service whose
// postgres, redis, base and app images are tags this test owns (aliases of the stand-ins: a removal
// by name untags an alias, never the machine's image), and every one must be there afterwards.

const docker = (args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const owner = `enid-safety-${process.pid}`;
const serviceName = `enidsafety${process.pid}`;
const aliases = {
  postgres: `${owner}/postgres:16-alpine`,
  redis: `${owner}/redis:7-alpine`,
  python: `${owner}/python:3.12-alpine`,
  // What the compose file's `image: ${SERVICENAME}_service` names: a user's own image by that name.
  app: `${serviceName}_service:latest`,
};
const sources = {
  postgres: process.env.ENID_POSTGRES_IMAGE ?? 'postgres:16-alpine',
  redis: process.env.ENID_REDIS_IMAGE ?? 'redis:7-alpine',
  python: process.env.ENID_PYTHON_IMAGE ?? 'python:3.12-alpine',
  app: process.env.ENID_PYTHON_IMAGE ?? 'python:3.12-alpine',
};

/** `repo:tag id` of every image whose name this test owns, or that the baseline built. */
function ownImages(): string[] {
  return docker(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])
    .split('\n')
    .filter((line) => line.startsWith(`${owner}/`) || line.startsWith(`${serviceName}_`) || line.startsWith(`enid-bench/enidbench${process.pid}x`))
    .sort();
}

/** Containers, networks and volumes the baseline's runs left (their names carry the bench's id). */
function leftovers(): string[] {
  const id = `enidbench${process.pid}x`;
  return [
    ...docker(['ps', '-a', '--format', '{{.Names}}']).split('\n'),
    ...docker(['network', 'ls', '--format', '{{.Name}}']).split('\n'),
    ...docker(['volume', 'ls', '--format', '{{.Name}}']).split('\n'),
  ].filter((name) => name.includes(id));
}

async function cycle(tool: ByHandResult['tool']): Promise<ByHandResult> {
  const dir = path.join(tempDir('bench-safety'), 'tiny');
  cpSync(path.join(import.meta.dirname, 'bench-safety'), dir, { recursive: true });
  return byHand({
    dir, app: 'tiny_service', port: 8080, readyPath: '/',
    test: ['python', '-m', 'coverage', 'run', '-m', 'unittest', 'test_server'], report: ['python', '-m', 'coverage', 'report'],
    env: { SERVICENAME: serviceName },
  }, { postgres: aliases.postgres, redis: aliases.redis, python: aliases.python }, 1, { tool });
}

describe('bench: the by-hand baseline removes only what it created', () => {
  let before: string[] = [];

  beforeAll(() => {
    for (const [kind, alias] of Object.entries(aliases)) docker(['tag', sources[kind as keyof typeof sources], alias]);
    before = ownImages();
    expect(before).toHaveLength(4);
  });

  afterAll(() => {
    // By tag, never by id: the ids are the machine's stand-in images.
    for (const alias of Object.values(aliases)) spawnSync('docker', ['rmi', alias], { stdio: 'ignore' });
  });

  it('with the docker CLI: every pre-existing image is still there, nothing of the cycle is', async () => {
    const result = await cycle('docker CLI');
    expect(result.cycles).toHaveLength(1);
    expect(ownImages()).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it.skipIf(!hasCompose())('with docker-compose: its `down` removes neither the compose file\'s images nor its app image name', async () => {
    const result = await cycle('docker-compose');
    expect(result.cycles).toHaveLength(1);
    expect(ownImages()).toEqual(before);
    expect(leftovers()).toEqual([]);
  });
});

describe('enid-test clean --images and the image cache pruning remove only enid-test\'s own references', () => {
  const service = `safety-${process.pid}`;
  const own = `enid-test/${service}:k1`;
  const userTag = `${owner}/mine:latest`;
  const child = `${owner}/child:latest`;

  const build = (tag: string, dockerfile: string, labels: string[] = []): void => {
    execFileSync('docker', ['build', '-q', ...labels.flatMap((l) => ['--label', l]), '-t', tag, '-'], { input: dockerfile, stdio: ['pipe', 'ignore', 'inherit'] });
  };

  afterAll(() => {
    for (const ref of [own, userTag, child]) spawnSync('docker', ['rmi', ref], { stdio: 'ignore' });
  });

  it('untags its own image a user also tagged, and leaves an image built FROM it', async () => {
    build(own, `FROM ${sources.python}\nRUN echo ${service} > /enid-safety\n`, ['dev.enid-test=true', `dev.enid-test.service=${service}`]);
    docker(['tag', own, userTag]);
    // Inherits dev.enid-test=true from its base: the label alone must not make it enid-test's.
    build(child, `FROM ${own}\nRUN echo child >> /enid-safety\n`);
    const client = await getContainerRuntimeClient();
    // What sweep({ images: true }) lists, narrowed to this test's images: other runs' caches stay.
    const listed = await client.container.dockerode.listImages({ filters: { label: ['dev.enid-test=true'] } });
    const mine = listed.filter((i) => (i.RepoTags ?? []).some((t) => t.startsWith(`${owner}/`) || t === own));
    expect(mine).toHaveLength(2);
    await removeOwnReferences(client, mine);
    const tags = (ref: string): string => spawnSync('docker', ['image', 'inspect', '--format', '{{json .RepoTags}}', ref], { encoding: 'utf8' }).stdout.trim();
    expect(tags(userTag)).toBe(`["${userTag}"]`);
    expect(tags(child)).toBe(`["${child}"]`);
    expect(tags(own)).toBe('');
  });
});
