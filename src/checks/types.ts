/**
 * What the checks phase reports: findings with their reproduction, one summary per check, and the
 * status codes each endpoint answered. Plain data (report.json `checks`).
 */

/** Every check the phase runs, by name: each asks one question of the service. */
export const CHECK_NAMES = [
  'notAServerError', 'negativeDataRejection', 'positiveDataAcceptance', 'crossUserAccess', 'staffOnly',
  'anonymousWrites', 'privilegedFields', 'cacheLeaks', 'cacheStaleness', 'updatePersists',
  'partialUpdateKeepsOthers', 'nestedNPlusOne', 'unboundedList',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

/** How a finding counts: it fails the phase, or it is reported only. */
export type FindingLevel = 'fail' | 'warn';
/** What the config makes of a check: as found (`fail`), never failing (`warn`), not run (`off`). */
export type CheckSetting = 'fail' | 'warn' | 'off';

/** Everything needed to replay what the service did wrong. */
export interface Reproduction {
  /** One line, runnable in a shell: the run's Host and proxy headers, the credential as `$TOKEN`. */
  curl: string;
  request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
  response?: { status: number; body?: unknown };
  /** The server's own traceback for a 5xx, from the container log (the lines of that request). */
  traceback?: string[];
  /** The statements the request ran (database findings), with their call counts. */
  statements?: string[];
}

/** One thing the service does wrong, with the request that shows it. */
export interface CheckFinding {
  check: CheckName;
  /** The endpoint as the report names it: a path, or a route with parameters. */
  endpoint: string;
  method: string;
  level: FindingLevel;
  message: string;
  reproduction: Reproduction;
}

/** One check as it ran: its question, its setting, what it sent and found, and why it skipped what it skipped. */
export interface CheckSummary {
  name: CheckName;
  question: string;
  setting: CheckSetting;
  /** Endpoints (or endpoint and method pairs) the check judged. */
  judged: number;
  findings: number;
  /** Why endpoints were not judged, one line each (bounded). */
  skipped: string[];
}

/** A cached endpoint and what writes do to it: reported with its TTL, a finding only where a write path misses an invalidation. */
export interface CacheObservation {
  path: string;
  /** cache_page's timeout from the probe; null when the cache is the view's own (`cache.set`). */
  ttlSeconds: number | null;
  /** Writes (method and path) after which the cached body was still served, and those that refreshed it. */
  staleAfter: string[];
  freshAfter: string[];
}

/** What the checks phase found (report.json `checks`). */
export interface ChecksReport {
  findings: CheckFinding[];
  checks: CheckSummary[];
  /** Status codes each endpoint answered during the phase, by method. */
  endpoints: Array<{ endpoint: string; method: string; statuses: Record<string, number> }>;
  caches: CacheObservation[];
  /** Requests the phase sent, and the most it allowed per endpoint. */
  requests: number;
  maxRequestsPerEndpoint: number;
  durationMs: number;
  /** What the phase could not do at all, and why (no second user, no Redis to flush…). */
  notes: string[];
}
