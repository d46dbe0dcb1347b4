import { Writable } from 'node:stream';

/** A writable that keeps what it is given, posing as a TTY (or not) for the console reporter. */
export class Sink extends Writable {
  readonly chunks: string[] = [];
  readonly isTTY: boolean;
  readonly columns = 100;

  constructor(tty = false) {
    super();
    this.isTTY = tty;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  get text(): string {
    return this.chunks.join('');
  }
}
