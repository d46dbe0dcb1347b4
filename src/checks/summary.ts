import { CHECK_QUESTIONS } from './catalog.js';
import type { CheckBook } from './context.js';
import type { ChecksSettings } from './settings.js';
import { CHECK_NAMES, type CheckSummary } from './types.js';

/** One summary per check, in catalogue order: its question, setting, what it judged, found and skipped. */
export function summarize(settings: ChecksSettings, book: CheckBook, findings: ReadonlyArray<{ check: string }> = []): CheckSummary[] {
  return CHECK_NAMES.map((name) => {
    const tally = book.tallies.get(name);
    return {
      name, question: CHECK_QUESTIONS[name], setting: settings.settings[name],
      judged: tally?.judged ?? 0, findings: findings.filter((f) => f.check === name).length, skipped: tally?.skipped ?? [],
    };
  });
}
