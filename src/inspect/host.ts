/**
 * The Host header the service accepts, chosen from the ALLOWED_HOSTS Django runs with — independent of
 * where the TCP connection goes (a published port on loopback, or the bridge gateway inside a CI
 * container). Pure. `null` settings (the probe could not read them) keep Django's DEBUG default.
 */
export function chooseHost(allowedHosts: string[] | null | undefined, debug: boolean | null | undefined): { host: string; because: string } {
  const hosts = (allowedHosts ?? []).map((h) => h.trim()).filter(Boolean);
  if (!hosts.length) {
    return { host: 'localhost', because: debug === false ? 'ALLOWED_HOSTS is empty and DEBUG is off: Django accepts no host, localhost is tried' : 'ALLOWED_HOSTS is empty: with DEBUG Django accepts localhost' };
  }
  if (hosts.includes('*')) return { host: 'localhost', because: 'ALLOWED_HOSTS has *' };
  for (const preferred of ['localhost', '127.0.0.1']) if (hosts.includes(preferred)) return { host: preferred, because: `ALLOWED_HOSTS has ${preferred}` };
  // A concrete name first; `.example.com` means example.com and its subdomains; `*.x` is not Django syntax.
  const concrete = hosts.find((h) => !h.startsWith('.') && !h.includes('*'));
  if (concrete) return { host: concrete.replace(/^\[|\]$/g, '').includes(':') ? `[${concrete.replace(/^\[|\]$/g, '')}]` : concrete, because: `ALLOWED_HOSTS has ${concrete}` };
  const domain = hosts.find((h) => h.startsWith('.'));
  if (domain) return { host: domain.slice(1), because: `ALLOWED_HOSTS has ${domain}` };
  return { host: 'localhost', because: `no usable entry in ALLOWED_HOSTS (${hosts.join(', ')}): localhost is tried` };
}

/** The Host header to send: a name the service's ALLOWED_HOSTS accepts, with the published port. */
export function hostHeaderOf(settings: { ALLOWED_HOSTS?: string[] | null; DEBUG?: boolean | null } | null | undefined, baseUrl: string): { hostHeader: string; because: string } {
  const port = new URL(baseUrl).port;
  if (!settings) return { hostHeader: `localhost:${port}`, because: 'ALLOWED_HOSTS unknown (the probe could not read the settings): localhost is tried' };
  const { host, because } = chooseHost(settings.ALLOWED_HOSTS, settings.DEBUG);
  return { hostHeader: `${host}:${port}`, because };
}

/** What the run must send to a service that redirects plain HTTP to HTTPS. Pure. */
export type HttpsAnswer =
  | { kind: 'plain' }
  | { kind: 'proxy'; headers: Record<string, string>; because: string }
  | { kind: 'https-only'; because: string };

/**
 * A service with SECURE_SSL_REDIRECT answers every plain-HTTP request with a redirect. Behind its
 * ingress it is reached through a TLS-terminating proxy that says so in the header Django trusts
 * (SECURE_PROXY_SSL_HEADER): the run sends that header, as the proxy would, and a Referer of the same
 * origin (Django's CSRF check insists on one for HTTPS). With no trusted header nothing over plain
 * HTTP can reach a view.
 */
export function httpsAnswer(settings: { SECURE_SSL_REDIRECT?: boolean | null; SECURE_PROXY_SSL_HEADER?: string[] | null } | null | undefined, hostHeader: string): HttpsAnswer {
  if (!settings?.SECURE_SSL_REDIRECT) return { kind: 'plain' };
  const [meta, value] = settings.SECURE_PROXY_SSL_HEADER ?? [];
  if (!meta || !value || !/^HTTP_[A-Z0-9_]+$/.test(meta)) {
    return { kind: 'https-only', because: `SECURE_SSL_REDIRECT is on and ${meta ? `SECURE_PROXY_SSL_HEADER names ${meta}, which no request header can set` : 'no SECURE_PROXY_SSL_HEADER is set'}: every plain-HTTP request is redirected to https://` };
  }
  const name = meta.slice('HTTP_'.length).toLowerCase().replace(/_/g, '-');
  return {
    kind: 'proxy',
    headers: { [name]: value, referer: `https://${hostHeader}/` },
    because: `SECURE_SSL_REDIRECT is on and Django trusts ${meta} = '${value}' from its proxy`,
  };
}
