/**
 * Legacy hijacks (attach or exec start without Upgrade) whose client pipelines stdin right
 * behind the request, in the same write (issue 12, point 4): the daemon gets every byte, head
 * and body in one write as the client sent them, and the recording holds the stdin. A detached
 * exec start stays plain HTTP on a connection the client keeps using. And (point 5) an upgraded
 * attach's head and body go to the daemon in one write.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { ListenTls } from '@docktape/listen';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProxy, type RunningProxy } from './proxy-server.js';
import { resolveTarget } from './target.js';

const STREAM_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n';
const STDIN = 'stdin right behind the body\n';

let dir: string;
let proxy: RunningProxy | undefined;
const servers: net.Server[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-legacy-'));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function start(daemonUrl: string, tls?: ListenTls): Promise<number> {
  proxy = await startProxy({ target: resolveTarget({ host: daemonUrl }), listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, recordDir: dir, tls, warn: () => undefined });
  return Number(new URL(proxy.url.replace('tcp:', 'http:')).port);
}

async function recordedEntries() {
  const har = await proxy!.close();
  proxy = undefined;
  const entries = JSON.parse(await readFile(har!, 'utf8')).log.entries as Array<Record<string, any>>;
  return entries.sort((a, b) => a._seq - b._seq);
}

function rawClient(port: number, overTls = false) {
  const socket = overTls ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('latin1').on('data', (c: string) => (text += c));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  return { socket, read: () => text, closed };
}

describe('a legacy hijack with stdin pipelined behind the request', () => {
  it.each([
    ['attach', '/v1.40/containers/x/attach?stream=1&stdin=1&stdout=1', '{}'],
    ['exec start', '/v1.40/exec/x/start', '{"Detach":false,"Tty":false}'],
  ])('%s: the daemon gets head, body and stdin, the client the stream, the recording the stdin', async (_name, url, body) => {
    // a raw daemon: records what it reads, answers the stream head, echoes what came after the body
    let received = '';
    const daemon = net.createServer((conn) => {
      conn.setEncoding('latin1').on('data', (c: string) => {
        const first = received === '';
        received += c;
        if (first) conn.write(STREAM_HEAD);
        if (received.endsWith(STDIN)) conn.end(`echo:${STDIN}`);
      });
      conn.on('error', () => undefined);
    });
    const port = await start(await listen(daemon));
    const client = rawClient(port);
    const head = `POST ${url} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    client.socket.write(head + body + STDIN); // one write: head, body and stdin
    await vi.waitFor(() => expect(client.read()).toContain(`echo:${STDIN}`), { timeout: 10_000, interval: 5 });
    expect(received).toBe(head + body + STDIN);
    expect(client.read()).toBe(STREAM_HEAD + `echo:${STDIN}`);
    // the daemon ended its side: the proxy passes the FIN on, and the client closes
    await client.closed;
    const [entry, ...more] = await recordedEntries();
    expect(more).toEqual([]);
    expect(entry!.response.status).toBe(200);
    expect(entry!._hijack.upgrade).toBe('none');
    expect(entry!.request.postData.text).toBe(body);
    expect(entry!._hijack.clientToDaemon.content.text).toBe(STDIN);
  });

  it('a body that comes in pieces is waited for, and what follows it is still stdin', async () => {
    let received = '';
    const daemon = net.createServer((conn) => {
      conn.setEncoding('latin1').on('data', (c: string) => {
        received += c;
        if (received.endsWith(STDIN)) conn.end(STREAM_HEAD);
      });
    });
    const port = await start(await listen(daemon));
    const client = rawClient(port);
    const body = '{"Detach":false}';
    const head = `POST /v1.40/exec/x/start HTTP/1.1\r\nHost: docker\r\nContent-Length: ${body.length}\r\n\r\n`;
    client.socket.write(head + body.slice(0, 5));
    await vi.waitFor(() => expect(client.socket.bytesWritten).toBe(head.length + 5));
    client.socket.write(body.slice(5) + STDIN);
    await vi.waitFor(() => expect(client.read()).toBe(STREAM_HEAD), { timeout: 10_000, interval: 5 });
    expect(received).toBe(head + body + STDIN);
    client.socket.destroy();
  });
});

/** A throwaway self-signed certificate for a proxy that listens with TLS (openssl CLI). */
async function selfSigned(): Promise<ListenTls> {
  const certDir = path.join(dir, 'certs');
  await mkdir(certDir);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=docktape-test',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem')], { stdio: 'pipe' });
  return { cert: await readFile(path.join(certDir, 'cert.pem')), key: await readFile(path.join(certDir, 'key.pem')), verifyClients: false };
}

describe('an upgraded attach with a body (issue 12, point 5)', () => {
  it('the daemon gets the head and the body in one write, as the client wrote them', async () => {
    const daemon = net.createServer((conn) => {
      conn.once('data', () => conn.end('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n'));
    });
    // what the proxy writes to its daemon sockets, write by write (whether the kernel then
    // merges writes into one read depends on timing, so the writes are what is checked)
    const writes: string[] = [];
    const target = resolveTarget({ host: await listen(daemon) });
    const connect = target.connect;
    target.connect = (onread) => {
      const socket = connect(onread);
      const write = socket.write.bind(socket) as (chunk: Buffer | string, ...rest: unknown[]) => boolean;
      socket.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
        writes.push(Buffer.from(chunk).toString('latin1'));
        return write(chunk, ...rest);
      }) as typeof socket.write;
      return socket;
    };
    proxy = await startProxy({ target, listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, recordDir: dir, warn: () => undefined });
    const client = rawClient(Number(new URL(proxy.url.replace('tcp:', 'http:')).port));
    const body = '{"stream":true,"stdin":true,"stdout":true,"hijack":true}';
    const request =
      'POST /v1.40/containers/x/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n' +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    client.socket.write(request);
    await client.closed;
    expect(writes).toEqual([request]);
  });
});

describe('a detached legacy exec start stays plain HTTP', () => {
  it.each([['plain', false], ['TLS', true]])('is answered as HTTP (%s), and a request pipelined behind it on the same connection too; both recorded', async (_name, overTls) => {
    const daemon = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(req.method === 'GET' ? '{"ok":true}' : ''));
    });
    const port = await start(await listen(daemon), overTls ? await selfSigned() : undefined);
    const client = rawClient(port, overTls);
    const body = '{"Detach":true}';
    client.socket.write(
      `POST /v1.40/exec/x/start HTTP/1.1\r\nHost: docker\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        'GET /v1.40/version HTTP/1.1\r\nHost: docker\r\n\r\n',
    );
    await vi.waitFor(() => expect(client.read()).toContain('{"ok":true}'), { timeout: 10_000, interval: 5 });
    expect(client.read().match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    client.socket.destroy();
    const entries = await recordedEntries();
    expect(entries.map((e) => [e.request.method, e.request.url.replace(/^https?:\/\/[^/]+/, ''), e.response.status, e._hijack])).toEqual([
      ['POST', '/v1.40/exec/x/start', 200, undefined],
      ['GET', '/v1.40/version', 200, undefined],
    ]);
    expect(entries[0]!.request.postData.text).toBe(body);
  });
});
