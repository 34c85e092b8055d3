/**
 * Secrets out of a recorded body before a byte of it reaches disk (issue 14): for the bodies
 * that may carry them (create and exec bodies, inspect answers: their `Env`), the recording's
 * sink gets the body only at its end, redacted (@docktape/policy redactEnv). The client and the
 * daemon always get the bytes as sent; only the recorded copy changes, and the entry lists what
 * was replaced (`_redacted`). Such bodies are small JSON; one over the bound is not recorded at
 * all (a placeholder, `_redacted: ['']`), since it could not be read whole to redact it.
 */
import type { BodySink, RecordedContent } from '@docktape/recording';
import { DEFAULT_SECRET_PATTERNS, redactEnv, UNREADABLE_BODY, type Redaction } from '@docktape/policy';

/** What RecordedBody needs of a sink. */
export type Sink = Pick<BodySink, 'write' | 'setMimeType' | 'end' | 'discard'> & Partial<Pick<BodySink, 'endInline'>>;

/** Create bodies and inspect answers are KiBs; 1 MiB is far past any real one. */
export const REDACT_LIMIT = 1024 * 1024;

export class RedactingSink implements Sink {
  private held: Buffer[] = [];
  private size = 0;
  constructor(
    private readonly sink: BodySink,
    private readonly operationId: string,
    private readonly direction: 'request' | 'response',
    private readonly redacted: (pointers: string[]) => void,
    /** Env name patterns (the defaults plus --redact-env and a policy's `redact.env`). */
    private readonly patterns: readonly string[] = DEFAULT_SECRET_PATTERNS,
  ) {}

  setMimeType(mimeType: string): void {
    this.sink.setMimeType(mimeType);
  }

  write(chunk: Uint8Array): Promise<void> {
    this.size += chunk.length;
    // over the bound nothing more is held: the body will not be recorded
    if (this.size <= REDACT_LIMIT) this.held.push(Buffer.from(chunk));
    else this.held = [];
    return Promise.resolve();
  }

  async end(): Promise<RecordedContent> {
    const original = Buffer.concat(this.held);
    this.held = [];
    const out: Redaction | undefined =
      this.size > REDACT_LIMIT ? { text: UNREADABLE_BODY, pointers: [''] } : redactEnv(this.operationId, this.direction, original.toString('utf8'), this.patterns);
    if (out) this.redacted(out.pointers);
    // nothing to redact: the bytes as they came, unchanged
    const bytes = out ? Buffer.from(out.text) : original;
    if (bytes.length > 0) await this.sink.write(bytes);
    return this.sink.end();
  }

  discard(): Promise<void> {
    this.held = [];
    return this.sink.discard();
  }
}
