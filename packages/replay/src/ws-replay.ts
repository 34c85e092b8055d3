/**
 * websocket attach (`GET /containers/{id}/attach/ws`) replayed through msw's `ws` API from the
 * recorded `_webSocketMessages`: each message the daemon sent is sent once the client has sent
 * as many messages as it had when the daemon sent it in the recording (so an echo comes after
 * what it echoes), and at its recorded time under the chosen timing. A recorded close from the
 * daemon closes the connection. Needs a global `WebSocket` when msw starts (Node 20 has none
 * unless `--experimental-websocket`; undici's can be installed as the global).
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttachWebsocket
 */
import { ws, type WebSocketHandler } from 'msw';
import { decodeWebSocketMessages, webSocketPayload, type WebSocketMessage } from '@docktape/recording';
import type { ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { replayAt, sleepUntil } from './timing.js';

const ATTACH_WS = /\/containers\/[^/]+\/attach\/ws(\?|$)/;

export interface PlannedMessage {
  /** Client messages (not control frames) that must have arrived first. */
  afterClientMessages: number;
  atMs: number;
  opcode: number;
  data: string;
}

/** The daemon's messages with what gates each one. Pure. */
export function planWebSocket(messages: readonly WebSocketMessage[]): PlannedMessage[] {
  if (messages.length === 0) return [];
  const t0 = messages[0]!.time;
  let sent = 0;
  const out: PlannedMessage[] = [];
  for (const m of messages) {
    if (m.type === 'send') {
      if (m.opcode < 8) sent++;
      continue;
    }
    out.push({ afterClientMessages: sent, atMs: Math.round((m.time - t0) * 1000), opcode: m.opcode, data: m.data });
  }
  return out;
}

export function createWebSocketReplayHandler(engine: ReplayEngine): WebSocketHandler {
  const link = ws.link(ATTACH_WS);
  return link.addEventListener('connection', ({ client }) => {
    let exchange;
    try {
      exchange = engine.take({ method: 'GET', url: client.url.href });
    } catch (err) {
      client.close(1011, err instanceof ReplayError ? err.message.slice(0, 120) : 'replay failed');
      return;
    }
    const plan = planWebSocket(decodeWebSocketMessages(exchange.entry));
    const t0 = performance.now();
    let received = 0;
    let wake: (() => void) | undefined;
    let closed = false;
    client.addEventListener('message', () => {
      received++;
      wake?.();
    });
    client.addEventListener('close', () => {
      closed = true;
      wake?.();
    });
    void (async () => {
      for (const m of plan) {
        while (received < m.afterClientMessages && !closed) await new Promise<void>((resolve) => (wake = resolve));
        if (closed) return;
        await sleepUntil(t0, replayAt(m.atMs, engine.timing));
        if (m.opcode === 8) {
          const payload = webSocketPayload(m);
          client.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
          return;
        }
        if (m.opcode === 1) client.send(m.data);
        else if (m.opcode === 2) client.send(webSocketPayload(m));
      }
    })();
  });
}
