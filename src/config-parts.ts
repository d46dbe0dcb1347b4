import { z } from 'zod';

// Building blocks of the config schema, shared by src/config.ts and the backing modules' sections.

// Lists and maps of strings are reported as one problem ("must be a list of strings"), not one per
// bad element: the user fixes the value, not the n-th item of it.
export const reportedWhole = new Map<z.ZodType, string>();
export function whole<T extends z.ZodType>(schema: T, problem: string): T {
  reportedWhole.set(schema, problem);
  return schema;
}

export const stringList = whole(z.array(z.string()), 'must be a list of strings');
export const stringMap = whole(z.record(z.string(), z.string()), 'must map names to strings');

/** A whole number in [min, max]; one message for every way of missing it. */
export function wholeNumber(min: number, max: number, why = ''): z.ZodNumber {
  const problem = `must be a whole number from ${min} to ${max}${why}`;
  return z.number().int({ error: problem }).min(min, { error: problem }).max(max, { error: problem });
}

