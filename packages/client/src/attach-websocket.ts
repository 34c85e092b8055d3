/**
 * `GET /containers/{id}/attach/ws`: attach over a websocket, with the same session shape as
 * `attach`. The daemon never multiplexes here (stdout and stderr arrive as plain messages, so
 * both are reported as stdout) and, at v1.40, sends text frames.
 *
 * Which WebSocket: an injected constructor first (msw intercepts only the global one, and replay
 * tests inject theirs), then the runtime's global `WebSocket` for plain TCP, else the `ws`
 * package, which is also the only one that can reach a unix socket or present client certs.
 *
 * A websocket has no half-close: `closeWrite()` sends the close frame, which the daemon reads as
 * EOF on stdin; the `ws` package still delivers messages that arrive until the daemon's close
 * frame, but a WHATWG WebSocket drops messages once it is closing.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttachWebsocket
 */
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import WebSocketImpl from 'ws';
import { AsyncQueue } from './async-queue.js';
import type { AttachSession, TerminalSize } from './attach.js';
import type { Frame } from './demux.js';
import type { DockerEndpoint } from './docker-host.js';
import { DockerApiError, DockerConnectionError, DockerStreamError, daemonMessage, lostConnection } from './errors.js';
import { endpointRequestOptions } from './hijack.js';
import { queryString } from './raw-request.js';
import { resumable } from './resumable.js';
import { versionedPath } from '@docktape/api';

/** The part of the WHATWG WebSocket this client uses (the `ws` package has it too). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: { data?: unknown; code?: number; reason?: string; message?: string; error?: unknown }) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface AttachWebSocketOptions {
  /** Replay the output written before the attach. Default false. */
  logs?: boolean;
  /** Stream output from now on. Default true. */
  stream?: boolean;
  detachKeys?: string;
  /** A WebSocket constructor to use instead of the global one or the `ws` package. */
  WebSocket?: WebSocketConstructor;
  signal?: AbortSignal;
}

export interface AttachWebSocketDeps {
  endpoint: DockerEndpoint;
  apiVersion: string;
  resize: (containerId: string, size: TerminalSize) => Promise<void>;
}

/** The URL for a given WebSocket implementation: `ws+unix:` is a `ws` package extension. */
export function attachWebSocketUrl(endpoint: DockerEndpoint, path: string, forWsPackage: boolean): string {
  if (endpoint.kind === 'unix') return forWsPackage ? `ws+unix://${endpoint.socketPath}:${path}` : `ws://docker${path}`;
  const host = endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname;
  return `${endpoint.tls ? 'wss' : 'ws'}://${host}:${endpoint.port}${path}`;
}

export async function containerAttachWebSocket(deps: AttachWebSocketDeps, containerId: string, options: AttachWebSocketOptions = {}): Promise<AttachSession> {
  const path = `${versionedPath(deps.apiVersion, `/containers/${encodeURIComponent(containerId)}/attach/ws`)}${queryString({
    stream: options.stream ?? true,
    logs: options.logs,
    detachKeys: options.detachKeys,
    stdin: true,
    stdout: true,
    stderr: true,
  })}`;
  const { endpoint } = deps;
  const Global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  const useGlobal = !options.WebSocket && Global !== undefined && endpoint.kind === 'tcp' && !endpoint.tls;
  const Ctor = options.WebSocket ?? (useGlobal ? Global : undefined);
  const socket: WebSocketLike = Ctor
    ? new Ctor(attachWebSocketUrl(endpoint, path, false))
    : (new WebSocketImpl(attachWebSocketUrl(endpoint, path, true), tlsOptions(endpoint)) as unknown as WebSocketLike);
  socket.binaryType = 'arraybuffer';

  const queue = new AsyncQueue<Frame>();
  const encoder = new TextEncoder();
  let closedByUs = false;
  const closed = new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()));
  socket.addEventListener('message', (ev) => {
    // Thrown here it would be uncaught (an event listener): the reader gets it instead.
    try {
      queue.push({ stream: 'stdout', data: toBytes(ev.data, encoder) });
    } catch (err) {
      queue.end(err);
      socket.close();
    }
  });
  socket.addEventListener('close', (ev) => {
    const abnormal = ev.code !== undefined && ev.code !== 1000 && ev.code !== 1005 && !closedByUs;
    queue.end(abnormal ? new DockerStreamError('websocket-closed', `attach websocket closed with code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}`) : undefined);
  });

  await opened(socket, path, endpoint.url, options.signal);
  const close = () => {
    closedByUs = true;
    socket.close();
  };
  options.signal?.addEventListener('abort', close, { once: true });
  // A signal shared by many sessions must not keep closed ones alive through its listeners.
  void closed.then(() => options.signal?.removeEventListener('abort', close));

  const stdin = new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        socket.send(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        cb();
      } catch (err) {
        cb(lostConnection(err, 'writing to the attach websocket') as Error);
      }
    },
    final(cb) {
      // No half-close in websockets: the close frame is the daemon's EOF on stdin.
      socket.close(1000);
      cb();
    },
  });
  stdin.on('error', () => undefined);
  const output = resumable(queue[Symbol.asyncIterator]());

  return {
    tty: false,
    output,
    [Symbol.asyncIterator]: () => output[Symbol.asyncIterator](),
    stdin,
    write: (data) => new Promise<void>((resolve, reject) => void stdin.write(data, (err) => (err ? reject(err) : resolve()))),
    closeWrite: () => new Promise<void>((resolve) => void stdin.end(() => resolve())),
    resize: (size) => deps.resize(containerId, size),
    close,
    closed,
  };
}

function tlsOptions(endpoint: DockerEndpoint) {
  if (endpoint.kind !== 'tcp' || !endpoint.tls) return {};
  const { ca, cert, key, rejectUnauthorized } = endpointRequestOptions(endpoint);
  return { ca, cert, key, rejectUnauthorized };
}

function toBytes(data: unknown, encoder: TextEncoder): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new DockerStreamError('websocket-message', `unexpected websocket message data: ${Object.prototype.toString.call(data)}`);
}

/**
 * Resolves on open. A refused handshake becomes a DockerApiError when the daemon's answer can be
 * read (`ws` package); a socket that could not connect (an error with a system code) a
 * DockerConnectionError; any other failure before the open a DockerStreamError.
 */
function opened(socket: WebSocketLike, path: string, host: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    socket.addEventListener('open', () => settle());
    socket.addEventListener('error', (ev) => settle(openFailure(ev, host)));
    socket.addEventListener('close', (ev) => settle(new DockerStreamError('websocket-closed', `attach websocket closed before it opened (code ${ev.code})`)));
    const onAbort = () => {
      // As fetch does: the signal's reason when it is an error, else an AbortError.
      settle(signal?.reason instanceof Error ? signal.reason : new DOMException('the attach websocket was aborted', 'AbortError'));
      socket.close();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const nodeSocket = socket as unknown as { on?: (e: string, l: (...a: never[]) => void) => void; terminate?: () => void };
    nodeSocket.on?.('unexpected-response', (_req: unknown, res: IncomingMessage) => {
      void readAll(res).then((text) => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain text
        }
        settle(new DockerApiError({ status: res.statusCode ?? 0, message: daemonMessage(body, res.statusMessage ?? ''), method: 'GET', path: path.split('?')[0]!, operationId: 'ContainerAttachWebsocket' }));
        nodeSocket.terminate?.();
      });
    });
  });
}

function openFailure(ev: { message?: string; error?: unknown }, host: string): Error {
  const code = (ev.error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return new DockerConnectionError(host, ev.error);
  return new DockerStreamError('websocket-closed', `attach websocket failed: ${ev.message ?? String(ev.error ?? 'error')}`, { cause: ev.error });
}

/** The daemon's refusal (a short JSON message); capped so a misbehaving peer cannot grow it without bound. */
async function readAll(res: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    text += String(chunk);
    if (text.length >= limit) {
      res.destroy();
      return text.slice(0, limit);
    }
  }
  return text;
}
