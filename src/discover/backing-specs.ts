import type { BackingDiscovery } from '../backing/backing-module.js';
import { BACKING_MODULES, backingModule } from '../backing/registry.js';
import type { EnidConfig } from '../config.js';
import type { ServiceSpec } from '../types.js';
import type { ComposeFile } from './compose.js';

/**
 * Asks every backing module whether the service uses it (compose, requirements, environment, its
 * config section, `--<kind>` / `--no-<kind>`), then lets each found one point `env` at the run's
 * container. Returns what was found, by kind.
 */
export function discoverBacking(input: {
  compose: ComposeFile | undefined;
  env: Record<string, string>;
  files: Record<string, string>;
  requirements: Set<string>;
  config: EnidConfig;
  options: { backingImages?: Record<string, string>; backingEnabled?: Record<string, boolean>; generatePassword: () => string };
  assumptions: string[];
}): ServiceSpec['backing'] {
  const { compose, env, files, requirements, config, options, assumptions } = input;
  const backing: ServiceSpec['backing'] = {};
  for (const module of BACKING_MODULES) {
    const section = (config as Record<string, unknown>)[module.kind] as BackingDiscovery['config'] | undefined;
    const found = module.discover({
      ...(compose ? { compose } : {}),
      appEnv: env, files, requirements, config: section ?? {},
      image: options.backingImages?.[module.kind] ?? section?.image ?? module.defaultImage,
      ...(options.backingEnabled?.[module.kind] !== undefined ? { enabled: options.backingEnabled[module.kind] } : {}),
      generatePassword: options.generatePassword,
      assumptions,
    });
    if (found) backing[module.kind] = found;
  }
  for (const [kind, spec] of Object.entries(backing)) backingModule(kind).wire(spec, env);
  return backing;
}
