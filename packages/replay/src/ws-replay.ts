/**
 * websocket attach (`GET /containers/{id}/attach/ws`) through msw's `ws` API: a thin adapter
 * that takes the recorded exchange from the engine, counts the client's messages into a
 * `ProgressGate` and sends what the engine's plan says (websocket-plan.ts). Needs a global
 * `WebSocket` when msw starts (Node 20 has none unless `--experimental-websocket`; undici's
 * can be installed as the global).
 * @see https://mswjs.io/docs/api/ws
 */
import { ws, type WebSocketHandler } from 'msw';
import { decodeWebSocketMessages } from '@docktape/recording';
import { ProgressGate } from './client-progress.js';
import type { ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { planWebSocket, replayWebSocket } from './websocket-plan.js';

const ATTACH_WS = /\/containers\/[^/]+\/attach\/ws(\?|$)/;

export function createWebSocketReplayHandler(engine: ReplayEngine): WebSocketHandler {
  const link = ws.link(ATTACH_WS);
  return link.addEventListener('connection', ({ client }) => {
    let exchange;
    try {
      exchange = engine.take({ method: 'GET', url: client.url.href });
    } catch (err) {
      // a close reason is at most 123 bytes (RFC 6455 §5.5): the whole message is in engine.errors
      client.close(1011, err instanceof ReplayError ? err.message.slice(0, 120) : 'replay failed');
      return;
    }
    const plan = planWebSocket(decodeWebSocketMessages(exchange.entry));
    const t0 = performance.now();
    const gate = new ProgressGate();
    let received = 0;
    client.addEventListener('message', () => {
      received++;
      gate.changed();
    });
    client.addEventListener('close', () => gate.gone());
    void replayWebSocket(
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
    );
  });
}
