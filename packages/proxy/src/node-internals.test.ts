/**
 * What the proxy relies on in Node's undocumented behaviour, checked against real sockets so
 * that a Node release that changes it fails here, by name, instead of breaking hijacks or
 * streamed bodies in the field. Checked on Node 20.20, 22 and 24 (`tools/node-versions.sh`
 * runs this package's unit tests on 22 and 24).
 *
 * - socket-takeover.ts: `socket.parser.remove()` and dropping the HTTP server's socket
 *   listeners hand a connection over after a request head (legacy attach/exec start).
 * - stream-forward.ts: `ServerResponse#useChunkedEncodingByDefault`, `#shouldKeepAlive` and
 *   `#chunkedEncoding` let the daemon's own framing through untouched.
 * - hijack-relay.ts: `net.Socket#destroySoon` closes only once what was piped is written.
 * - legacy-upgrade.ts: `socket.parser.onIncoming`, wrapped to set `req.upgrade`, sends a
 *   legacy attach down Node's upgrade branch with the bytes behind its head; a socket emitted
 *   as 'connection' again (after `unshift`) is parsed anew.
 */
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backToHttp, upgradeLegacyHijacks } from './legacy-upgrade.js';
import { takeOverSocket } from './socket-takeover.js';

const servers: net.Server[] = [];
/** Taken-over sockets: the server no longer knows them, so closing it does not end them. */
const takenOver: net.Socket[] = [];
afterEach(async () => {
  for (const socket of takenOver.splice(0)) socket.destroy();
  for (const s of servers.splice(0)) {
    (s as http.Server).closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A raw client socket that collects everything it reads. */
function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('latin1').on('data', (c: string) => (text += c));
  return { socket, read: () => text, until: (want: string) => vi.waitFor(() => expect(text).toContain(want), { timeout: 10_000, interval: 5 }) };
}

const STREAM_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n';
const ATTACH = 'POST /containers/x/attach?stream=1&stdin=1 HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\n\r\n{}';

/** An HTTP server that takes over the attach connection and echoes every raw byte after it. */
async function takeoverServer() {
  const seen = { requests: 0, clientErrors: 0, before: undefined as undefined | { remove: string; listeners: Record<string, number> } };
  const taken = takenOver;
  const server = http.createServer((req: IncomingMessage) => {
    seen.requests++;
    const socket = req.socket as net.Socket & { parser?: { remove?: unknown } };
    seen.before = {
      remove: typeof socket.parser?.remove,
      listeners: Object.fromEntries(['data', 'end', 'drain', 'error'].map((e) => [e, socket.listenerCount(e)])),
    };
    req.resume();
    req.on('end', () => {
      const client = takeOverSocket(req);
      taken.push(client);
      client.write(STREAM_HEAD);
      client.on('data', (chunk: Buffer) => client.write(chunk));
      client.resume();
    });
  });
  server.on('clientError', () => seen.clientErrors++);
  const port = await listen(server);
  return { server, port, seen, taken };
}

describe('socket-takeover.ts: Node HTTP server internals', () => {
  it('a server connection has socket.parser with a remove function, and the server listens on data, end, drain, error', async () => {
    const { port, seen } = await takeoverServer();
    const c = rawClient(port);
    c.socket.write(ATTACH);
    await c.until(STREAM_HEAD);
    expect(seen.before?.remove).toBe('function');
    for (const event of ['data', 'end', 'drain', 'error']) expect(seen.before?.listeners[event], event).toBeGreaterThan(0);
    c.socket.destroy();
  });

  it('after takeover no byte reaches the HTTP parser: a whole request and garbage come through raw, and the server emits nothing', async () => {
    const { port, seen } = await takeoverServer();
    const c = rawClient(port);
    c.socket.write(ATTACH);
    await c.until(STREAM_HEAD);
    const after = 'GET /v1.40/info HTTP/1.1\r\nHost: docker\r\n\r\n\u0000\u0001not http at all\r\n\r\n';
    c.socket.write(after);
    await c.until(after);
    // exactly the echo: Node wrote no response (no 400, no answer to the GET) of its own
    expect(c.read()).toBe(STREAM_HEAD + after);
    expect(seen.requests).toBe(1);
    expect(seen.clientErrors).toBe(0);
    c.socket.destroy();
  });

  it("after takeover the server's connection list has let go (parser.remove): closeAllConnections leaves the socket open", async () => {
    const { server, port, taken } = await takeoverServer();
    const c = rawClient(port);
    c.socket.write(ATTACH);
    await c.until(STREAM_HEAD);
    server.closeAllConnections();
    c.socket.write('still here');
    await c.until('still here');
    expect(taken[0]?.destroyed).toBe(false);
    c.socket.destroy();
  });
});

describe('stream-forward.ts: ServerResponse framing fields', () => {
  it('chunkedEncoding = false after writeHead: a body already framed by the daemon goes out as written', async () => {
    const port = await listen(
      http.createServer((_req, res: ServerResponse) => {
        res.writeHead(200, 'OK', ['Content-Type', 'text/plain', 'Transfer-Encoding', 'chunked']);
        res.chunkedEncoding = false;
        res.write('3\r\nabc\r\n');
        res.end('0\r\n\r\n');
      }),
    );
    const c = rawClient(port);
    c.socket.write('GET /logs HTTP/1.1\r\nHost: docker\r\n\r\n');
    await c.until('0\r\n\r\n');
    const text = c.read();
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.match(/transfer-encoding/gi)).toHaveLength(1);
    // framed once (by the daemon), not a second time by Node
    expect(body).toBe('3\r\nabc\r\n0\r\n\r\n');
    c.socket.destroy();
  });

  it('useChunkedEncodingByDefault = false and shouldKeepAlive = false: an unframed body, Connection: close, then the end', async () => {
    const port = await listen(
      http.createServer((_req, res: ServerResponse) => {
        res.useChunkedEncodingByDefault = false;
        res.shouldKeepAlive = false;
        res.writeHead(200, 'OK', ['Content-Type', 'application/octet-stream']);
        res.chunkedEncoding = false;
        res.write('raw bytes');
        res.end();
      }),
    );
    const c = rawClient(port);
    const ended = once(c.socket, 'end');
    c.socket.write('GET /export HTTP/1.1\r\nHost: docker\r\n\r\n');
    await ended;
    const text = c.read();
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    expect(head).toMatch(/\r\nConnection: close/i);
    expect(head).not.toMatch(/transfer-encoding|content-length/i);
    expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toBe('raw bytes');
  });
});

describe('hijack-relay.ts: net.Socket#destroySoon', () => {
  it('exists, and closes the socket only after what was written has gone out', async () => {
    const payload = 'x'.repeat(4 * 1024 * 1024);
    const port = await listen(
      net.createServer((socket) => {
        expect(typeof (socket as net.Socket & { destroySoon?: unknown }).destroySoon).toBe('function');
        socket.write(payload);
        socket.destroySoon();
      }),
    );
    const c = rawClient(port);
    await once(c.socket, 'close');
    expect(c.read().length).toBe(payload.length);
  });
});

describe('legacy-upgrade.ts: parser.onIncoming decides the upgrade branch', () => {
  const isAttach = (method: string, url: string) => method === 'POST' && url.includes('/attach');

  /** A server whose legacy attaches come as 'upgrade'; a detached one is handed back to HTTP. */
  async function legacyServer(handBack: boolean) {
    const seen = { onIncoming: '', upgrades: [] as string[], requests: [] as string[], clientErrors: 0 };
    const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('latin1').on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen.requests.push(`${req.method} ${req.url} ${body}`);
        res.end('ok');
      });
    });
    server.on('connection', (socket: net.Socket & { parser?: { onIncoming?: unknown } }) => {
      seen.onIncoming = typeof socket.parser?.onIncoming;
    });
    upgradeLegacyHijacks(server, isAttach);
    server.on('upgrade', (req: IncomingMessage, socket: net.Socket, head: Buffer) => {
      seen.upgrades.push(`${req.headers.upgrade === undefined ? 'legacy' : 'upgrade'} ${head.toString('latin1')}`);
      if (handBack) return backToHttp(server, socket, Buffer.from(`${req.method} ${req.url} HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\n\r\n`), head);
      takenOver.push(socket);
      socket.write(STREAM_HEAD);
      socket.write(head); // echoed like what follows
      socket.on('data', (chunk: Buffer) => socket.write(chunk));
    });
    server.on('clientError', () => seen.clientErrors++);
    return { port: await listen(server), seen };
  }

  it("the server's 'connection' listener has set socket.parser.onIncoming before ours runs", async () => {
    const { port, seen } = await legacyServer(false);
    const c = rawClient(port);
    c.socket.write(ATTACH);
    await c.until(STREAM_HEAD);
    expect(seen.onIncoming).toBe('function');
    c.socket.destroy();
  });

  it("req.upgrade set in onIncoming: 'upgrade' with every byte after the head (body and pipelined stdin), nothing for the parser", async () => {
    const { port, seen } = await legacyServer(false);
    const c = rawClient(port);
    c.socket.write(`${ATTACH}stdin right behind\nGET / HTTP/1.1\r\n`); // one write; the rest is not HTTP
    await c.until('GET / HTTP/1.1\r\n');
    expect(seen.upgrades).toEqual(['legacy {}stdin right behind\nGET / HTTP/1.1\r\n']);
    expect(seen.requests).toEqual([]);
    expect(seen.clientErrors).toBe(0);
    c.socket.write('later');
    await c.until('later');
    expect(c.read()).toBe(`${STREAM_HEAD}{}stdin right behind\nGET / HTTP/1.1\r\nlater`);
    c.socket.destroy();
  });

  it("backToHttp: the socket emitted as 'connection' again is parsed anew, the request as ordinary HTTP, and the next one on it too", async () => {
    const { port, seen } = await legacyServer(true);
    const c = rawClient(port);
    c.socket.write(`${ATTACH}GET /next HTTP/1.1\r\nHost: docker\r\n\r\n`);
    await vi.waitFor(() => expect(c.read().match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2), { timeout: 10_000, interval: 5 });
    expect(seen.upgrades).toEqual(['legacy {}GET /next HTTP/1.1\r\nHost: docker\r\n\r\n']);
    c.socket.write('GET /later HTTP/1.1\r\nHost: docker\r\n\r\n');
    await vi.waitFor(() => expect(seen.requests).toEqual(['POST /containers/x/attach?stream=1&stdin=1 {}', 'GET /next ', 'GET /later ']), { timeout: 10_000, interval: 5 });
    expect(seen.clientErrors).toBe(0);
    c.socket.destroy();
  });
});
