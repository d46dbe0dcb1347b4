/**
 * P8: the speed of the harness's own pure logic, measured here rather than asserted in unit tests
 * (a timed assertion in a unit test fails whenever a neighbour loads the shared machine).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOptionsMetadata } from '../dist/src/api/schema.js';
import { createPayloadGenerator } from '../dist/src/seed/payload.js';
import { bootstrapRatioOfMedians, createRng } from '../dist/src/timing/stats.js';

const RECORDED = path.resolve(import.meta.dirname, '../test/unit/seed/recorded');
const schema = (apiPath: string, file: string) => parseOptionsMetadata(apiPath, JSON.parse(readFileSync(path.join(RECORDED, `${file}.json`), 'utf8')));

/** Milliseconds per thousand Faker payloads over the recorded notes, authors and books schemas, `runs` times. */
export function payloadMsPerThousand(runs: number): number[] {
  const schemas = [schema('/api/notes/', 'notes-options'), schema('/api/authors/', 'library-authors-options'), schema('/api/books/', 'library-books-options')];
  const relatedIds = { author: [11, 12, 13, 14, 15] };
  const out: number[] = [];
  for (let run = 0; run < runs; run++) {
    const gen = createPayloadGenerator({ seed: run + 1 });
    const started = performance.now();
    for (let index = 0; index < 10_000; index += 1) gen.generate(schemas[index % 3]!, { relatedIds, index });
    out.push((performance.now() - started) / 10);
  }
  return out;
}

/** Milliseconds for one timing verdict's bootstrap: 2000 resamples of 100 cold and 100 warm samples, after a warm-up. */
export function bootstrapMs(runs: number): number[] {
  const rng = createRng(11);
  const cold = Array.from({ length: 100 }, () => 160 * (0.75 + rng() / 2));
  const warm = Array.from({ length: 100 }, () => 8 * (0.75 + rng() / 2));
  bootstrapRatioOfMedians(cold, warm, { seed: 0 }); // let the JIT compile the loop first
  const out: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const started = performance.now();
    bootstrapRatioOfMedians(cold, warm, { iterations: 2000, seed: run });
    out.push(performance.now() - started);
  }
  return out;
}
