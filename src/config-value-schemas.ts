import { z } from 'zod';

// Schemas of single config values, shared by src/config.ts and the backing modules' sections.

/**
 * Schemas whose problems are reported as one, with this text: a list or map of strings is "must be a
 * list of strings", not one problem per bad element (the user fixes the value, not its n-th item).
 */
export const problemOfWholeValue = new Map<z.ZodType, string>();

/** Registers `schema` so any problem inside a value of it is reported once, as `problem`. */
export function reportedAsOneProblem<T extends z.ZodType>(schema: T, problem: string): T {
  problemOfWholeValue.set(schema, problem);
  return schema;
}

export const stringList = reportedAsOneProblem(z.array(z.string()), 'must be a list of strings');
export const stringMap = reportedAsOneProblem(z.record(z.string(), z.string()), 'must map names to strings');

/** A whole number in [min, max]; one message for every way of missing it. */
export function wholeNumber(min: number, max: number, why = ''): z.ZodNumber {
  const problem = `must be a whole number from ${min} to ${max}${why}`;
  return z.number().int({ error: problem }).min(min, { error: problem }).max(max, { error: problem });
}
