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
  const { host, because } = chooseHost(settings?.ALLOWED_HOSTS, settings?.DEBUG);
  return { hostHeader: `${host}:${new URL(baseUrl).port}`, because };
}
