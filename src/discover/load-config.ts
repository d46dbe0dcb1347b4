import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateConfig, type EnidConfig } from '../config.js';
import { badInput } from '../errors.js';

const NAMES = ['enid.config.ts', 'enid.config.mts', 'enid.config.js', 'enid.config.mjs', 'enid.config.json'];

/** Loads and validates enid.config.* from a service directory; a bad config is exit 2 naming file and key. */
export async function loadConfig(dir: string): Promise<{ config: EnidConfig; file?: string }> {
  const name = NAMES.find((n) => existsSync(path.join(dir, n)));
  if (!name) return { config: {} };
  const file = path.join(dir, name);
  let value: unknown;
  try {
    if (name.endsWith('.json')) value = JSON.parse(readFileSync(file, 'utf8'));
    else value = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (err) {
    throw badInput(`${file}: cannot be loaded: ${(err as Error).message.split('\n')[0]}`, 'fix the syntax; TypeScript configs need Node >= 22.18 (type stripping)', { phase: 'discover', cause: err });
  }
  const problems = validateConfig(value);
  if (problems.length) {
    throw badInput(`${file}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, 'see the README section "Configuration" for the keys and their types');
  }
  return { config: value as EnidConfig, file };
}
