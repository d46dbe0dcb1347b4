import { BACKING_MODULES } from '../backing/registry.js';
import type { ComposeFile, ComposeService } from './compose.js';

/** The application service: the one built from source, preferring one that depends on a backing service. */
export function applicationService(compose: ComposeFile): ComposeService | undefined {
  const built = compose.services.filter((s) => s.build);
  const byName = new Map(compose.services.map((s) => [s.name, s]));
  const isBacking = (name: string): boolean => BACKING_MODULES.some((m) => byName.has(name) && m.matches(byName.get(name)!));
  return built.find((s) => s.dependsOn.some(isBacking)) ?? built[0];
}
