/**
 * Reads a body as a tar while its bytes arrive, keeping only the manifest (tar-manifest.ts):
 * each entry's header fields and the sha256 of its content, hashed as it streams through.
 * Nothing holds the body: tar-stream's extract keeps at most one write's worth of bytes, and
 * `push` waits for it to drain (so the caller reading a socket is held back, not the memory
 * grown).
 *
 * How a body is known to be a tar: it parses as one. A tar's first 512-byte header block carries
 * a checksum of itself and the `ustar` magic, which tar-stream checks, so JSON, text or a
 * gzipped tar fail on the first block. A body "claims" to be a tar when its first header parsed
 * or its `Content-Type` is `application/x-tar`; the endpoint (`PUT .../archive`) is the third
 * claim, which match-request.ts adds. A claimed body that does not parse to its end is reported
 * as `not-tar` with the parser's reason, and matching falls back to its bytes.
 */
import { createHash } from 'node:crypto';
import tar from 'tar-stream';
import type { TarEntryFacts, TarReading } from './tar-manifest.js';

/** The `Content-Type` (any parameters aside) that says a body is a tar. */
export function tarContentType(contentType: string | undefined): boolean {
  return /^application\/x-tar\s*(;|$)/i.test(contentType?.trim() ?? '');
}

export class TarReader {
  private readonly extract = tar.extract();
  private readonly entries: TarEntryFacts[] = [];
  private failure: string | undefined;
  private headerSeen = false;
  private readonly closed: Promise<void>;

  /** `contentType`: the request's, when known (it makes a body that fails to parse a claimed tar). */
  constructor(private readonly contentType?: string) {
    this.extract.on('entry', (header, stream, next) => {
      this.headerSeen = true;
      const hash = createHash('sha256');
      let size = 0;
      stream.on('data', (data: unknown) => {
        const chunk = data as Uint8Array;
        hash.update(chunk);
        size += chunk.length;
      });
      stream.on('end', () => {
        this.entries.push({
          name: header.name,
          type: header.type ?? 'file',
          mode: header.mode ?? 0,
          size,
          linkname: header.linkname ?? '',
          sha256: hash.digest('hex'),
        });
        next();
      });
    });
    this.closed = new Promise((resolve) => {
      this.extract.on('error', (err: Error) => {
        this.failure ??= err.message;
      });
      this.extract.on('close', () => resolve());
    });
  }

  /** True once the body cannot be a tar: the rest of it need not be read for the manifest. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Feeds the next bytes; resolves when the parser can take more. Never rejects: a failure is the reading's `not-tar`. */
  async push(chunk: Uint8Array): Promise<void> {
    if (this.failure !== undefined || this.extract.destroyed) return;
    if (this.extract.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.extract.off('drain', done);
        this.extract.off('close', done);
        resolve();
      };
      this.extract.on('drain', done);
      this.extract.on('close', done);
    });
  }

  /** Ends the body and says what it was. */
  async done(): Promise<TarReading> {
    // (the callback only satisfies the typings: completion is awaited through `close`)
    if (!this.extract.destroyed) this.extract.end(() => undefined);
    await this.closed;
    const claimedBy = this.headerSeen ? 'a tar header' : tarContentType(this.contentType) ? `Content-Type ${this.contentType}` : undefined;
    if (this.failure !== undefined) return { kind: 'not-tar', why: this.failure, ...(claimedBy ? { claimedBy } : {}) };
    // a body of zero blocks parses, but only a claim makes it a tar (of no entries)
    if (!claimedBy) return { kind: 'not-tar', why: 'no tar entries' };
    return { kind: 'tar', entries: this.entries };
  }
}

/** Reads `chunks` (a recorded body streamed from disk) as a tar. */
export async function readTar(chunks: AsyncIterable<Uint8Array>, contentType?: string): Promise<TarReading> {
  const reader = new TarReader(contentType);
  for await (const chunk of chunks) {
    await reader.push(chunk);
    if (reader.failed) break;
  }
  return reader.done();
}
