/**
 * One exchange in flight: its arrival number, clock, and the bodies being recorded. When it
 * ends, `finish` builds the HAR entry, runs the entry stages and appends it to the recording.
 * Without a recording (no --record) bodies are only counted and entries still reach the stages.
 */
import { performance } from 'node:perf_hooks';
import type { BodySink, ExchangeKind, RecordedContent, RecordingWriter } from '@docktape/recording';
import { ChunkClock } from './chunk-clock.js';
import { buildEntry, type EntryParts, type SeenRequest } from './har-entry.js';
import { runEntryStages, type PolicyRecord, type ProxyStages } from './stages.js';

export class ExchangeLog {
  private readonly pending = new Set<Promise<void>>();
  private readonly open = new Set<Exchange>();
  private onSettled: (() => void) | undefined;
  private seq = 0;

  constructor(
    readonly writer: RecordingWriter | undefined,
    readonly stages: ProxyStages,
    /** Called when an entry could not be written (the relay itself is never disturbed). */
    private readonly onRecordError: (err: Error) => void,
  ) {}

  begin(kind: ExchangeKind, request: SeenRequest): Exchange {
    const exchange = new Exchange(this, this.writer ? this.writer.nextSeq() : this.seq++, kind, request);
    this.open.add(exchange);
    return exchange;
  }

  /** Tracks an entry being written, so shutdown can wait for all of them. */
  track(exchange: Exchange, work: Promise<void>): void {
    const guarded = work.catch((err: Error) => this.onRecordError(err));
    this.pending.add(guarded);
    this.open.delete(exchange);
    this.onSettled?.();
    void guarded.finally(() => this.pending.delete(guarded));
  }

  /**
   * Waits until every exchange begun has been recorded. Shutdown ends all connections first;
   * their close events arrive over the next ticks, so this waits for them (up to `timeoutMs`)
   * rather than for a fixed moment.
   */
  async drain(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.open.size > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.onSettled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.onSettled = undefined;
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/** A body being recorded: a BodySink when recording, a byte counter otherwise. */
export class RecordedBody {
  private counted = 0;
  constructor(
    private readonly sink: BodySink | undefined,
    private mimeType: string,
  ) {}

  /** The media type is sometimes known only once the response head is in. */
  setMimeType(mimeType: string): void {
    this.mimeType = mimeType;
    this.sink?.setMimeType(mimeType);
  }

  write(chunk: Buffer): Promise<void> | undefined {
    this.counted += chunk.length;
    return this.sink?.write(chunk);
  }

  get size(): number {
    return this.counted;
  }

  async end(): Promise<RecordedContent> {
    return this.sink ? this.sink.end() : { size: this.counted, mimeType: this.mimeType };
  }

  /** Drops a body that will not be part of the entry (a spilled sink's temporary file is removed). */
  async discard(): Promise<void> {
    await this.sink?.discard();
  }
}

export type FinishParts = Omit<EntryParts, 'seq' | 'kind' | 'startedDateTime' | 'totalMs' | 'request' | 'waitMs' | 'requestBody' | 'responseBody'> & {
  requestBody?: RecordedBody;
  responseBody?: RecordedBody;
  /** The bytes of both directions of a hijacked stream (their timing is in `hijack`). */
  streams?: { clientToDaemon: RecordedBody; daemonToClient: RecordedBody };
  /** Bodies begun but not part of the entry: discarded, so no temporary file is left behind. */
  unused?: RecordedBody[];
};

export class Exchange {
  readonly startedAt = new Date();
  private readonly t0 = performance.now();
  private waitMs: number | undefined;
  private finished = false;
  /** What the policy decided (undefined: no policy, or it had no opinion), for observers. */
  policy: PolicyRecord | undefined;

  constructor(
    private readonly log: ExchangeLog,
    readonly seq: number,
    /** May change once the daemon answers: a hijack refused with 404 is a plain exchange. */
    public kind: ExchangeKind,
    readonly request: SeenRequest,
  ) {}

  /** A body to record; with `record` false its bytes are only counted (nothing reaches disk). */
  body(mimeType: string, record = true): RecordedBody {
    return new RecordedBody(record ? this.log.writer?.body(mimeType) : undefined, mimeType);
  }

  clock(): ChunkClock {
    return new ChunkClock(this.t0);
  }

  /** ms since the exchange started. */
  elapsed(): number {
    return performance.now() - this.t0;
  }

  /** Marks the moment the response head arrived (HAR `timings.wait`). */
  responded(): void {
    this.waitMs ??= performance.now() - this.t0;
  }

  /** Records the exchange once; later calls are ignored. */
  finish(parts: FinishParts): void {
    if (this.finished) return;
    this.finished = true;
    const totalMs = performance.now() - this.t0;
    const work = (async () => {
      const { streams, unused, ...rest } = parts;
      await Promise.all((unused ?? []).map((body) => body.discard()));
      const requestBody = await parts.requestBody?.end();
      const responseBody = (await parts.responseBody?.end()) ?? { size: 0, mimeType: '' };
      if (streams && rest.hijack) {
        rest.hijack.clientToDaemon.content = await streams.clientToDaemon.end();
        rest.hijack.daemonToClient.content = await streams.daemonToClient.end();
      }
      const entry = buildEntry({
        ...rest,
        seq: this.seq,
        kind: this.kind,
        startedDateTime: this.startedAt.toISOString(),
        waitMs: this.waitMs ?? totalMs,
        totalMs,
        request: this.request,
        requestBody,
        responseBody,
      });
      const staged = runEntryStages(this.log.stages, entry);
      if (staged && this.log.writer) await this.log.writer.append(staged);
    })();
    this.log.track(this, work);
  }
}
