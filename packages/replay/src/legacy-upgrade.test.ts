/**
 * The Node internals legacy-upgrade.ts relies on, checked against a real server and socket so
 * that a Node release that changes them fails here by name (checked on Node 20.20): wrapping
 * `socket.parser.onIncoming` to set `req.upgrade` hands a request without `Upgrade` to the
 * 'upgrade' event with every byte the client sent behind its head.
 */
import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLegacyHijackRoute } from './legacy-route.js';
import { upgradeLegacyHijacks } from './legacy-upgrade.js';

const open: { server: http.Server; sockets: net.Socket[] }[] = [];
afterEach(async () => {
  for (const { server, sockets } of open.splice(0)) {
    for (const s of sockets) s.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function legacyServer() {
  const seen = { requests: [] as string[], upgrades: [] as { url: string; bytes: string }[] };
  const server = http.createServer((req, res) => {
    seen.requests.push(req.url ?? '');
    res.end('plain');
  });
  const sockets: net.Socket[] = [];
  open.push({ server, sockets });
  upgradeLegacyHijacks(server, (req: IncomingMessage) => isLegacyHijackRoute(req.method ?? '', req.url ?? '', req.headers.upgrade));
  server.on('upgrade', (req: IncomingMessage, socket: net.Socket, head: Buffer) => {
    sockets.push(socket);
    const upgrade = { url: req.url ?? '', bytes: head.toString('latin1') };
    seen.upgrades.push(upgrade);
    socket.on('data', (chunk: Buffer) => (upgrade.bytes += chunk.toString('latin1')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, seen };
}

describe('isLegacyHijackRoute', () => {
  it.each([
    ['exec start without Upgrade', { method: 'POST', url: '/v1.40/exec/abc/start', upgrade: undefined }, true],
    ['attach without Upgrade', { method: 'POST', url: '/containers/abc/attach?stream=1&stdin=1', upgrade: undefined }, true],
    ['attach with Upgrade: tcp (the ordinary upgrade path)', { method: 'POST', url: '/containers/abc/attach', upgrade: 'tcp' }, false],
    ['attach/ws', { method: 'GET', url: '/containers/abc/attach/ws', upgrade: undefined }, false],
    ['container start', { method: 'POST', url: '/containers/abc/start', upgrade: undefined }, false],
  ])('%s', (_name, given, want) => {
    expect(isLegacyHijackRoute(given.method, given.url, given.upgrade)).toBe(want);
  });
});

describe('Node internals: a legacy hijack taken down the upgrade branch', () => {
  it("emits 'upgrade' with the body and the stdin pipelined behind it, and no byte reaches the HTTP parser", async () => {
    const { port, seen } = await legacyServer();
    const socket = net.connect(port, '127.0.0.1');
    open[0]!.sockets.push(socket);
    socket.write('POST /exec/abc/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}hello\n');
    await vi.waitFor(() => expect(seen.upgrades).toEqual([{ url: '/exec/abc/start', bytes: '{}hello\n' }]), { timeout: 5_000, interval: 5 });
    socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n');
    await vi.waitFor(() => expect(seen.upgrades[0]!.bytes).toBe('{}hello\nGET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n'), { timeout: 5_000, interval: 5 });
    expect(seen.requests).toEqual([]);
  });

  it('leaves every other request to the HTTP server', async () => {
    const { port, seen } = await legacyServer();
    const res = await fetch(`http://127.0.0.1:${port}/containers/abc/start`, { method: 'POST' });
    expect(await res.text()).toBe('plain');
    expect(seen).toEqual({ requests: ['/containers/abc/start'], upgrades: [] });
  });
});
