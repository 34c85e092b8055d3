/**
 * websocket attach through msw keeps the recording's causal order, as a hijacked attach does
 * through the replay daemon (issue 12): a message the daemon sent after the start was answered
 * is not sent before the start is replayed. msw's side of the connection is faked (the adapter
 * uses its url, send, close and events); every wait is on an event.
 */
import { describe, expect, it, vi } from 'vitest';
import { answerRequest, type Carrier } from './answer-request.js';
import { ReplayEngine } from './replay-engine.js';
import { sampleRecording } from './testing/sample-recording.js';
import { replayWebSocketConnection, type WebSocketClientSide } from './ws-replay.js';

const C = 'c'.repeat(64);
const DAEMON: Carrier = { name: 'the replay daemon', upgrades: true };
const ATTACH = `/v1.40/containers/${C}/attach/ws?stream=1&stdout=1`;

// attach/ws asked at 10 s, the start answered at 11.1 s, the container's output at 12 s
function attachedThenStarted(): ReplayEngine {
  const recording = sampleRecording([
    { url: ATTACH, status: 101, statusText: 'Switching Protocols', headers: [['Upgrade', 'websocket']], startMs: 10_000, time: 3000 },
    { method: 'POST', url: `/v1.40/containers/${C}/start`, status: 204, statusText: 'No Content', startMs: 11_000, time: 100 },
  ]);
  recording.entries[0]!._webSocketMessages = [{ type: 'receive', time: 12, opcode: 1, data: 'hi\n' }];
  return new ReplayEngine([recording], { ids: 'recorded' });
}

class FakeClient extends EventTarget implements WebSocketClientSide {
  readonly url = new URL(`ws://docker${ATTACH}`);
  readonly sent: string[] = [];
  send(data: string | Uint8Array): void {
    this.sent.push(typeof data === 'string' ? data : Buffer.from(data).toString());
  }
  close(code?: number): void {
    this.sent.push(`close ${code}`);
    this.dispatchEvent(new Event('close'));
  }
}

describe('websocket replay through msw, in causal order', () => {
  it('output recorded after the start is not sent before the start is replayed', async () => {
    const engine = attachedThenStarted();
    const client = new FakeClient();
    const replaying = replayWebSocketConnection(engine, client);
    await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
    expect(client.sent).toEqual([]);
    await answerRequest(engine, { method: 'POST', url: `/containers/${C}/start`, body: async () => undefined }, DAEMON);
    await replaying;
    expect(client.sent).toEqual(['hi\n']);
  });

  it('a client that leaves while output waits ends the replay, nothing sent', async () => {
    const engine = attachedThenStarted();
    const client = new FakeClient();
    const replaying = replayWebSocketConnection(engine, client);
    await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
    client.dispatchEvent(new Event('close'));
    await replaying;
    expect([client.sent, engine.causal.waiting]).toEqual([[], 0]);
  });
});
