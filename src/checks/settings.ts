import type { ChecksConfig } from './config-schema.js';
import { CHECK_NAMES, type CheckName, type CheckSetting, type FindingLevel } from './types.js';

/** Requests one endpoint may get from the phase when the config does not say. */
export const DEFAULT_MAX_REQUESTS_PER_ENDPOINT = 60;

/** What every check reads of the `checks` section, defaults applied. */
export interface ChecksSettings {
  maxRequestsPerEndpoint: number;
  settings: Record<CheckName, CheckSetting>;
}

/** Reads `config.checks` (validated by the config schema when it came from a file). */
export function checksSettings(config: { checks?: ChecksConfig } | undefined): ChecksSettings & { enabled: boolean } {
  const raw = config?.checks ?? {};
  const settings = Object.fromEntries(CHECK_NAMES.map((n) => [n, raw[n] ?? 'fail'])) as Record<CheckName, CheckSetting>;
  return { enabled: raw.enabled !== false, maxRequestsPerEndpoint: raw.maxRequestsPerEndpoint ?? DEFAULT_MAX_REQUESTS_PER_ENDPOINT, settings };
}

/** The level a finding is filed at: what the check found, lowered to `warn` where the config says so. */
export function levelFor(setting: CheckSetting, found: FindingLevel): FindingLevel {
  return setting === 'warn' ? 'warn' : found;
}
