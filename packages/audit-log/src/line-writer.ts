/**
 * Writes audit events as JSON Lines to a file (appended) or to stdout (`-`), without ever
 * holding traffic up:
 * - one `write` per line, never awaited: the line is complete in the stream's buffer or not
 *   there at all, so a reader never sees half a line from us;
 * - when the stream is backed up past `maxPendingBytes` (a disk slower than traffic), lines
 *   are dropped and counted instead of buffering without bound; when it drains, one stderr
 *   message says how many were lost;
 * - a write error (full disk, file removed under a read-only mount) is reported once; lines
 *   after it are counted as dropped and traffic goes on;
 * - `reopen()` (SIGHUP) starts a new file at the same path, the way logrotate expects: the
 *   old name may have been moved away, and the next lines land in the new file.
 * The file is opened synchronously at start, so an unwritable path is an error before the
 * proxy listens, not a warning later.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { AuditLogError } from './audit-log-error.js';

export interface LineWriterOptions {
  /** Bytes waiting in the stream past which lines are dropped (default 8 MiB). */
  maxPendingBytes?: number;
  /** Where problems are reported (default: stderr). */
  warn?: (message: string) => void;
}

export const DEFAULT_MAX_PENDING_BYTES = 8 * 1024 * 1024;

export class AuditLineWriter {
  /** Lines handed to the stream. */
  written = 0;
  /** Lines dropped because the stream was backed up or had failed. */
  dropped = 0;
  private droppedUnreported = 0;
  private stream: Writable;
  private failed = false;
  private readonly maxPending: number;
  private readonly warn: (message: string) => void;

  private constructor(
    /** The file, or '-' for stdout. */
    readonly target: string,
    stream: Writable,
    options: LineWriterOptions,
  ) {
    this.maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    this.warn = options.warn ?? ((m) => process.stderr.write(`docktape proxy: ${m}\n`));
    this.stream = this.watch(stream);
  }

  /** Opens `target` for appending ('-': stdout); throws AuditLogError when it cannot be written. */
  static open(target: string, options: LineWriterOptions = {}): AuditLineWriter {
    return new AuditLineWriter(target, target === '-' ? stdoutStream() : openAppend(target), options);
  }

  /** A writer over any stream (tests, embedding). */
  static over(stream: Writable, options: LineWriterOptions = {}): AuditLineWriter {
    return new AuditLineWriter('(stream)', stream, options);
  }

  /** Writes one event as one line; drops it (counted) when the stream is backed up or failed. */
  write(event: object): void {
    if (this.failed || this.stream.writableLength > this.maxPending) {
      this.dropped++;
      this.droppedUnreported++;
      return;
    }
    this.written++;
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  /** SIGHUP: the next lines go to a fresh file at the same path (stdout stays stdout). */
  reopen(): void {
    if (this.target === '-' || this.target === '(stream)') return;
    let next: Writable;
    try {
      next = openAppend(this.target);
    } catch (err) {
      // keep writing where we were: losing the log is worse than a late rotation
      this.warn(`audit log not reopened, still writing to the old file: ${(err as Error).message}`);
      return;
    }
    const old = this.stream;
    this.stream = this.watch(next);
    this.failed = false;
    old.end();
  }

  /** Ends the stream once every line given to it is written. */
  async close(): Promise<void> {
    const stream = this.stream;
    this.reportDropped();
    if (this.failed) return;
    await new Promise<void>((resolve) => {
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  }

  private watch(stream: Writable): Writable {
    stream.on('error', (err: Error) => {
      if (stream !== this.stream || this.failed) return;
      this.failed = true;
      this.warn(`audit log ${this.target} failed, lines from now on are dropped and counted (traffic goes on): ${err.message}`);
    });
    stream.on('drain', () => this.reportDropped());
    return stream;
  }

  private reportDropped(): void {
    if (this.droppedUnreported === 0) return;
    this.warn(`audit log ${this.target}: ${this.droppedUnreported} line${this.droppedUnreported === 1 ? '' : 's'} dropped (the log was slower than traffic)`);
    this.droppedUnreported = 0;
  }
}

/**
 * fd 1 through fs writes rather than process.stdout: Node writes to a pipe on stdout
 * synchronously, so a slow reader (`| tee`, a log shipper) would stall the event loop, and
 * traffic with it. fs writes wait in the thread pool instead, the backlog shows in
 * writableLength, and lines past the bound are dropped. fd 1 stays open when the stream ends.
 */
function stdoutStream(): Writable {
  return fs.createWriteStream('', { fd: 1, autoClose: false });
}

function openAppend(file: string): Writable {
  let fd: number;
  try {
    fd = fs.openSync(file, 'a', 0o600);
  } catch (err) {
    throw new AuditLogError(`cannot write the audit log ${file}: ${(err as Error).message}`, { cause: err });
  }
  return fs.createWriteStream('', { fd, flags: 'a' });
}
