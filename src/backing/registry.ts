import type { BackingModule } from './backing-module.js';
import { postgresConfig, postgresModule } from './postgres.js';
import { redisConfig, redisModule } from './redis.js';

/**
 * Every backing service the harness knows, in start order. A new one (a broker, a search engine) is a
 * module file here, its container in `src/stack/backing/`, and one entry in each registry: discovery,
 * flags, environment wiring, the stack, `doctor` and the reports all read these lists.
 */
export const BACKING_MODULES: readonly BackingModule[] = [postgresModule, redisModule];

/** Each module's section of enid.config, under its kind (typed, so EnidConfig knows them). */
export const BACKING_CONFIG = {
  postgres: postgresConfig.optional(),
  redis: redisConfig.optional(),
};

export function backingModule(kind: string): BackingModule {
  const found = BACKING_MODULES.find((m) => m.kind === kind);
  if (!found) throw new Error(`no backing module "${kind}"`);
  return found;
}

/** `--postgres-image` / `ENID_POSTGRES_IMAGE` for a module. */
export function imageOverride(module: BackingModule): { flag: string; env: string } {
  return { flag: `--${module.kind}-image`, env: `ENID_${module.kind.toUpperCase()}_IMAGE` };
}
