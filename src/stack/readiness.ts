/**
 * What one answer of the service says about its boot. Pure: the status and body of a GET to the
 * health path, and the recent log lines. "Ready" means the Django application answers: the harness
 * can ask it the rest (the probe, migrations, the Host it accepts) once it does.
 */
export type Readiness =
  | { state: 'ready'; note?: string }
  /** Django answers but refuses the Host header: the inspect phase picks one from ALLOWED_HOSTS. */
  | { state: 'ready'; problem: 'disallowed-host'; note: string }
  /** Django answers but its tables are missing: the inspect phase applies the migrations. */
  | { state: 'ready'; problem: 'unmigrated'; note: string }
  /**
   * Something answers every request with a 4xx and says no more (DEBUG off, a Host not in ALLOWED_HOSTS):
   * answers, not yet usable. The inspect phase asks the probe which Host Django accepts and judges again.
   */
  | { state: 'ready'; problem: 'client-error'; note: string }
  /** Not ready; if it stays so, this is why. */
  | { state: 'failing'; code: string; diagnosis: string };

const DISALLOWED = /Invalid HTTP_HOST header|DisallowedHost/;
const UNMIGRATED = /relation "[^"]+" does not exist|no such table|UndefinedTable/;
const KNOWN_FAULTS: Array<[RegExp, string, string]> = [
  [/ImproperlyConfigured: (.*)/, 'ENID_IMPROPERLY_CONFIGURED', 'Django is improperly configured'],
  [/(ModuleNotFoundError|ImportError): (.*)/, 'ENID_IMPORT_ERROR', 'the application cannot import a module'],
  [/OperationalError: (.*(could not connect|Connection refused|password authentication failed|does not exist).*)/, 'ENID_DATABASE_UNREACHABLE', 'the application cannot use its database'],
];

/** Reads one answer (status undefined: no HTTP answer at all) with the log lines seen so far. */
export function readiness(status: number | undefined, body: string, logLines: string[]): Readiness {
  const evidence = `${body}\n${logLines.slice(-80).join('\n')}`;
  if (status !== undefined && ((status >= 200 && status < 400) || [401, 403, 405].includes(status))) return { state: 'ready' };
  // Django's own 404 proves the application loaded; only the health path is not one of its URLs.
  if (status === 404) return { state: 'ready', note: 'the health path answered 404: the service has no view there' };
  if (status === 400 && DISALLOWED.test(evidence)) {
    const host = /Invalid HTTP_HOST header: '([^']+)'/.exec(evidence)?.[1];
    return { state: 'ready', problem: 'disallowed-host', note: `Django refused the Host header${host ? ` '${host}'` : ''} (ALLOWED_HOSTS)` };
  }
  if (status !== undefined && status >= 400 && status < 500 && !KNOWN_FAULTS.some(([pattern]) => pattern.test(evidence))) {
    const detail = firstLine(body);
    return { state: 'ready', problem: 'client-error', note: `every request answered ${status}${detail ? ` (${detail})` : ''} with no reason given` };
  }
  if (status !== undefined && status >= 500 && UNMIGRATED.test(evidence)) {
    const relation = /relation "([^"]+)" does not exist|no such table: (\S+)/.exec(evidence);
    return { state: 'ready', problem: 'unmigrated', note: `the database has no table ${relation?.[1] ?? relation?.[2] ?? ''} yet: migrations were not applied`.replace(/ {2,}/g, ' ') };
  }
  for (const [pattern, code, words] of KNOWN_FAULTS) {
    const m = pattern.exec(evidence);
    if (m) return { state: 'failing', code, diagnosis: `${words}: ${(m[2] && code === 'ENID_IMPORT_ERROR' ? `${m[1]}: ${m[2]}` : m[1] ?? '').trim()}` };
  }
  if (status === undefined) return { state: 'failing', code: 'ENID_NO_ANSWER', diagnosis: 'nothing answers HTTP on the port yet' };
  const detail = firstLine(body);
  return { state: 'failing', code: 'ENID_UNHEALTHY', diagnosis: `every request answers HTTP ${status}${detail ? `: ${detail}` : ''}` };
}

// The first meaningful line of an HTML or JSON error body, for the one-line error.
function firstLine(body: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1] ?? /<h1>([^<]*)<\/h1>/i.exec(body)?.[1];
  const text = (title ?? body).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
