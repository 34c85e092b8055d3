/**
 * The HTTP transport under openapi-fetch: undici (a pool, plus one kept connection for sequential
 * calls) per client, over a unix socket or TCP
 * (optionally TLS), with keep-alive and no idle timeouts (logs, stats and wait can be silent for
 * as long as they like; callers end them with an AbortSignal).
 *
 * Why not the global fetch: WHATWG Request/Response plumbing and web streams cost more per call
 * than the request itself takes on a unix socket, which made small calls slower than dockerode.
 * Its `fetch` (fetch-adapter.ts) keeps openapi-fetch's contract (a Request-like in, a Response
 * out) but goes straight to undici's `request`, and the Response reads the undici body directly
 * (transport-messages.ts); see tools/bench/list-calls.ts and RESULTS-client.md for the figures.
 */
import type { Readable } from 'node:stream';
import { Client, Pool, type Dispatcher } from 'undici';
import type { DockerEndpoint } from './docker-host.js';
import { DockerConnectionError, isAbort } from './errors.js';
import { TransportRequest, TransportResponse } from './transport-messages.js';
import { fetchOverRequest } from './fetch-adapter.js';
import { readTlsFiles } from './tls-files.js';

export { TransportRequest, TransportResponse };

export interface TransportOptions {
  /** Most sockets the pool keeps open to the daemon at once (default 16; one more carries sequential calls). */
  connections?: number;
}

export interface RawRequest {
  method: string;
  /** Path and query, starting with "/". */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Readable | null;
  signal?: AbortSignal | undefined;
}

export interface Transport {
  readonly endpoint: DockerEndpoint;
  /** The pool for concurrent calls (sequential ones go over one more kept connection). */
  readonly dispatcher: Dispatcher;
  /** openapi-fetch's `fetch`: takes the request it built, answers with a Response. */
  fetch(input: Request | TransportRequest): Promise<Response>;
  /** A request whose body stays a Node stream (logs, stats, export, archive). */
  request(req: RawRequest): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export function createTransport(endpoint: DockerEndpoint, options: TransportOptions = {}): Transport {
  const dispatcher = createDispatcher(endpoint, options);
  // Calls made one after another go over one kept connection (`primary`) while it is free; the
  // pool takes whatever arrives meanwhile (concurrent calls, a call during a log stream). Why:
  // the pool alone spreads even strictly sequential calls over two connections (it sees a
  // connection as busy until undici's deferred resume), and one warm connection measured
  // faster, see tools/bench/RESULTS-client.md.
  const primary = createDispatcher(endpoint, options, true);
  let primaryBusy = false;

  async function request(req: RawRequest): Promise<Dispatcher.ResponseData> {
    const usePrimary = !primaryBusy;
    if (usePrimary) primaryBusy = true;
    try {
      const res = await (usePrimary ? primary : dispatcher).request({
        origin: 'http://docker',
        method: req.method as Dispatcher.HttpMethod,
        path: req.path,
        headers: req.headers,
        body: req.body ?? null,
        signal: req.signal,
      });
      if (usePrimary) {
        // Freed at 'end': 'close' comes a tick later, after the caller may have sent its next
        // call. Freed once: a late 'close' must not free the connection under that next call.
        let freed = false;
        const free = () => {
          if (!freed) primaryBusy = false;
          freed = true;
        };
        res.body.once('end', free).once('close', free);
      }
      return res;
    } catch (err) {
      if (usePrimary) primaryBusy = false;
      throw toConnectionError(endpoint, err);
    }
  }

  return { endpoint, dispatcher, fetch: fetchOverRequest(request), request, close: async () => void (await Promise.all([primary.close(), dispatcher.close()])) };
}

/** The pool for concurrent calls, or (`single`) one connection for calls made one at a time. */
function createDispatcher(endpoint: DockerEndpoint, options: TransportOptions, single = false): Pool | Client {
  const common = {
    // Endless streams (logs -f, stats, events, wait) must never time out on their own.
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 10_000,
  };
  const make = (origin: string, opts: typeof common & { connect?: Pool.Options['connect'] }) =>
    single ? new Client(origin, opts) : new Pool(origin, { ...opts, connections: options.connections ?? 16 });
  if (endpoint.kind === 'unix') return make('http://docker', { ...common, connect: { socketPath: endpoint.socketPath } });
  const { tls } = endpoint;
  const origin = `${tls ? 'https' : 'http'}://${endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname}:${endpoint.port}`;
  if (!tls) return make(origin, common);
  return make(origin, { ...common, connect: readTlsFiles(tls) });
}

/**
 * Errors before any answer arrived are connection failures (socket missing, refused, TLS
 * handshake); undici's own request errors (bad arguments, aborts) are passed through as they are.
 */
function toConnectionError(endpoint: DockerEndpoint, err: unknown): unknown {
  const { code } = (err ?? {}) as { code?: string };
  if (isAbort(err)) return err;
  if (code && code.startsWith('UND_ERR_') && !CONNECTION_UNDICI_CODES.has(code)) return err;
  if (!code) return err;
  return new DockerConnectionError(endpoint.url, err);
}

const CONNECTION_UNDICI_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);
