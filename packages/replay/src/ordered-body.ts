/**
 * A recorded body served in the recording's order: each chunk waits for the exchanges answered
 * before it was sent in the recording (causal-gate.ts), then for its time under the chosen
 * timing; a body the client cut in the recording is held open once its recorded bytes are out,
 * until the live client leaves (held-open.ts), as the daemon was still sending it.
 */
import type { RecordedExchange, ReplayEngine } from './replay-engine.js';
import type { TimedChunk } from './response-plan.js';
import { replayAt, sleepUntil } from './timing.js';

export interface OrderedBodyOptions {
  /** performance.now() when the request arrived: chunk times count from it. */
  t0: number;
  /** Aborts when the live client leaves: a waiting or held body then ends. */
  signal: AbortSignal | undefined;
  /** Keep the body open after its last recorded chunk until `signal` aborts. */
  hold: boolean;
}

export async function* orderedBody(engine: ReplayEngine, exchange: RecordedExchange, chunks: AsyncIterable<TimedChunk>, o: OrderedBodyOptions): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await engine.causal.until(exchange, chunk.atMs, o.signal);
    if (o.signal?.aborted) return;
    await sleepUntil(o.t0, replayAt(chunk.atMs, engine.timing));
    yield chunk.bytes;
  }
  if (o.hold) await engine.holdUntilLeft(o.signal);
}
