import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { HttpClient } from '../http/client.js';
import type { RunContext } from '../pipeline/context.js';
import type { ProbeDocument } from '../probe/types.js';
import { hostHeaderOf, httpsAnswer, type HttpsAnswer } from './host.js';

/** The anonymous client every later request starts from: the Host header the service accepts, and a TLS proxy's headers when it needs them. */
export interface HostedClient {
  http: HttpClient;
  hostHeader: string;
  https: HttpsAnswer;
}

/**
 * Picks the Host header from the service's ALLOWED_HOSTS and, for a service that redirects plain HTTP,
 * the headers its TLS proxy would add; a service that can only be reached over HTTPS is exit 3.
 */
export function hostedClient(ctx: Pick<RunContext, 'state' | 'info' | 'stack'>, probe: ProbeDocument | undefined, notes: string[]): HostedClient {
  const service = ctx.stack.service;
  const { hostHeader, because } = hostHeaderOf(probe?.settings, ctx.info.baseUrl);
  notes.push(`requests carry Host: ${hostHeader} (${because})`);
  let http = ctx.state.http.withHeaders({ host: hostHeader });
  const https = httpsAnswer(probe?.settings, hostHeader);
  if (https.kind === 'https-only') {
    throw new EnidError(`the service redirects every request to HTTPS: ${https.because}`, {
      code: 'ENID_HTTPS_ONLY', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
      hint: 'turn SECURE_SSL_REDIRECT off through the variable its settings read (service.env in enid.config.json), or set SECURE_PROXY_SSL_HEADER so it can run behind a TLS proxy',
      logTail: ctx.stack.serviceLogTail(20),
    });
  }
  if (https.kind === 'proxy') {
    http = http.withHeaders(https.headers);
    notes.push(`requests carry ${Object.entries(https.headers).map(([k, v]) => `${k}: ${v}`).join(', ')} as its TLS proxy would (${https.because})`);
  }
  return { http, hostHeader, https };
}
