/**
 * One exchange in flight: its arrival number, clock, and the bodies being recorded. When it
 * ends, `finish` builds the HAR entry, runs the entry stages and appends it to the recording.
 * Without a recording (no --record) bodies are only counted and entries still reach the stages.
 */
import { performance } from 'node:perf_hooks';
import type { BodySink, ExchangeKind, HarEntry, RecordedContent, RecordingWriter } from '@docktape/recording';
import { ChunkClock } from './chunk-clock.js';
import { AuditBodyCopy, auditShows, type AuditBody } from './redact-audit-body.js';
import { RedactingSink, type Sink } from './redacting-sink.js';
import { findOperation } from '@docktape/api';
import { mayHoldSecrets, redactQuery } from '@docktape/policy';
import type { Redacted } from '@docktape/recording';
import { terminationOf, type ClientFacts, type ExchangeFacts, type FinishedFacts, type KeepResponseBody, type Termination } from './exchange-facts.js';
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
    /** Where an observer that throws is reported (traffic goes on). */
    readonly onObserverError: (err: Error) => void = () => undefined,
  ) {}

  /** Exchanges not finished yet, with what they moved so far. */
  inFlight(): { method: string; url: string; bytes: number; elapsedMs: number }[] {
    return [...this.open].map((x) => ({ method: x.request.method, url: x.loggedRequest().url, bytes: x.transferred(), elapsedMs: x.elapsed() }));
  }

  begin(kind: ExchangeKind, request: SeenRequest, client: ClientFacts = { transport: 'unix', pid: null, uid: null }): Exchange {
    const exchange = new Exchange(this, this.writer ? this.writer.nextSeq() : this.seq++, kind, request, client);
    this.open.add(exchange);
    return exchange;
  }

  /** An exchange that ended with nothing to record. */
  forget(exchange: Exchange): void {
    this.open.delete(exchange);
    this.onSettled?.();
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

/**
 * A body being recorded: a BodySink when recording, a byte counter otherwise; with `keep`, also
 * held in memory up to its bound, for an observer (live conformance) that needs the bytes
 * even without a recording.
 */
export class RecordedBody {
  private counted = 0;
  /** undefined: not decided yet (the media type may come late); false: not kept. */
  private keeping: Buffer[] | false | undefined;
  private tooLarge = false;
  constructor(
    private readonly sink: Sink | undefined,
    private mimeType: string,
    private readonly keep?: { policy: KeepResponseBody; method: string; url: string },
    /** A bounded copy for the audit line (audit levels request, requestResponse). */
    private readonly auditCopy?: AuditBodyCopy,
  ) {
    if (!keep) this.keeping = false;
  }

  /** The media type is sometimes known only once the response head is in. */
  setMimeType(mimeType: string): void {
    this.mimeType = mimeType;
    this.sink?.setMimeType(mimeType);
    this.auditCopy?.setMimeType(mimeType);
  }

  write(chunk: Buffer): Promise<void> | undefined {
    this.counted += chunk.length;
    if (this.keeping !== false) this.hold(chunk);
    this.auditCopy?.write(chunk);
    return this.sink?.write(chunk);
  }

  private hold(chunk: Buffer): void {
    const keep = this.keep!;
    this.keeping ??= keep.policy.wanted(keep.method, keep.url, this.mimeType) ? [] : false;
    if (this.keeping === false) return;
    if (this.counted > keep.policy.limitBytes) {
      // past the bound: nothing more is held, and the observer is told so
      this.keeping = false;
      this.tooLarge = true;
      return;
    }
    // a copy: the streamed relay lends its read buffers and takes them back
    this.keeping.push(Buffer.from(chunk));
  }

  /** What the audit line says of this body; undefined when its level does not show it. */
  forAudit(): AuditBody | undefined {
    return this.auditCopy?.result();
  }

  /** The bytes held for observers: undefined when none were asked for. */
  kept(): Buffer | 'too-large' | undefined {
    if (this.tooLarge) return 'too-large';
    if (this.keeping === false) return undefined;
    // an empty body of a wanted response is still a body to check
    if (this.keeping === undefined) return this.keep!.policy.wanted(this.keep!.method, this.keep!.url, this.mimeType) ? Buffer.alloc(0) : undefined;
    return Buffer.concat(this.keeping);
  }

  get size(): number {
    return this.counted;
  }

  async end(): Promise<RecordedContent> {
    return this.sink ? this.sink.end() : { size: this.counted, mimeType: this.mimeType };
  }

  /** The body's content now, when it needs no disk (only counted, or inline text); else undefined. */
  endNow(): RecordedContent | undefined {
    return this.sink ? this.sink.endInline?.() : { size: this.counted, mimeType: this.mimeType };
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
  /** How it ended, when the call site knows better than the error's wording (exchange-facts.ts). */
  termination?: Termination;
  /**
   * The request body was read only in part (the policy stopped at its limit and refused): its
   * bytes are counted (bodySize), but it is no body the client sent whole, so not recorded.
   */
  requestBodyCut?: true;
};

const EMPTY_BODY: RecordedContent = { size: 0, mimeType: '' };

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
    readonly client: ClientFacts,
  ) {}

  /** A body to record; with `record` false its bytes are only counted (nothing reaches disk). */
  body(mimeType: string, record = true): RecordedBody {
    return this.counted(new RecordedBody(record ? this.log.writer?.body(mimeType) : undefined, mimeType));
  }

  /** What redaction replaced in the recorded bodies (`_redacted`). */
  private readonly redactions: Redacted[] = [];

  /**
   * The recording's sink for a body, redacting it first when it may carry secrets (create and
   * exec bodies, inspect answers: redacting-sink.ts).
   */
  private sinkFor(mimeType: string, direction: 'request' | 'response'): Sink | undefined {
    const sink = this.log.writer?.body(mimeType);
    if (!sink) return undefined;
    const operationId = this.operationId();
    if (!mayHoldSecrets(operationId, direction)) return sink;
    const where = direction === 'request' ? 'request.postData' : 'response.content';
    return new RedactingSink(sink, operationId!, direction, (at) => this.redactions.push({ where, at }), this.log.stages.redact?.envPatterns);
  }

  private logged: SeenRequest | undefined;
  /**
   * The request as the recording and the audit log show it: the values of the configured query
   * parameters replaced (`--redact-query`), listed in `_redacted`. The daemon gets the request
   * as sent; the policy decides on it as sent too.
   */
  loggedRequest(): SeenRequest {
    if (this.logged) return this.logged;
    const { target, redacted } = redactQuery(this.request.url, this.log.stages.redact?.queryNames ?? []);
    if (redacted.length) this.redactions.push({ where: 'request.url', at: redacted });
    return (this.logged = redacted.length ? { ...this.request, url: target } : this.request);
  }

  private operation: { id: string | undefined; transport: string | undefined; tar: string | undefined } | undefined;
  /** The spec's operation of the request, looked up once (request and response bodies both ask). */
  private operationRow() {
    if (!this.operation) {
      const row = findOperation(this.request.method, this.request.url)?.operation;
      this.operation = { id: row?.operationId, transport: row?.transport, tar: row?.tar };
    }
    return this.operation;
  }
  private operationId(): string | undefined {
    return this.operationRow().id;
  }

  /**
   * A copy of a body for the audit line, when the policy's audit level for this exchange shows
   * that side (request: the request body; requestResponse: both): redact-audit-body.ts.
   */
  private auditCopy(direction: 'request' | 'response', mimeType: string, secret = false): AuditBodyCopy | undefined {
    if (!auditShows(this.policy?.audit, direction)) return undefined;
    const row = this.operationRow();
    return new AuditBodyCopy({
      operationId: row.id,
      direction,
      mimeType,
      streamed: this.kind !== 'http' || row.transport === 'stream',
      tar: row.tar === direction,
      secret,
      envPatterns: this.log.stages.redact?.envPatterns,
    });
  }

  /** The client's request body: recorded (redacted where it may carry secrets), or only counted. */
  requestBody(mimeType: string, record = true): RecordedBody {
    // a body not recorded is a secret one (POST /auth): not in the audit line either
    const copy = this.auditCopy('request', mimeType, !record);
    return this.counted(new RecordedBody(record ? this.sinkFor(mimeType, 'request') : undefined, mimeType, undefined, copy));
  }

  /** Every body of this exchange, for the bytes moved so far (`transferred`). */
  private readonly bodies: RecordedBody[] = [];
  private counted(body: RecordedBody): RecordedBody {
    this.bodies.push(body);
    return body;
  }

  /** Body bytes moved so far, both directions (a terminal's progress line reads it). */
  transferred(): number {
    return this.bodies.reduce((n, b) => n + b.size, 0);
  }

  /** The daemon's response body: recorded, and held in memory when an observer wants it. */
  responseBody(mimeType: string): RecordedBody {
    const policy = this.log.stages.keepResponseBody;
    const keep = policy ? { policy, method: this.request.method, url: this.request.url } : undefined;
    return this.counted(new RecordedBody(this.sinkFor(mimeType, 'response'), mimeType, keep, this.auditCopy('response', mimeType)));
  }

  private facts(): ExchangeFacts {
    const writer = this.log.writer;
    return {
      seq: this.seq,
      recorded: writer !== undefined && writer.stopped === undefined,
      kind: this.kind,
      method: this.request.method,
      url: this.loggedRequest().url,
      client: this.client,
      receivedAt: this.startedAt.toISOString(),
      policy: this.policy ?? null,
    };
  }

  /** A hijacked or websocket session is open (the daemon's head is in): observers hear of it now. */
  opened(status: number): void {
    const observers = this.log.stages.observe ?? [];
    if (observers.length === 0) return;
    const facts = { ...this.facts(), status, responseStartedMs: this.waitMs ?? this.elapsed() };
    for (const observer of observers) {
      try {
        observer.opened?.(facts);
      } catch (err) {
        this.log.onObserverError(err as Error);
      }
    }
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

  private observe(entry: HarEntry, o: { termination: Termination; held: FinishedFacts['responseBody']; dropped: boolean; auditBodies?: FinishedFacts['auditBodies'] }): void {
    const observers = this.log.stages.observe ?? [];
    if (observers.length === 0) return;
    const base = this.facts();
    const facts: FinishedFacts = { ...base, recorded: base.recorded && !o.dropped, termination: o.termination, responseBody: o.held };
    if (o.auditBodies) facts.auditBodies = o.auditBodies;
    for (const observer of observers) {
      try {
        observer.finished?.(entry, facts);
      } catch (err) {
        this.log.onObserverError(err as Error);
      }
    }
  }

  private entryOf(parts: FinishParts, totalMs: number, requestBody: RecordedContent | undefined, responseBody: RecordedContent): HarEntry {
    // fields picked one by one: an object rest/spread here showed in the per-exchange profile
    return buildEntry({
      response: parts.response,
      chunks: parts.chunks,
      hijack: parts.hijack,
      webSocketMessages: parts.webSocketMessages,
      error: parts.error,
      seq: this.seq,
      kind: this.kind,
      startedDateTime: this.startedAt.toISOString(),
      waitMs: this.waitMs ?? totalMs,
      totalMs,
      request: this.loggedRequest(),
      requestBody,
      responseBody,
      // what crossed the wire, which a redacted body's recorded size is not
      requestWireBytes: parts.requestBody?.size,
      responseWireBytes: parts.responseBody?.size,
      redacted: this.redactions,
    });
  }

  /**
   * The bodies the audit level shows: null where there was none (a GET's request, an answer
   * the proxy gave itself); a hijacked session's bytes are a stream, never shown.
   */
  private auditBodies(parts: FinishParts): FinishedFacts['auditBodies'] {
    const level = this.policy?.audit;
    if (!auditShows(level, 'request')) return undefined;
    const side = (body: RecordedBody | undefined): AuditBody | null => {
      if (this.kind !== 'http') return { bytes: body?.size ?? 0, omitted: 'streamed body: not held for the audit log' };
      if (!body || body.size === 0) return null;
      return body.forAudit() ?? null;
    };
    return {
      request: parts.requestBodyCut
        ? { bytes: parts.requestBody?.size ?? 0, omitted: "over the policy's body limit: read in part and refused" }
        : side(parts.requestBody),
      ...(auditShows(level, 'response') ? { response: side(parts.responseBody) } : {}),
    };
  }

  /**
   * The end of both paths of `finish`: the entry stages, the observers, then the append (its
   * promise; undefined when nothing is recorded).
   */
  private settle(parts: FinishParts, entry: HarEntry, held: FinishedFacts['responseBody']): Promise<void> | undefined {
    const staged = runEntryStages(this.log.stages, entry);
    const auditBodies = this.auditBodies(parts);
    const termination = parts.termination ?? terminationOf(parts.hijack !== undefined, parts.error);
    this.observe(staged ?? entry, { termination, held, dropped: !staged, ...(auditBodies ? { auditBodies } : {}) });
    return staged && this.log.writer ? this.log.writer.append(staged) : undefined;
  }

  /** Records the exchange once; later calls are ignored. */
  finish(parts: FinishParts): void {
    if (this.finished) return;
    this.finished = true;
    // Nobody to hand an entry to (no recording, no stages, no observers): building one would be
    // work for nothing on every exchange (issue 16). The bodies were only counted.
    const stages = this.log.stages;
    if (!this.log.writer && stages.entry.length === 0 && !stages.observe?.length) return this.log.forget(this);
    const totalMs = performance.now() - this.t0;
    const held = parts.responseBody?.kept();
    // Most exchanges end with small inline bodies: their entry is built and appended in this
    // turn, without promises or a later turn (per-exchange CPU is small-request latency, issue
    // 16). A body on disk, a body held for an observer, or hijack streams take the async path.
    const quick = held === undefined && !parts.unused?.length && !parts.streams && !parts.requestBodyCut;
    const requestNow = quick ? parts.requestBody?.endNow() : undefined;
    const responseNow = quick ? (parts.responseBody ? parts.responseBody.endNow() : EMPTY_BODY) : undefined;
    if (quick && (requestNow || !parts.requestBody) && responseNow) {
      const appended = this.settle(parts, this.entryOf(parts, totalMs, requestNow, responseNow), held);
      return appended ? this.log.track(this, appended) : this.log.forget(this);
    }
    const work = (async () => {
      const { streams, unused, requestBodyCut, hijack } = parts;
      await Promise.all((unused ?? []).map((body) => body.discard()));
      const requestBody = requestBodyCut ? undefined : (requestNow ?? (await parts.requestBody?.end()));
      const responseBody = responseNow ?? (await parts.responseBody?.end()) ?? EMPTY_BODY;
      if (streams && hijack) {
        hijack.clientToDaemon.content = await streams.clientToDaemon.end();
        hijack.daemonToClient.content = await streams.daemonToClient.end();
      }
      const entry = this.entryOf(parts, totalMs, requestBody, responseBody);
      // a body held for an observer is checked on a later turn: the client has its bytes first
      if (held !== undefined) await new Promise((resolve) => setImmediate(resolve));
      await this.settle(parts, entry, held);
    })();
    this.log.track(this, work);
  }
}
