/**
 * Plain request/response exchanges, forwarded by http-proxy-3 (the maintained rewrite
 * of http-proxy, same API; README: why, with figures). The response is handled here
 * (`selfHandleResponse`) so the recording tap sits inside the pipe: daemon -> tap -> client
 * with backpressure end to end, nothing buffered whole, and no timeout anywhere, so endless
 * streams (logs follow, stats, events, wait) stay open as long as both ends want them.
 * Headers are passed on as soon as the daemon sends them: `docker wait` and `docker run` rely
 * on the wait response head arriving before the container starts (#operation/ContainerWait).
 */
import type { IncomingMessage, ServerResponse, ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { answerBadGateway } from './bad-gateway.js';
import { unreachableDaemon } from './docker-error.js';
import type { Exchange, RecordedBody } from './exchange.js';
import { rawHeader } from './http-head.js';
import { RecordingTap, relayBody } from './recording-tap.js';
import { isSecretBodyRequest } from './redact.js';
import type { Target } from './target.js';

interface InFlight {
  exchange: Exchange;
  requestBody: RecordedBody;
  proxyReq?: ClientRequest;
  /** The daemon's response head arrived: the response path records the exchange. */
  responded?: boolean;
}

/** The client left before the daemon answered: nothing to answer, the daemon is fine. */
function recordClientAborted({ exchange, requestBody }: InFlight): void {
  exchange.finish({
    response: { status: 0, statusText: '', httpVersion: '1.1', rawHeaders: [] },
    requestBody,
    error: 'client aborted',
  });
}

/** `bodyAlreadyRead`: the body as read before forwarding (legacy hijack, policy), whole or as a stream. */
export type HttpForward = (req: IncomingMessage, res: ServerResponse, exchange: Exchange, bodyAlreadyRead?: Buffer | Readable) => void;

export function createHttpForward(target: Target): { forward: HttpForward; close(): void } {
  const proxy = createProxyServer({ ...target.proxyOptions, selfHandleResponse: true, xfwd: false, ws: false });
  const inFlight = new WeakMap<IncomingMessage, InFlight>();

  proxy.on('proxyReq', (proxyReq, req) => {
    const state = inFlight.get(req);
    if (state) state.proxyReq = proxyReq;
  });

  // http-proxy-3 reports a reset caused by the client's own abort here, not to the callback.
  proxy.on('econnreset', (_err, req) => {
    const state = inFlight.get(req);
    if (state && !state.responded) recordClientAborted(state);
  });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const state = inFlight.get(req);
    if (!state) return;
    state.responded = true;
    const { exchange, requestBody } = state;
    exchange.responded();
    const responseBody = exchange.responseBody(proxyRes.headers['content-type'] ?? '');
    const clock = exchange.clock();
    // rawHeaders keep the daemon's header names, order and framing (Content-Length or chunked)
    res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, proxyRes.rawHeaders);
    // Headers go out with the first body chunk (one write instead of two: syscalls dominate
    // small-request latency); a response whose body is not there yet (wait, logs -f, events)
    // gets them on its own before the end of this turn of the event loop.
    let bodyStarted = false;
    setImmediate(() => {
      // (headersSent is already true after writeHead: it says "stored", not "on the wire")
      if (!bodyStarted && !res.writableEnded && !res.destroyed) res.flushHeaders();
    });
    const observe = (chunk: Buffer) => {
      bodyStarted = true;
      clock.add(chunk.length, performance.now());
      return responseBody.write(chunk);
    };
    relayBody(proxyRes, res, observe, (err) => {
      exchange.finish({
        response: {
          status: proxyRes.statusCode ?? 0,
          statusText: proxyRes.statusMessage ?? '',
          httpVersion: proxyRes.httpVersion,
          rawHeaders: proxyRes.rawHeaders,
        },
        requestBody,
        responseBody,
        chunks: clock.chunks,
        ...(err ? { error: err.message } : {}),
      });
    });
  });

  const forward: HttpForward = (req, res, exchange, bodyAlreadyRead) => {
    // The body of POST /auth (a password) is only counted, never given to a BodySink (redact.ts).
    const record = !isSecretBodyRequest(exchange.request.method, exchange.request.url);
    const requestBody = exchange.requestBody(rawHeader(exchange.request.rawHeaders, 'content-type') ?? '', record);
    const state: InFlight = { exchange, requestBody };
    inFlight.set(req, state);
    // A client that goes away takes the daemon request with it (logs -f, stats, events).
    res.on('close', () => {
      if (!res.writableFinished) state.proxyReq?.destroy();
    });
    // Bodies pass a recording tap; body-less requests (most of them) go straight through.
    let buffer: Readable | undefined;
    if (bodyAlreadyRead || hasBody(req)) {
      const tap = new RecordingTap((chunk) => requestBody.write(chunk));
      const source = bodyAlreadyRead instanceof Readable ? bodyAlreadyRead : bodyAlreadyRead ? Readable.from([bodyAlreadyRead]) : req;
      source.pipe(tap);
      req.on('error', () => tap.destroy());
      buffer = tap;
    }
    proxy.web(req, res, buffer ? { buffer } : {}, (err) => {
      // http-proxy-3 also lands here when the client aborts: nothing to answer, the daemon is fine.
      // (req.destroyed alone says nothing: a fully read request is destroyed by autoDestroy)
      const clientGone = res.destroyed || req.socket.destroyed || (req.destroyed && !req.complete);
      if (!res.headersSent && clientGone) {
        recordClientAborted(state);
      } else if (!res.headersSent) {
        answerBadGateway(res, exchange, requestBody, unreachableDaemon(target.url, err.message));
      } else {
        res.destroy(err);
      }
    });
  };

  return { forward, close: () => proxy.close() };
}

/** Whether the request carries a body (a length other than 0, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
