/** Labels on everything a run creates, so that `enid-test clean` can find leftovers of crashed runs. */
export const LABEL_MANAGED = 'dev.enid-test';
export const LABEL_RUN = 'dev.enid-test.run';
export const LABEL_SERVICE = 'dev.enid-test.service';
export const LABEL_ROLE = 'dev.enid-test.role';
export const LABEL_PID = 'dev.enid-test.pid';

export function runLabels(runId: string, service: string, role: string): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_RUN]: runId, [LABEL_SERVICE]: service, [LABEL_ROLE]: role, [LABEL_PID]: String(process.pid) };
}
