/**
 * Wiring: an HTTP server whose requests go parse -> policy -> forward -> record (stages.ts).
 * Plain requests take http-proxy (http-forward.ts); hijacked and websocket connections take the
 * raw relay (hijack-relay.ts). Listens on loopback TCP or a 0600 unix socket unless clients
 * must show a certificate (TLS with verification) or the caller insists (insecureRemote),
 * because whoever reaches the Docker API is root on the host. Plain HTTP or TLS, the handling
 * is the same: @docktape/listen's createApiServer gives an http.Server either way.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RecordingWriter } from '@docktape/recording';
import { execStartDetached, isHijackEndpoint, isStreamedGet, routeUpgrade, unversionedPath } from './classify-request.js';
import { errorBody, rawErrorResponse } from './docker-error.js';
import { ExchangeLog, type Exchange } from './exchange.js';
import type { SeenRequest } from './har-entry.js';
import { createHttpForward, hasBody } from './http-forward.js';
import { forwardStream } from './stream-forward.js';
import { serializeRequestHead } from './http-head.js';
import { relayHijack } from './hijack-relay.js';
import { createApiServer, listenOn, listenPolicyProblem, type ListenAddress, type ListenTls } from '@docktape/listen';
import { takeOverSocket } from './socket-takeover.js';
import { recordingStopped } from './recording-stop.js';
import { noStages, runPolicy, type ProxyStages, type RequestInfo } from './stages.js';
import type { Target } from './target.js';
import { PROXY_VERSION } from './version.js';
import { ProxyError } from './proxy-error.js';

/** What a listener other machines can reach gives away (in the refusal message). */
export const PROXY_EXPOSURE = 'whoever reaches the Docker API is root on this host';

export interface ProxyOptions {
  target: Target;
  listen: ListenAddress;
  /** Folder to record fixtures into; no recording without it. */
  recordDir?: string;
  /** false: recorded bodies go through the page cache (default: O_DIRECT where the folder takes it). */
  recordDirectIo?: boolean;
  /** Serve TLS (with client certificates verified when `verifyClients`); plain HTTP without it. */
  tls?: ListenTls;
  /** Allow a non-loopback address without verified client certificates (--insecure-remote). */
  insecureRemote?: boolean;
  stages?: ProxyStages;
  /** Where problems that must not disturb traffic are reported (default: stderr). */
  warn?: (message: string) => void;
}

export interface RunningProxy {
  /** Address clients use (DOCKER_HOST form): tcp://127.0.0.1:PORT or unix:///path. */
  url: string;
  /** Path of the recording (journal while running, .har after close). */
  recording: RecordingWriter | undefined;
  /** Stops listening, ends open connections, finishes the recording. Returns the .har path. */
  close(): Promise<string | undefined>;
}

/** Legacy hijack requests carry tiny JSON bodies; anything bigger is not an attach/exec start. */
const MAX_LEGACY_BODY = 1024 * 1024;

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { target, listen } = options;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`docktape proxy: ${m}\n`));
  // checked here as well as on the command line: callers of the API get the same rule
  const problem = listenPolicyProblem(
    listen,
    { tls: options.tls !== undefined, verifyClients: options.tls?.verifyClients ?? false, insecureRemote: Boolean(options.insecureRemote) },
    PROXY_EXPOSURE,
  );
  if (problem) throw new ProxyError(problem);
  const stages = options.stages ?? noStages();
  const writer = options.recordDir
    ? await RecordingWriter.open({
        dir: options.recordDir,
        proxyVersion: PROXY_VERSION,
        target: target.url,
        directIo: options.recordDirectIo,
        // the writer calls this once, on the first write error; the relay never hears of it
        onStop: (stop) => warn(recordingStopped(stop)),
      })
    : undefined;
  const log = new ExchangeLog(writer, stages, (err) => warn(`recording failed: ${err.message}`));
  const httpForward = createHttpForward(target);
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createApiServer({ tls: options.tls, track, onTlsClientError: warn });

  const seen = (req: IncomingMessage): SeenRequest => ({
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    httpVersion: req.httpVersion,
    rawHeaders: req.rawHeaders,
  });
  const info = (exchange: Exchange, req: IncomingMessage, route: RequestInfo['route']): RequestInfo => ({
    seq: exchange.seq,
    ...exchange.request,
    route,
    remoteAddress: req.socket.remoteAddress,
  });
  /** Records an exchange the proxy answered itself (policy refusal, unusable request). */
  const refuse = (exchange: Exchange, status: number, message: string, reason = 'refused by policy') => {
    const body = exchange.body('application/json');
    void body.write(Buffer.from(errorBody(message)));
    exchange.responded();
    exchange.kind = 'http';
    exchange.finish({
      response: { status, statusText: http.STATUS_CODES[status] ?? '', httpVersion: '1.1', rawHeaders: ['Content-Type', 'application/json'] },
      responseBody: body,
      error: `${reason}: ${message}`,
    });
  };

  /** Records an exchange whose client left before its request was read: nothing was answered. */
  const clientWentAway = (exchange: Exchange) => {
    exchange.kind = 'http';
    exchange.finish({
      response: { status: 0, statusText: '', httpVersion: '1.1', rawHeaders: [] },
      error: 'client went away before the request body was read',
    });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const legacyHijack = isHijackEndpoint(req.method ?? '', req.url ?? '');
    const exchange = log.begin(legacyHijack ? 'hijack' : 'http', seen(req));
    void runPolicy(stages, info(exchange, req, legacyHijack ? 'hijack' : 'http')).then((verdict) => {
      if (verdict?.refuse) {
        const { status, message } = verdict.refuse;
        req.resume();
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(errorBody(message));
        return refuse(exchange, status, message);
      }
      if (!legacyHijack) {
        if (isStreamedGet(req.method ?? '', req.url ?? '', req.httpVersion, hasBody(req))) return forwardStream(req, res, exchange, target, track);
        return httpForward.forward(req, res, exchange);
      }
      readLegacyBody(req, () => clientWentAway(exchange), (body) => {
        if (body === undefined) {
          const message = 'request body too large for attach/exec start';
          res.writeHead(400, { 'Content-Type': 'application/json' }).end(errorBody(message));
          return refuse(exchange, 400, message, 'bad request');
        }
        if (unversionedPath(req.url ?? '').startsWith('/exec/') && execStartDetached(body)) {
          exchange.kind = 'http'; // a detached exec start is answered with a plain 200
          return httpForward.forward(req, res, exchange, body);
        }
        const client = takeOverSocket(req);
        relayHijack({
          exchange,
          client,
          requestHead: serializeRequestHead(req.method!, req.url!, req.httpVersion, withContentLength(req.rawHeaders, body.length)),
          head: body,
          requestBodyLength: body.length,
          upgrade: 'none',
          connect: target.connect,
          targetUrl: target.url,
          track,
        });
      });
    }).catch((err: unknown) => {
      // Fail closed: a policy stage that throws (or a verdict that cannot be answered) refuses
      // the request instead of crashing the proxy or letting it through.
      const message = policyFailure(err);
      warn(message);
      req.resume();
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end(errorBody(message));
      else res.destroy();
      refuse(exchange, 500, message, 'refused');
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined); // the relay adds its own handling; never crash on a reset
    const route = routeUpgrade(req.method ?? '', req.url ?? '', req.headers.upgrade) ?? 'hijack';
    const exchange = log.begin(route === 'websocket' ? 'websocket' : 'hijack', seen(req));
    void runPolicy(stages, info(exchange, req, route)).then((verdict) => {
      if (verdict?.refuse) {
        const { status, message } = verdict.refuse;
        socket.end(rawErrorResponse(status, http.STATUS_CODES[status] ?? '', message));
        return refuse(exchange, status, message);
      }
      relayHijack({
        exchange,
        client: socket,
        requestHead: serializeRequestHead(req.method!, req.url!, req.httpVersion, req.rawHeaders),
        head,
        requestBodyLength: Number(req.headers['content-length'] ?? 0) || 0,
        upgrade: route === 'websocket' ? 'websocket' : 'tcp',
        connect: target.connect,
        targetUrl: target.url,
        track,
      });
    }).catch((err: unknown) => {
      const message = policyFailure(err);
      warn(message);
      if (socket.writable) socket.end(rawErrorResponse(500, 'Internal Server Error', message));
      else socket.destroy();
      refuse(exchange, 500, message, 'refused');
    });
  });

  // Requests Node cannot parse never reach the daemon: 400 with a Docker-style message.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, text] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    socket.end(rawErrorResponse(status, text, `malformed request: ${err.message}`));
  });

  const url = await listenOn(server, listen);

  let closing: Promise<string | undefined> | undefined;
  return {
    url,
    recording: writer,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Open connections (endless streams, hijacks) are ended so their exchanges are recorded.
        for (const socket of sockets) socket.destroy();
        await stopped;
        await log.drain();
        httpForward.close();
        target.close();
        return writer?.close();
      })()),
  };
}

function policyFailure(err: unknown): string {
  return `policy failed: ${err instanceof Error ? err.message : String(err)}`;
}

function readLegacyBody(req: IncomingMessage, aborted: () => void, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (then: () => void) => {
    if (settled) return;
    settled = true;
    then();
  };
  // A client that aborts mid-body never brings 'end': the exchange is finished as aborted.
  if (req.destroyed && !req.readableEnded) return settle(aborted);
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_LEGACY_BODY) chunks.push(chunk);
  });
  req.on('end', () => settle(() => done(size <= MAX_LEGACY_BODY ? Buffer.concat(chunks) : undefined)));
  req.on('error', () => settle(aborted));
  req.on('close', () => {
    if (!req.complete) settle(aborted);
  });
}

/** The body was read (and de-chunked) by Node: the daemon gets it with a Content-Length. */
function withContentLength(rawHeaders: string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name !== 'content-length' && name !== 'transfer-encoding') out.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  if (length > 0) out.push('Content-Length', String(length));
  return out;
}
