/**
 * websocket attach (`GET /containers/{id}/attach/ws`) replayed from the recorded
 * `_webSocketMessages`: each message the daemon sent goes out once the client has sent as many
 * messages as it had when the daemon sent it in the recording (so an echo comes after what it
 * echoes), and at its recorded time under the chosen timing. A recorded close from the daemon
 * closes the connection. The adapter (ws-replay.ts, msw's `ws` API) feeds a `ProgressGate` and
 * sends what this decides.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttachWebsocket
 */
import { webSocketPayload, type WebSocketMessage } from '@docktape/recording';
import type { ProgressGate } from './client-progress.js';
import { replayAt, sleepUntil, type Timing } from './timing.js';

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

/** What the replay does with a websocket: send a text or binary message, or close with a code. */
export interface WebSocketPeer {
  /** Messages (not control frames) received from the client so far. */
  readonly received: () => number;
  readonly gate: ProgressGate;
  sendText(data: string): void;
  sendBinary(bytes: Uint8Array): void;
  close(code: number): void;
}

/**
 * Plays the daemon's messages against the live client; stops when it goes away. `ordered`
 * holds a message until the exchanges answered before it in the recording have been served
 * (the engine's causal gate, as for a hijacked stream; undefined: it may go now).
 */
export async function replayWebSocket(
  plan: readonly PlannedMessage[],
  peer: WebSocketPeer,
  timing: Timing,
  t0: number,
  ordered: (m: PlannedMessage) => Promise<void> | undefined = () => undefined,
): Promise<void> {
  for (const m of plan) {
    if (!(await peer.gate.until(() => peer.received() >= m.afterClientMessages))) return;
    await ordered(m);
    if (peer.gate.isGone) return;
    await sleepUntil(t0, replayAt(m.atMs, timing));
    if (peer.gate.isGone) return;
    if (m.opcode === 8) return peer.close(closeCode(m.data));
    if (m.opcode === 1) peer.sendText(m.data);
    else if (m.opcode === 2) peer.sendBinary(webSocketPayload(m));
  }
}

/** The status code of a recorded close frame (its payload's first two bytes; 1000 when it has none). */
export function closeCode(base64: string): number {
  const payload = webSocketPayload({ opcode: 8, data: base64 });
  return payload.length >= 2 ? payload.readUInt16BE(0) : 1000;
}
