/** Recorded OPTIONS and API-root documents of the two example services, parsed once. */
import { readFileSync } from 'node:fs';
import { parseOptionsMetadata, type EndpointSchema } from '../../../src/api/schema.js';

/** The raw JSON of `recorded/<name>.json`. */
export function recorded(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./recorded/${name}.json`, import.meta.url), 'utf8'));
}

export const notes: EndpointSchema = parseOptionsMetadata('/api/notes/', recorded('notes-options'));
export const authors: EndpointSchema = parseOptionsMetadata('/api/authors/', recorded('library-authors-options'));
export const books: EndpointSchema = parseOptionsMetadata('/api/books/', recorded('library-books-options'));

/** What the library service checks but SimpleMetadata does not publish. */
export const LIBRARY_PATTERNS: Record<string, RegExp> = { isbn: /^\d{13}$/ };
