import { statSync } from 'node:fs';
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { discover } from '../discover/discover.js';
import { loadConfig } from '../discover/load-config.js';
import { badInput } from '../errors.js';
import { resolveOptions } from '../options/resolve-options.js';
import type { ResolvedOptions } from '../options/resolved-options.js';
import { optionsFromEnv, type RunOptions } from '../run-options.js';
import type { RunReport, ServiceSpec } from '../types.js';

/** What the discover phase hands the rest of the run. */
export interface Discovered {
  spec: ServiceSpec;
  config: EnidConfig;
  /** Every option of the run, resolved once: flags, ENID_* variables, the config file, defaults. */
  options: ResolvedOptions;
}

/**
 * The discover phase: the service directory checked, the ENID_* variables read (a malformed one is
 * this phase's error), the config loaded, every option resolved, and what it takes to boot the
 * service. Names the service in the report.
 */
export async function discoverService(flags: RunOptions, report: RunReport): Promise<Discovered> {
  const env = optionsFromEnv();
  const serviceDir = path.resolve(flags.serviceDir);
  assertServiceDir(serviceDir);
  const config = flags.config ?? (await loadConfig(serviceDir)).config;
  const resolved = resolveOptions(flags, env, config);
  const spec = discover(resolved.serviceDir, resolved.discover);
  report.service.name = spec.name;
  report.assumptions = spec.assumptions;
  return { spec, config, options: resolved };
}

function assertServiceDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badInput(code === 'ENOENT' ? `service directory ${dir} does not exist` : `service directory ${dir} cannot be read (${code})`,
      'pass the directory that holds the service\'s Dockerfile (or docker-compose.yml) as the first argument');
  }
  if (!isDir) throw badInput(`${dir} is not a directory`, 'pass the directory that holds the service\'s Dockerfile (or docker-compose.yml)');
}
