import { describe, expect, it } from 'vitest';
import { attachWebSocketUrl, containerAttachWebSocket } from './attach-websocket.js';
import type { DockerEndpoint } from './docker-host.js';

const path = '/v1.40/containers/abc/attach/ws?stream=true';
describe('attachWebSocketUrl', () => {
  const unix: DockerEndpoint = { kind: 'unix', socketPath: '/run/docker.sock', url: 'unix:///run/docker.sock' };
  const tcp: DockerEndpoint = { kind: 'tcp', hostname: '10.0.0.2', port: 2375, tls: undefined, url: 'tcp://10.0.0.2:2375' };
  const tls: DockerEndpoint = { kind: 'tcp', hostname: '::1', port: 2376, tls: { verify: true }, url: 'https://[::1]:2376' };
  const cases: [string, { endpoint: DockerEndpoint; wsPackage: boolean; want: string }][] = [
    ['unix socket through the ws package', { endpoint: unix, wsPackage: true, want: `ws+unix:///run/docker.sock:${path}` }],
    ['unix socket for an injected WebSocket (replay): a fixed host', { endpoint: unix, wsPackage: false, want: `ws://docker${path}` }],
    ['plain TCP', { endpoint: tcp, wsPackage: false, want: `ws://10.0.0.2:2375${path}` }],
    ['TLS on IPv6', { endpoint: tls, wsPackage: true, want: `wss://[::1]:2376${path}` }],
  ];
  it.each(cases)('%s', (_name, { endpoint, wsPackage, want }) => {
    expect(attachWebSocketUrl(endpoint, path, wsPackage)).toBe(want);
  });
});

describe('containerAttachWebSocket with an injected WebSocket (how replay tests plug in)', () => {
  type Listener = (event: { data?: unknown; code?: number; reason?: string }) => void;
  /** A WHATWG-shaped WebSocket double: records what the session sends, lets the test play the daemon. */
  class FakeWebSocket {
    static last: FakeWebSocket | undefined;
    binaryType = 'blob';
    readyState = 0;
    sent: Uint8Array[] = [];
    closedWith: number | undefined;
    private listeners = new Map<string, Listener[]>();
    constructor(readonly url: string) {
      FakeWebSocket.last = this;
      queueMicrotask(() => this.fire('open', {}));
    }
    addEventListener(type: string, l: Listener) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
    }
    fire(type: string, event: { data?: unknown; code?: number; reason?: string }) {
      for (const l of this.listeners.get(type) ?? []) l(event);
    }
    send(data: Uint8Array | string) {
      this.sent.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    }
    close(code?: number) {
      this.closedWith = code;
    }
  }

  it('uses the injected constructor: binary stdin, text and binary output, close frame as closeWrite', async () => {
    const endpoint: DockerEndpoint = { kind: 'unix', socketPath: '/run/docker.sock', url: 'unix:///run/docker.sock' };
    const resized: unknown[] = [];
    const session = await containerAttachWebSocket({ endpoint, apiVersion: '1.40', resize: async (id, size) => void resized.push({ id, size }) }, 'abc', { WebSocket: FakeWebSocket });
    const ws = FakeWebSocket.last!;
    expect(ws.url).toBe('ws://docker/v1.40/containers/abc/attach/ws?stream=true&stdin=true&stdout=true&stderr=true');
    expect(ws.binaryType).toBe('arraybuffer');

    await session.write('hi\n');
    expect(new TextDecoder().decode(ws.sent[0])).toBe('hi\n');
    ws.fire('message', { data: 'hi\n' });
    ws.fire('message', { data: new TextEncoder().encode('more').buffer });
    await session.resize({ h: 10, w: 20 });
    expect(resized).toEqual([{ id: 'abc', size: { h: 10, w: 20 } }]);

    await session.closeWrite();
    expect(ws.closedWith).toBe(1000);
    ws.fire('message', { data: 'after close frame\n' });
    ws.fire('close', { code: 1000 });
    const out: string[] = [];
    for await (const f of session.output) out.push(`${f.stream}:${new TextDecoder().decode(f.data)}`);
    expect(out).toEqual(['stdout:hi\n', 'stdout:more', 'stdout:after close frame\n']);
    await session.closed;
  });

  it('an abnormal close is an error at the end of the output', async () => {
    const endpoint: DockerEndpoint = { kind: 'tcp', hostname: 'h', port: 1, tls: undefined, url: 'tcp://h:1' };
    const session = await containerAttachWebSocket({ endpoint, apiVersion: '1.40', resize: async () => undefined }, 'x', { WebSocket: FakeWebSocket });
    FakeWebSocket.last!.fire('message', { data: 'partial' });
    FakeWebSocket.last!.fire('close', { code: 1006, reason: 'gone' });
    const seen: string[] = [];
    await expect(async () => {
      for await (const f of session) seen.push(new TextDecoder().decode(f.data));
    }).rejects.toThrow('attach websocket closed with code 1006: gone');
    expect(seen).toEqual(['partial']);
  });
});
