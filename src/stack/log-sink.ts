import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { redact } from '../report/redact.js';

/**
 * A container's log, written to a file from the first second (so it survives the container) and kept
 * in memory as a short tail for error messages. Secret values are masked before anything is written.
 */
export class LogSink {
  private readonly file: WriteStream;
  private readonly tail: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  private pending = '';

  constructor(readonly path: string, private readonly secrets: string[], private readonly keep = 200) {
    this.file = createWriteStream(path, { flags: 'a' });
  }

  /** Attach to a log stream as testcontainers hands it to `withLogConsumer`. */
  consume(stream: Readable): void {
    stream.on('data', (chunk: Buffer | string) => this.write(chunk.toString()));
    stream.on('error', () => undefined);
  }

  write(text: string): void {
    const masked = redact(text, this.secrets);
    this.file.write(masked.endsWith('\n') ? masked : `${masked}\n`);
    const parts = (this.pending + masked).split('\n');
    this.pending = '';
    for (const line of parts) {
      if (!line.trim()) continue;
      this.tail.push(line.replace(/\r$/, ''));
      for (const listener of this.listeners) listener(line);
    }
    if (this.tail.length > this.keep) this.tail.splice(0, this.tail.length - this.keep);
  }

  onLine(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    for (const line of this.tail) listener(line);
    return () => this.listeners.delete(listener);
  }

  lastLines(count = 50): string[] {
    return this.tail.slice(-count);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await new Promise((resolve) => this.file.end(resolve));
  }
}
