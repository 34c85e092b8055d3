/**
 * The HTTP transport under openapi-fetch: one undici Pool per client, over a unix socket or TCP
 * (optionally TLS), with keep-alive and no idle timeouts (logs, stats and wait can be silent for
 * as long as they like; callers end them with an AbortSignal).
 *
 * Why not the global fetch: it costs about 0.4 ms more per call than undici's own request API
 * (WHATWG Request/Response plumbing and a dispatcher lookup), which made small calls slower
 * than dockerode. `fetch()` below keeps openapi-fetch's contract (a Request-like in, a Response
 * out) but goes straight to `Pool.request`; see tools/bench/list-calls.ts for the figures.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import type { DockerEndpoint } from './docker-host.js';
import { DockerConnectionError } from './errors.js';

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
  fetch(input: Request): Promise<Response>;
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

  async function fetch(input: Request): Promise<Response> {
    const url = input.url;
    // openapi-fetch builds absolute URLs from our baseUrl; the daemon only needs path + query.
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const headers: Record<string, string> = {};
    input.headers.forEach((v, k) => (headers[k] = v));
    const body = input.body ? Buffer.from(await input.arrayBuffer()) : null;
    const res = await request({ method: input.method, path, headers, body, signal: input.signal });
    const responseHeaders = toHeaders(res.headers);
    let response: Response;
    if (NULL_BODY.has(res.statusCode) || input.method === 'HEAD') {
      res.body.resume();
      response = new Response(null, { status: res.statusCode, headers: responseHeaders });
    } else {
      response = new Response(Readable.toWeb(res.body) as ReadableStream, { status: res.statusCode, headers: responseHeaders });
    }
    sentRequests.set(response, { method: input.method, path: path.split('?')[0]! });
    return response;
  }

  return { endpoint, dispatcher, fetch, request, close: () => dispatcher.close() };
}

/** What was sent for a Response this transport produced, for error messages. */
const sentRequests = new WeakMap<Response, { method: string; path: string }>();
export function requestOf(response: Response): { method: string; path: string } | undefined {
  return sentRequests.get(response);
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

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const one of v) h.append(k, one);
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}

function toConnectionError(endpoint: DockerEndpoint, err: unknown): unknown {
  const name = (err as { name?: string } | null)?.name;
  // Aborts are the caller's doing and HTTP-level errors are not connection failures.
  if (name === 'AbortError' || name === 'RequestAbortedError') return err;
  const code = (err as { code?: string } | null)?.code;
  if (code && /^(E[A-Z]+|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code)) {
    return new DockerConnectionError(endpoint.url, err);
  }
  return err;
}
