import type { DatabaseLevel } from './types.js';

/** The `database` section of enid.config, with every default applied. */
export interface DatabaseSettings {
  enabled: boolean;
  nPlusOne: DatabaseLevel;
  /** Missing migrations (`makemigrations --check`); migrations written at boot are always only reported. */
  migrations: DatabaseLevel;
  seqScans: DatabaseLevel;
  maxQueriesPerRequest?: number;
  /** Rows per table for the EXPLAIN at volume. */
  volumeRows: number;
  /** Rows per page for the two N+1 measurements: small, then large. */
  sizes: [number, number];
}

const LEVELS = new Set<DatabaseLevel>(['fail', 'warn', 'off']);
const level = (v: unknown, fallback: DatabaseLevel): DatabaseLevel => (LEVELS.has(v as DatabaseLevel) ? (v as DatabaseLevel) : fallback);
const whole = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * Reads `config.database` without trusting its shape: the section is validated by the config schema
 * when it exists there, but this phase must also run with configs written before it did.
 */
export function databaseSettings(config: unknown): DatabaseSettings {
  const raw = (config && typeof config === 'object' ? (config as { database?: unknown }).database : undefined) ?? {};
  const db = (typeof raw === 'object' && raw ? raw : {}) as Record<string, unknown>;
  const small = whole(db.smallPage) ?? 5;
  const large = Math.max(whole(db.largePage) ?? 25, small + 2);
  const max = whole(db.maxQueriesPerRequest);
  return {
    enabled: db.enabled !== false,
    nPlusOne: level(db.nPlusOne, 'fail'),
    migrations: level(db.migrations, 'fail'),
    seqScans: level(db.seqScans, 'warn'),
    ...(max ? { maxQueriesPerRequest: max } : {}),
    volumeRows: whole(db.volumeRows) ?? 20_000,
    sizes: [small, large],
  };
}
