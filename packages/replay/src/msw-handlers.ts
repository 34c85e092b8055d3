/**
 * msw handlers serving recordings to in-process clients (`setupServer(...createReplayHandlers(...))`):
 * a thin adapter over the engine. It turns msw's `Request` into an `IncomingRequest`, and the
 * engine's answer (answer-request.ts) into a `Response` whose body streams chunk by chunk.
 *
 * - Strict by default: an unmatched request is answered with the engine's 500 (its
 *   `{"message"}` names the closest recorded exchanges, so the client's error shows it);
 *   `strict: false` leaves it to msw's `onUnhandledRequest` instead.
 * - websocket attach (`attach/ws`) through msw's `ws` API (ws-replay.ts).
 * - Hijacked attach (`Upgrade: tcp`) cannot be carried by msw: a hijack goes through
 *   http.request, which msw also intercepts, and msw can neither answer nor pass through an
 *   upgraded connection (a passthrough hangs, and no answer reaches a client waiting for 101).
 *   The engine refuses such requests (carrier `upgrades: false`), keeps the reason in
 *   `engine.errors` and leaves the recorded exchange unused, for the replay daemon
 *   (replay-daemon.ts) in a test where msw is not listening.
 * - A legacy hijack (attach or exec start without `Upgrade`: dockerode's `exec.start({ stdin })`)
 *   was recorded as a hijacked stream; it is refused too, with a ReplayError naming the replay
 *   daemon. Chosen over serving the recorded output as a body: the daemon's side of a hijack is
 *   paced by the client's stdin (echoes wait for what they echo), which msw's intercepted
 *   request cannot deliver after the head; a body served whole would be a replay that does not
 *   behave as the daemon did, and passing only when no stdin was recorded would make the same
 *   call work or fail depending on the recording.
 * @see https://mswjs.io/docs/api/http
 */
// msw's subpaths, not its root: the root also loads graphql (~60 ms of CPU per process), which no handler here uses
import { http } from 'msw/core/http';
import type { HttpHandler, WebSocketHandler } from 'msw';
import { answerRequest, type Carrier, type ErrorAnswer, type ResponseAnswer } from './answer-request.js';
import { replayEngine, type ReplayFixtures, type ReplayOptions } from './replay-engine.js';
import { BodyFactsBuilder } from './request-facts.js';
import { createWebSocketReplayHandler } from './ws-replay.js';

export interface ReplayHandlerOptions extends ReplayOptions {
  /** Only requests under this URL are answered (default: any URL). */
  baseUrl?: string;
  /** Default true: answer unmatched requests with an error. false: leave them to msw. */
  strict?: boolean;
}

const MSW: Carrier = { name: 'msw', upgrades: false };

export function createReplayHandlers(fixtures: ReplayFixtures, options: ReplayHandlerOptions = {}): Array<HttpHandler | WebSocketHandler> {
  const engine = replayEngine(fixtures, options);
  const strict = options.strict ?? true;
  const base = options.baseUrl?.replace(/\/$/, '');
  const predicate = base ? new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`) : /.*/;

  const handler = http.all(predicate, async ({ request }) => {
    const upgrade = request.headers.get('upgrade')?.toLowerCase();
    // The client leaving (its signal) or no longer reading (the body cancelled) ends what is held for it.
    const cancelled = new AbortController();
    const signal = AbortSignal.any([request.signal, cancelled.signal]);
    const answer = await answerRequest(
      engine,
      {
        method: request.method,
        url: request.url,
        ...(upgrade ? { upgrade } : {}),
        body: async () => {
          const facts = new BodyFactsBuilder(request.headers.get('content-type'));
          if (request.body) for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) await facts.push(chunk);
          return facts.done();
        },
        signal,
      },
      MSW,
    );
    if (answer.kind === 'error') return !strict && !answer.matched ? undefined : errorResponse(answer);
    if (answer.kind === 'held') {
      // msw must answer something: nothing until the client aborts, then a network error (its fetch has rejected already)
      await answer.left;
      return Response.error();
    }
    return new Response(answer.body ? toWebStream(answer.body, answer, cancelled) : null, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  });
  return [handler, createWebSocketReplayHandler(engine)];
}

function errorResponse(answer: ErrorAnswer): Response {
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: [['Content-Type', 'application/json'], ...answer.headers] });
}

/**
 * Pull-based: the next chunk is read (and its time waited for) only when the client wants it.
 * A body that fails (a sidecar changed while being served; the engine reported it) errors the
 * stream: the client sees a broken body, never a complete one.
 */
function toWebStream(chunks: AsyncGenerator<Uint8Array>, answer: ResponseAnswer, cancelled: AbortController): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      // first: a body waiting (held open, or for its causes) returns only once woken
      cancelled.abort();
      await chunks.return(undefined);
      await answer.close();
    },
  });
}
