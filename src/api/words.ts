// Name matching between fields, resources and URL paths: singulars, plurals and the last path segment.

/** Singular form for matching names: categories → category, boxes → box, notes → note. */
export function singular(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && !/(ss|us|is|ics|news)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Plural forms a collection may use: +s, y→ies, s/x/z/ch/sh→es. */
export function plurals(word: string): string[] {
  if (/[^aeiou]y$/.test(word)) return [word.slice(0, -1) + 'ies'];
  if (/(s|x|z|ch|sh)$/.test(word)) return [word + 'es'];
  return [word + 's'];
}

/** Lower case, spaces and dashes as underscores. */
export const norm = (s: string): string => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
/** The last path segment, normalised for name matching: "/api/Book-Authors/" → "book_authors". */
export const lastSegment = (path: string): string => norm(path.split('/').filter(Boolean).at(-1) ?? '');
