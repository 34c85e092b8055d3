/**
 * websocket attach (`GET /containers/{id}/attach/ws`) through msw's `ws` API: a thin adapter
 * that takes the recorded exchange from the engine, counts the client's messages into a
 * `ProgressGate` and sends what the engine's plan says (websocket-plan.ts), in the recording's
 * causal order, as the replay daemon does for a hijacked stream. Needs a global
 * `WebSocket` when msw starts (Node 20 has none unless `--experimental-websocket`; undici's
 * can be installed as the global).
 * @see https://mswjs.io/docs/api/ws
 */
import { ws } from 'msw/core/ws'; // not the root: see msw-handlers.ts
import type { WebSocketHandler } from 'msw';
import { decodeWebSocketMessages } from '@docktape/recording';
import { ProgressGate } from './client-progress.js';
import type { ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { planWebSocket, replayWebSocket } from './websocket-plan.js';

const ATTACH_WS = /\/containers\/[^/]+\/attach\/ws(\?|$)/;

export function createWebSocketReplayHandler(engine: ReplayEngine): WebSocketHandler {
  return ws.link(ATTACH_WS).addEventListener('connection', ({ client }) => void replayWebSocketConnection(engine, client));
}

/** What the replay uses of msw's side of a websocket connection (its `client`). */
export interface WebSocketClientSide {
  readonly url: URL;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message' | 'close', listener: () => void): void;
}

/**
 * Serves one websocket connection from its recorded exchange: each daemon message after the
 * client messages that preceded it, after the exchanges answered before it in the recording
 * (a container's output after the replayed start that caused it: causal-gate.ts), at its
 * recorded time under the engine's timing. Resolves when the plan is played or the client left.
 */
export async function replayWebSocketConnection(engine: ReplayEngine, client: WebSocketClientSide): Promise<void> {
  let exchange;
  try {
    exchange = engine.take({ method: 'GET', url: client.url.href });
  } catch (err) {
    // a close reason is at most 123 bytes (RFC 6455 §5.5): the whole message is in engine.errors
    client.close(1011, err instanceof ReplayError ? err.message.slice(0, 120) : 'replay failed');
    return;
  }
  const messages = decodeWebSocketMessages(exchange.entry);
  const plan = planWebSocket(messages);
  // the plan's times count from the first recorded message; the causal gate's from the request
  const firstMs = messages.length > 0 ? messages[0]!.time * 1000 - Date.parse(exchange.entry.startedDateTime) : 0;
  const t0 = performance.now();
  const gate = new ProgressGate();
  const left = new AbortController();
  let received = 0;
  client.addEventListener('message', () => {
    received++;
    gate.changed();
  });
  client.addEventListener('close', () => {
    left.abort();
    gate.gone();
  });
  const served = exchange;
  await replayWebSocket(
    plan,
    {
      received: () => received,
      gate,
      sendText: (data) => client.send(data),
      sendBinary: (bytes) => client.send(bytes),
      close: (code) => client.close(code),
    },
    engine.timing,
    t0,
    (m) => engine.causal.until(served, firstMs + m.atMs, left.signal),
  );
}
