/**
 * msw handlers serving recordings to in-process clients (`setupServer(...createReplayHandlers(...))`).
 *
 * - HTTP: one catch-all handler; each request is matched by the ReplayEngine and answered with
 *   the recorded status, headers and body, streamed chunk by chunk (response-plan.ts).
 * - Strict by default: an unmatched request is answered with a 500 whose Docker-style
 *   `{"message"}` names the closest recorded exchanges (so the client's error shows it), and the
 *   error is kept in `engine.errors`; `strict: false` lets msw treat it as unhandled instead.
 * - websocket attach (`attach/ws`) through msw's `ws` API (ws-replay.ts).
 * - Hijacked attach (`Upgrade: tcp`) cannot be carried by msw: such requests are refused with
 *   an error pointing at the replay daemon (replay-daemon.ts), which must serve them in a test
 *   where msw is not listening (msw intercepts `http.request` too).
 * @see https://mswjs.io/docs/api/http
 */
import { http, type HttpHandler, type WebSocketHandler } from 'msw';
import type { Recording } from '@docktape/recording';
import { BodyFactsBuilder, ReplayEngine, where, type ReplayOptions } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { paced, planResponse, type ResponsePlan } from './response-plan.js';
import { sleepUntil, replayAt } from './timing.js';
import { createWebSocketReplayHandler } from './ws-replay.js';

export interface ReplayHandlerOptions extends ReplayOptions {
  /** Only requests under this URL are answered (default: any URL). */
  baseUrl?: string;
  /** Default true: answer unmatched requests with an error. false: leave them to msw. */
  strict?: boolean;
}

export type ReplayFixtures = ReplayEngine | readonly Recording[];

export function replayEngine(fixtures: ReplayFixtures, options: ReplayOptions = {}): ReplayEngine {
  return fixtures instanceof ReplayEngine ? fixtures : new ReplayEngine(fixtures, options);
}

export function createReplayHandlers(fixtures: ReplayFixtures, options: ReplayHandlerOptions = {}): Array<HttpHandler | WebSocketHandler> {
  const engine = replayEngine(fixtures, options);
  const strict = options.strict ?? true;
  const base = options.baseUrl?.replace(/\/$/, '');
  const predicate = base ? new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`) : /.*/;

  const handler = http.all(predicate, async ({ request }) => {
    // A hijack (attach / exec start with `Upgrade: tcp`) goes through http.request, which msw also
    // intercepts, and msw can neither answer nor pass through an upgraded connection (a
    // passthrough hangs, and this answer never reaches a client waiting for 101): the reason is
    // kept in engine.errors and the recorded exchange is left unused.
    if (request.headers.get('upgrade')?.toLowerCase() === 'tcp') {
      const err = new ReplayError(
        'unmatched',
        `${request.method} ${new URL(request.url).pathname} asks for a hijacked stream (Upgrade: tcp), which msw cannot carry: ` +
          'replay it through the replay daemon (startReplayDaemon) in a test where msw is not listening',
      );
      engine.report(err);
      return errorResponse(err);
    }
    const t0 = performance.now();
    const facts = new BodyFactsBuilder();
    if (request.body) for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) facts.push(chunk);
    let exchange;
    try {
      exchange = engine.take({ method: request.method, url: request.url, body: facts.done() });
    } catch (err) {
      if (!(err instanceof ReplayError)) throw err;
      return strict ? errorResponse(err) : undefined;
    }
    if (exchange.entry._kind === 'hijack') {
      const err = new ReplayError(
        'unmatched',
        `${request.method} ${new URL(request.url).pathname} was recorded as a hijacked stream (${where(exchange)}); msw cannot carry one: ` +
          'replay it through the replay daemon (startReplayDaemon) and point the client at it',
      );
      engine.report(err);
      return errorResponse(err);
    }
    let plan: ResponsePlan;
    try {
      // a sidecar body is proven to be the recorded one here, before the head: else a 500, never a 200 with wrong bytes
      plan = await planResponse(exchange.recording, exchange.index, exchange.entry, request.method, engine.rebinder);
    } catch (err) {
      if (!(err instanceof ReplayError)) throw err;
      engine.report(err);
      return errorResponse(err);
    }
    await sleepUntil(t0, replayAt(plan.headAtMs, engine.timing));
    const body = plan.body ? toWebStream(paced(plan.body, engine.timing, t0), plan, engine) : null;
    return new Response(body, { status: plan.status, statusText: plan.statusText, headers: plan.headers });
  });
  return [handler, createWebSocketReplayHandler(engine)];
}

function errorResponse(err: ReplayError): Response {
  return Response.json({ message: err.message }, { status: 500, headers: { 'X-Docktape-Replay': err.code } });
}

/**
 * Pull-based: the next chunk is read (and its time waited for) only when the client wants it.
 * A body that fails (a sidecar changed while being served) errors the stream: the client sees
 * a broken body, never a complete one.
 */
function toWebStream(chunks: AsyncGenerator<Uint8Array>, plan: ResponsePlan, engine: ReplayEngine): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        if (err instanceof ReplayError) engine.report(err);
        await plan.close();
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
      await plan.close();
    },
  });
}
