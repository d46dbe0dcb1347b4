/** What the run's client carries, read from its default headers (never their values beyond the scheme). */

/** Whether the client carries credentials: any header the run added beyond the Host it needs. */
export function carriesCredentials(headers: Readonly<Record<string, string>>): boolean {
  return Object.keys(headers).some((h) => !['host', 'accept', 'user-agent'].includes(h.toLowerCase()));
}

/** Credentials that carry the username (HTTP Basic, a session cookie) rather than a token bound to the user's id. */
export function credentialsNameUser(headers: Readonly<Record<string, string>>): boolean {
  return Object.entries(headers).some(([h, v]) => (h.toLowerCase() === 'authorization' && /^basic /i.test(v)) || h.toLowerCase() === 'cookie');
}
