/**
 * The HTTP transport under openapi-fetch: one undici Pool per client, over a unix socket or TCP
 * (optionally TLS), with keep-alive and no idle timeouts (logs, stats and wait can be silent for
 * as long as they like; callers end them with an AbortSignal).
 *
 * Why not the global fetch: WHATWG Request/Response plumbing and web streams cost more per call
 * than the request itself takes on a unix socket, which made small calls slower than dockerode.
 * `fetch()` below keeps openapi-fetch's contract (a Request-like in, a Response out) but goes
 * straight to `Pool.request`, and the Response reads the undici body directly
 * (transport-messages.ts); see tools/bench/list-calls.ts and RESULTS-client.md for the figures.
 */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import type { DockerEndpoint } from './docker-host.js';
import { DockerConnectionError } from './errors.js';
import { TransportRequest, TransportResponse, type SentRequest } from './transport-messages.js';
import { drain } from './raw-request.js';

export { TransportRequest, TransportResponse, type SentRequest };

export interface TransportOptions {
  /** Most sockets kept open to the daemon at once (default 16). */
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
  readonly dispatcher: Dispatcher;
  /** openapi-fetch's `fetch`: takes the request it built, answers with a Response. */
  fetch(input: Request | TransportRequest): Promise<Response>;
  /** A request whose body stays a Node stream (logs, stats, export, archive). */
  request(req: RawRequest): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

/** Statuses whose Response must have a null body (fetch spec), plus HEAD answers. */
const NULL_BODY = new Set([101, 204, 205, 304]);

export function createTransport(endpoint: DockerEndpoint, options: TransportOptions = {}): Transport {
  const dispatcher = createPool(endpoint, options);

  async function request(req: RawRequest): Promise<Dispatcher.ResponseData> {
    try {
      return await dispatcher.request({
        origin: 'http://docker',
        method: req.method as Dispatcher.HttpMethod,
        path: req.path,
        headers: req.headers,
        body: req.body ?? null,
        signal: req.signal,
      });
    } catch (err) {
      throw toConnectionError(endpoint, err);
    }
  }

  async function fetch(input: Request | TransportRequest): Promise<Response> {
    const url = input.url;
    // openapi-fetch builds absolute URLs from our baseUrl; the daemon only needs path + query.
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const headers: Record<string, string> = {};
    input.headers.forEach((v, k) => (headers[k] = v));
    // Most calls carry no body or a JSON string: take those as they are, without an await.
    const body = requestBodyNow(input) ?? (await requestBodyLater(input));
    const res = await request({ method: input.method, path, headers, body, signal: input.signal ?? undefined });
    const sent = { method: input.method, path: path.split('?')[0]! };
    if (NULL_BODY.has(res.statusCode) || input.method === 'HEAD') {
      void drain(res.body);
      return new TransportResponse(null, res, url, sent);
    }
    return new TransportResponse(res.body, res, url, sent);
  }

  return { endpoint, dispatcher, fetch, request, close: () => dispatcher.close() };
}

/** What was sent for a Response this transport produced, for error messages. */
export function requestOf(response: Response): SentRequest | undefined {
  return response instanceof TransportResponse ? response.sent : undefined;
}

/** The body when it is at hand (none, a string, bytes); undefined when it must be read. */
function requestBodyNow(input: Request | TransportRequest): RawRequest['body'] | undefined {
  if (!(input instanceof TransportRequest)) return input.body ? undefined : null;
  const body = input.bodyInit;
  if (body === null || body === undefined) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return undefined;
}

async function requestBodyLater(input: Request | TransportRequest): Promise<Buffer> {
  const bytes = input instanceof TransportRequest ? await new Response(input.bodyInit).arrayBuffer() : await input.arrayBuffer();
  return Buffer.from(bytes);
}

function createPool(endpoint: DockerEndpoint, options: TransportOptions): Pool {
  const common = {
    connections: options.connections ?? 16,
    // Endless streams (logs -f, stats, events, wait) must never time out on their own.
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 10_000,
  };
  if (endpoint.kind === 'unix') {
    return new Pool('http://docker', { ...common, connect: { socketPath: endpoint.socketPath } });
  }
  const { tls } = endpoint;
  const origin = `${tls ? 'https' : 'http'}://${endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname}:${endpoint.port}`;
  if (!tls) return new Pool(origin, common);
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  return new Pool(origin, {
    ...common,
    connect: { ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key), rejectUnauthorized: tls.verify },
  });
}

/**
 * Errors before any answer arrived are connection failures (socket missing, refused, TLS
 * handshake); undici's own request errors (bad arguments, aborts) are passed through as they are.
 */
function toConnectionError(endpoint: DockerEndpoint, err: unknown): unknown {
  const { name, code } = (err ?? {}) as { name?: string; code?: string };
  if (name === 'AbortError' || name === 'RequestAbortedError' || code === 'UND_ERR_ABORTED') return err;
  if (code && code.startsWith('UND_ERR_') && !CONNECTION_UNDICI_CODES.has(code)) return err;
  if (!code) return err;
  return new DockerConnectionError(endpoint.url, err);
}

const CONNECTION_UNDICI_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);
