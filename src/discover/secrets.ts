import { backingModule } from '../backing/registry.js';
import type { ServiceSpec } from '../types.js';

/**
 * The values to mask in everything the harness prints or writes: secret-like variables and the backing
 * services' own (the database password). A value that is also public (the database user "postgres"
 * doubling as its password, say) is masked only where it appears as a secret, or every log line naming
 * postgres would be shredded.
 */
export function secretValues(spec: ServiceSpec): string[] {
  const publicValues = new Set(Object.entries(spec.env).filter(([k]) => !spec.secretKeys.includes(k)).map(([, v]) => v));
  const candidates = spec.secretKeys.map((k) => spec.env[k] ?? '');
  for (const [kind, backing] of Object.entries(spec.backing)) {
    const { secret, public: open } = backingModule(kind).secrets(backing);
    candidates.push(...secret);
    open.forEach((v) => publicValues.add(v));
  }
  // URLs with credentials are secrets as a whole, and their password part on its own.
  for (const k of spec.secretKeys) {
    const m = /:\/\/[^/:@]*:([^@/]+)@/.exec(spec.env[k] ?? '');
    if (m) candidates.push(decodeURIComponent(m[1]!));
  }
  return [...new Set(candidates.filter((v) => v && !publicValues.has(v)))];
}
