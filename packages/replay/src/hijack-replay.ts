/**
 * The replay of one hijacked stream (attach, exec start, raw websocket) once its `101` is out,
 * over whatever carries it: the adapter feeds a `HijackClient` with the bytes it reads, and
 * gives a `HijackOutput` to write the daemon's side to. No socket here.
 *
 * - The client's request body (`Content-Length` bytes: exec start's `{"Detach":false,...}`)
 *   comes first on the connection; only the bytes after it are its side of the stream, which is
 *   what the recording counted (hijack-plan.ts).
 * - Each recorded daemon chunk waits for its step (`clientReached`), then for the exchanges
 *   answered before it in the recording (causal-gate.ts: attach output after the start), then
 *   for its time under the chosen timing; the recorded end of the daemon's side ends the live one.
 */
import { ProgressGate } from './client-progress.js';
import { clientReached, type ClientProgress, type HijackStep } from './hijack-plan.js';
import type { RequestBodyFacts } from './match-request.js';
import type { RecordedExchange, ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { BodyFactsBuilder } from './request-facts.js';
import type { TimedChunk } from './response-plan.js';
import { replayAt, sleepUntil } from './timing.js';

/** The live client of an upgraded connection, as the adapter reads it. */
export class HijackClient {
  private readonly gate = new ProgressGate();
  private readonly facts = new BodyFactsBuilder();
  private bodyLeft: number;
  private readonly progress: ClientProgress = { bytes: 0, closed: false };
  private readonly gone = new AbortController();

  /** `bodyLength`: the request's Content-Length (0 without one). */
  constructor(bodyLength: number) {
    this.bodyLeft = bodyLength;
  }

  /** Bytes read from the client (the request body first, then its stream). */
  push(chunk: Uint8Array): void {
    if (this.bodyLeft > 0) {
      const part = chunk.subarray(0, this.bodyLeft);
      this.facts.push(part);
      this.bodyLeft -= part.length;
      chunk = chunk.subarray(part.length);
    }
    this.progress.bytes += chunk.length;
    this.gate.changed();
  }

  /** The client half-closed (FIN): it sends nothing more, but still reads. */
  halfClosed(): void {
    this.progress.closed = true;
    this.gate.changed();
  }

  /** The connection is gone. */
  hungUp(): void {
    this.progress.closed = true;
    this.gate.gone();
    this.gone.abort();
  }

  /** Aborts when the connection is gone (a chunk waiting for its causes stops waiting). */
  get left(): AbortSignal {
    return this.gone.signal;
  }

  /** The request body's facts, once all of it arrived (or the client stopped sending). Call once. */
  async body(): Promise<RequestBodyFacts | undefined> {
    await this.gate.until(() => this.bodyLeft === 0 || this.progress.closed);
    return this.facts.done();
  }

  /** Resolves true once `ready` holds for what the client sent, false if the connection is gone first. */
  until(ready: (client: ClientProgress) => boolean): Promise<boolean> {
    return this.gate.until(() => ready(this.progress));
  }
}

/** Where the daemon's side of the stream goes. */
export interface HijackOutput {
  /** Resolves when more may be written (backpressure) or the connection is gone. */
  send(bytes: Uint8Array): Promise<void>;
  /** Half-closes the daemon's side, as the recording says the daemon did. */
  end(): void;
  /** Cuts the connection: the recorded bytes could not be read (a sidecar changed while served). */
  destroy(): void;
}

export interface HijackReplay {
  /** The recorded exchange: its chunks keep the recording's causal order (none without it). */
  exchange?: RecordedExchange;
  steps: readonly HijackStep[];
  /** The daemon's recorded bytes, cut along its recorded chunks (proven to be the recorded ones before the 101). */
  chunks: AsyncIterable<TimedChunk>;
  close(): Promise<void>;
}

/**
 * Plays the daemon's side against the live client. Never throws: a body that fails mid-stream
 * is reported to the engine and the connection is cut (the client never gets a whole stream).
 */
export async function replayHijack(engine: ReplayEngine, replay: HijackReplay, client: HijackClient, out: HijackOutput, t0: number): Promise<void> {
  const chunks = replay.chunks[Symbol.asyncIterator]();
  try {
    for (const step of replay.steps) {
      if (!(await client.until((c) => clientReached(step, c)))) return;
      if (replay.exchange) await engine.causal.until(replay.exchange, step.atMs, client.left);
      if (client.left.aborted) return;
      await sleepUntil(t0, replayAt(step.atMs, engine.timing));
      if (step.end) return out.end();
      const next = await chunks.next();
      if (next.done) break;
      await out.send(next.value.bytes);
    }
    // any bytes past the recorded chunk list go out as read
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) await out.send(next.value.bytes);
  } catch (err) {
    engine.report(err instanceof ReplayError ? err : new ReplayError('fixture', `replaying a hijacked stream failed: ${(err as Error)?.message ?? String(err)}`, { cause: err }));
    out.destroy();
  } finally {
    await chunks.return?.(undefined);
    await replay.close();
  }
}
