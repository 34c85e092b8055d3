/**
 * Every public failure path of the client gives a `DockerError`, of the subclass (and code)
 * that says what went wrong. The daemon is played by fakes: a `fetch` function (the client's
 * `fetch` option), a WebSocket double, a local HTTP server on a unix socket for the hijack,
 * and a socket path where nothing listens.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerClient, type DockerClient } from './client.js';
import { demuxFrames, encodeFrame } from './demux.js';
import { DockerHostError } from './docker-host.js';
import { CopyError, DockerApiError, DockerConfigError, DockerConnectionError, DockerError, DockerStreamError, type StreamErrorCode } from './errors.js';
import type { FetchFunction } from './fetch-transport.js';
import type { WebSocketConstructor } from './attach-websocket.js';

type Answer = { status: number; body?: BodyInit | null; headers?: Record<string, string> };

/** A client whose every request gets `answer` (or the fetch's rejection). */
function clientAnswering(answer: Answer | (() => Promise<Response>)): DockerClient {
  const fetch: FetchFunction = async () => (typeof answer === 'function' ? answer() : new Response(answer.body ?? null, { status: answer.status, headers: answer.headers }));
  return createDockerClient({ host: 'unix:///nowhere/docker.sock', fetch });
}

/** A body that sends `first` and then breaks, as a connection reset does. */
function breakingBody(first: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      sent = true;
      controller.enqueue(new TextEncoder().encode(first));
    },
  });
}

async function drainAll(it: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of it) {
    // read to the end (or the error)
  }
}

/** A WHATWG-shaped WebSocket double that plays one scripted event after construction. */
function scriptedWebSocket(script: (fire: (type: string, event: Record<string, unknown>) => void) => void): WebSocketConstructor {
  return class {
    binaryType = 'blob';
    readyState = 0;
    private listeners = new Map<string, ((e: Record<string, unknown>) => void)[]>();
    constructor(_url: string) {
      queueMicrotask(() => script((type, event) => (this.listeners.get(type) ?? []).forEach((l) => l(event))));
    }
    addEventListener(type: string, l: (e: Record<string, unknown>) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
    }
    send() {}
    close() {}
  } as unknown as WebSocketConstructor;
}

type Want = { type: new (...args: never[]) => DockerError; code?: StreamErrorCode; message?: RegExp };
const enc = new TextEncoder();

// One row per public failure path: how to provoke it, and what the caller must get.
const cases: [string, { run: () => unknown; want: Want }][] = [
  ['a non-2xx answer to a JSON call', { run: () => clientAnswering({ status: 404, body: '{"message":"No such container: x"}' }).containers.inspect('x'), want: { type: DockerApiError, message: /404 No such container: x/ } }],
  ['a non-2xx answer to a stream call (logs)', { run: () => drainAll(clientAnswering({ status: 500, body: 'boom' }).containers.logs('x', { tty: false })), want: { type: DockerApiError, message: /500 boom/ } }],
  ['a fetch that cannot connect', { run: () => clientAnswering(() => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).containers.list(), want: { type: DockerConnectionError, message: /ECONNREFUSED/ } }],
  ['a socket where nothing listens (undici transport)', { run: () => createDockerClient({ host: 'unix:///nowhere/docker.sock' }).containers.list(), want: { type: DockerConnectionError, message: /ENOENT/ } }],
  ['a type-3 frame in a log stream', { run: () => drainAll(clientAnswering({ status: 200, body: encodeFrame('system', enc.encode('log driver broke')) as Uint8Array<ArrayBuffer> }).containers.logs('x', { tty: false })), want: { type: DockerStreamError, code: 'daemon-error' } }],
  ['a TTY stream read as multiplexed', { run: () => drainAll(demuxFrames((async function* () { yield enc.encode('hello world, raw tty'); })())), want: { type: DockerStreamError, code: 'unknown-frame-type' } }],
  ['a log stream whose connection breaks', { run: () => drainAll(clientAnswering({ status: 200, body: breakingBody('') }).containers.logs('x', { tty: true })), want: { type: DockerStreamError, code: 'connection-lost' } }],
  ['stats once: 200 and no sample', { run: () => clientAnswering({ status: 200, body: '' }).containers.stats('x', { stream: false }), want: { type: DockerStreamError, code: 'ended-early' } }],
  ['stats: a body that is not JSON', { run: () => drainAll(clientAnswering({ status: 200, body: '{"read":1} x' }).containers.stats('x')), want: { type: DockerStreamError, code: 'bad-json' } }],
  ['stats: a stream whose connection breaks', { run: () => drainAll(clientAnswering({ status: 200, body: breakingBody('{"read":') }).containers.stats('x')), want: { type: DockerStreamError, code: 'connection-lost' } }],
  ['wait: the answer ends before the container does', { run: () => clientAnswering({ status: 200, body: '' }).containers.wait('x').result, want: { type: DockerStreamError, code: 'ended-early' } }],
  ['wait: a non-2xx answer', { run: () => clientAnswering({ status: 404, body: '{"message":"No such container: x"}' }).containers.wait('x').registered, want: { type: DockerApiError } }],
  ['archive stat without its header', { run: () => clientAnswering({ status: 200 }).containers.archiveInfo('x', '/etc'), want: { type: DockerStreamError, code: 'bad-header' } }],
  ['copy into a directory that does not exist', { run: () => clientAnswering({ status: 404 }).containers.copyFileIn('x', { name: 'f', data: 'hi' }, '/no/such/dir/'), want: { type: CopyError, message: /does not exist/ } }],
  ['attach websocket: an error before it opened', { run: () => attachWs(scriptedWebSocket((fire) => fire('error', { message: 'handshake failed' }))), want: { type: DockerStreamError, code: 'websocket-closed' } }],
  ['attach websocket: a socket that cannot connect', { run: () => attachWs(scriptedWebSocket((fire) => fire('error', { error: Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }) }))), want: { type: DockerConnectionError } }],
  ['attach websocket: closed before it opened', { run: () => attachWs(scriptedWebSocket((fire) => fire('close', { code: 1006 }))), want: { type: DockerStreamError, code: 'websocket-closed' } }],
  ['attach websocket: an abnormal close mid-session', { run: () => attachWsThen((fire) => fire('close', { code: 1011, reason: 'daemon error' })), want: { type: DockerStreamError, code: 'websocket-closed' } }],
  ['attach websocket: a message neither text nor binary', { run: () => attachWsThen((fire) => fire('message', { data: 42 })), want: { type: DockerStreamError, code: 'websocket-message' } }],
  ['attach websocket (the ws package): a socket where nothing listens', { run: () => createDockerClient({ host: 'unix:///nowhere/docker.sock' }).containers.attachWebSocket('x'), want: { type: DockerConnectionError, message: /ENOENT/ } }],
  ['attach: a hijack where nothing listens', { run: () => createDockerClient({ host: 'unix:///nowhere/docker.sock' }).containers.attach('x', { tty: true }), want: { type: DockerConnectionError } }],
  ['copy in: a host file that does not exist', { run: () => clientAnswering({ status: 404 }).containers.copyFileIn('x', '/nowhere/file.txt', '/tmp'), want: { type: CopyError, message: /ENOENT/ } }],
  ['a TLS file that cannot be read', { run: () => createDockerClient({ host: 'tcp://127.0.0.1:2376', tls: { ca: '/nowhere/ca.pem', verify: true } }), want: { type: DockerConfigError, message: /ca file \/nowhere\/ca.pem: ENOENT/ } }],
  ['an apiVersion that is not one', { run: () => createDockerClient({ apiVersion: 'v1' }), want: { type: DockerConfigError, message: /apiVersion/ } }],
  ['a DOCKER_HOST this client cannot reach', { run: () => createDockerClient({ host: 'ftp://docker' }), want: { type: DockerHostError } }],
  ["the dispatcher of a client built on the `fetch` option", { run: () => clientAnswering({ status: 200 }).transport.dispatcher, want: { type: DockerConfigError } }],
];

function attachWs(WebSocket: WebSocketConstructor) {
  return clientAnswering({ status: 200 }).containers.attachWebSocket('x', { WebSocket });
}

/** Opens a websocket session, then lets `after` play the daemon; the failure shows on the output. */
async function attachWsThen(after: (fire: (type: string, event: Record<string, unknown>) => void) => void) {
  const session = await attachWs(scriptedWebSocket((fire) => (fire('open', {}), after(fire))));
  await drainAll(session);
}

async function failureOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure, got none');
}

describe('every public failure path is a DockerError', () => {
  it.each(cases)('%s', async (_name, { run, want }) => {
    const err = await failureOf(run);
    expect(err).toBeInstanceOf(DockerError);
    expect(err).toBeInstanceOf(want.type);
    if (want.code) expect((err as DockerStreamError).code).toBe(want.code);
    if (want.message) expect((err as Error).message).toMatch(want.message);
  });
});

describe('a hijack the daemon does not upgrade', () => {
  let dir: string;
  let server: http.Server;
  let socketPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(nodePath.join(tmpdir(), 'docktape-hijack-'));
    socketPath = nodePath.join(dir, 'docker.sock');
    // Answers the attach with a plain 200, or 404 for the container named "gone".
    server = http.createServer((req, res) => {
      if (req.url?.includes('/containers/gone/')) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such container: gone"}');
      else res.writeHead(200).end('not an upgrade');
    });
    server.listen(socketPath);
    await once(server, 'listening');
  });
  afterAll(async () => {
    server.close();
    await once(server, 'close');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 2xx instead of 101 is a DockerStreamError (upgrade-refused)', async () => {
    const client = createDockerClient({ host: `unix://${socketPath}` });
    const err = await failureOf(() => client.containers.attach('x', { tty: true }));
    expect(err).toBeInstanceOf(DockerStreamError);
    expect((err as DockerStreamError).code).toBe('upgrade-refused');
    await client.close();
  });

  it("a non-2xx is a DockerApiError with the daemon's message", async () => {
    const client = createDockerClient({ host: `unix://${socketPath}` });
    const err = await failureOf(() => client.containers.attach('gone', { tty: true }));
    expect(err).toBeInstanceOf(DockerApiError);
    expect((err as DockerApiError).daemonMessage).toBe('No such container: gone');
    await client.close();
  });
});

describe('what stays outside the family', () => {
  it('an abort passes through as the AbortError the caller caused', async () => {
    const ac = new AbortController();
    ac.abort();
    const client = clientAnswering(() => Promise.reject(new DOMException('This operation was aborted', 'AbortError')));
    const err = await failureOf(() => client.containers.list({}, { signal: ac.signal }));
    expect(err).not.toBeInstanceOf(DockerError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('a Response body read twice is a TypeError, as the Fetch spec says', async () => {
    // openapi-fetch has read the body as JSON already.
    const { response } = await clientAnswering({ status: 200, body: '[]', headers: { 'content-type': 'application/json' } }).api.GET('/containers/json');
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
  });
});
