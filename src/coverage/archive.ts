import { Parser, type ReadEntry } from 'tar';

/**
 * The regular files of a tar stream (what copyArchiveFromContainer returns), keyed by their path with the
 * archive's top directory stripped: the archive of `/tmp/x/out` holds `out/a.xml`, returned as `a.xml`.
 */
export async function readTarFiles(stream: NodeJS.ReadableStream): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  // strict: a damaged archive is an error, not a silently shorter list of files.
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      if (entry.type !== 'File') {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const name = entry.path.split('/').slice(1).join('/');
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => { if (name) files.set(name, Buffer.concat(chunks)); });
    },
  });
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    parser.on('error', reject);
    parser.on('end', () => resolve());
    stream.pipe(parser);
  });
  return files;
}
