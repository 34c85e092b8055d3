/**
 * Wiring: an HTTP server whose requests go parse -> policy -> forward -> record (stages.ts).
 *
 * - parse: Node's HTTP parser (@docktape/listen createApiServer: the same http.Server for plain
 *   HTTP and TLS); classify-request.ts picks the route. What Node cannot parse gets 400 from
 *   'clientError' below (docker-error.ts), and never reaches the daemon.
 * - policy: runPolicy (stages.ts) before a byte goes to the daemon; a refusal, or a stage that
 *   throws (fail closed: 500), is answered and recorded here.
 * - forward: what happens to each request after the policy is request-states.ts's state
 *   machine, applied by the 'request' and 'upgrade' handlers: plain requests go through
 *   http-proxy-3 (http-forward.ts); body-less GETs and HEADs through the raw relay on
 *   kept-alive daemon connections (stream-forward.ts, stream-states.ts, daemon-pool.ts), which
 *   costs less per request and streams big or endless bodies as they are; 'upgrade' requests (attach, exec
 *   start with `Upgrade: tcp`, websockets) through the hijack relay (hijack-relay.ts,
 *   hijack-states.ts); a legacy attach/exec start (no Upgrade) comes as 'upgrade' too
 *   (legacy-upgrade.ts), with the bytes the client sent behind its head: its small body is
 *   collected, then it goes to the hijack relay, or back to the HTTP server as plain HTTP (a
 *   detached exec start, or a chunked/oversized body, which the 'request' path reads with
 *   legacy-body.ts and, for a stream, takes from Node's HTTP server with socket-takeover.ts).
 * - record: exchange.ts (ExchangeLog) collects bodies and appends each finished exchange to the
 *   recording (@docktape/recording RecordingWriter), after the entry stages.
 *
 * Listens on loopback TCP or a 0600 unix socket unless clients must show a certificate (TLS
 * with verification) or the caller insists (insecureRemote), because whoever reaches the
 * Docker API is root on the host. `close()` ends open connections so their exchanges are
 * recorded, then finishes the recording.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { RecordingWriter } from '@docktape/recording';
import { isHijackEndpoint, isRawRelayed, routeUpgrade } from './classify-request.js';
import { DaemonPool } from './daemon-pool.js';
import { errorBody, rawErrorResponse } from './docker-error.js';
import { ExchangeLog, type Exchange } from './exchange.js';
import { clientOf } from './exchange-facts.js';
import type { SeenRequest } from './har-entry.js';
import { createHttpForward, hasBody } from './http-forward.js';
import { forwardStream } from './stream-forward.js';
import { rawHeader, serializeRequestHead } from './http-head.js';
import { relayHijack } from './hijack-relay.js';
import { createApiServer, listenOn, listenPolicyProblem, type ListenAddress, type ListenTls } from '@docktape/listen';
import { takeOverSocket } from './socket-takeover.js';
import { legacyBodyLength, readLegacyBody, withContentLength } from './legacy-body.js';
import { backToHttp, collectBody, isLegacyUpgrade, upgradeLegacyHijacks } from './legacy-upgrade.js';
import { recordingStopped } from './recording-stop.js';
import { isSecretBodyRequest } from './redact.js';
import { initialRequestState, legacyBody, requestMachine, type RequestAction } from './request-states.js';
import { readPolicyBody } from './policy-body.js';
import { noStages, runPolicy, type BodyQuestion, type PolicyVerdict, type ProxyStages, type RequestInfo } from './stages.js';
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
  /** Exchanges still moving, with their body bytes so far (for a progress line). */
  inFlight(): { method: string; url: string; bytes: number; elapsedMs: number }[];
}

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
  const log = new ExchangeLog(
    writer,
    stages,
    (err) => warn(`recording failed: ${err.message}`),
    (err) => warn(`an exchange observer failed (traffic goes on): ${err.message}`),
  );
  const httpForward = createHttpForward(target);
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  // the raw relay's daemon connections; `track` lets close() end them with the rest
  const daemonPool = new DaemonPool(target.connect, track);
  const server = createApiServer({ tls: options.tls, track, onTlsClientError: warn });
  // Legacy attach/exec start come as 'upgrade', with the bytes piped right behind them.
  upgradeLegacyHijacks(server, isHijackEndpoint);
  /**
   * Exchanges of legacy hijacks that came as 'upgrade' and went back to the HTTP server
   * (legacy-upgrade.ts backToHttp), by socket: the policy has passed them, and the request the
   * server parses again goes on in the same exchange.
   */
  const resumed = new WeakMap<Duplex, Exchange>();

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
  /**
   * Records an exchange the proxy answered itself (policy refusal, unusable request). `read`:
   * the request body bytes the policy read first; counted (bytes up), and recorded, redacted,
   * when whole (a body cut at the policy's limit is not what the client sent).
   */
  const refuse = (exchange: Exchange, status: number, message: string, reason = 'refused by policy', read?: { bytes: Buffer; whole: boolean }) => {
    const body = exchange.body('application/json');
    void body.write(Buffer.from(errorBody(message)));
    let requestBody: ReturnType<Exchange['requestBody']> | undefined;
    if (read && read.bytes.length > 0) {
      const record = read.whole && !isSecretBodyRequest(exchange.request.method, exchange.request.url);
      requestBody = exchange.requestBody(rawHeader(exchange.request.rawHeaders, 'content-type') ?? '', record);
      void requestBody.write(read.bytes);
    }
    exchange.responded();
    exchange.kind = 'http';
    exchange.finish({
      response: { status, statusText: http.STATUS_CODES[status] ?? '', httpVersion: '1.1', rawHeaders: ['Content-Type', 'application/json'] },
      ...(requestBody ? { requestBody } : {}),
      ...(read && !read.whole ? { requestBodyCut: true as const } : {}),
      responseBody: body,
      error: `${reason}: ${message}`,
      termination: 'refused',
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
    const passed = legacyHijack ? resumed.get(req.socket) : undefined;
    if (passed) resumed.delete(req.socket);
    const exchange = passed ?? log.begin(legacyHijack ? 'hijack' : 'http', seen(req), clientOf(req.socket));
    const streamed = !legacyHijack && isRawRelayed(req.method ?? '', req.httpVersion, hasBody(req));
    let body: Buffer | Readable | undefined; // a legacy hijack's, or the one the policy read, once read
    let question: BodyQuestion | undefined; // what the policy asked before deciding
    let bodyCut = false; // the policy stopped reading a body over its limit: the rest is still on the socket
    let policyRead: { bytes: Buffer; whole: boolean } | undefined; // what the policy read, for the refusal's record
    /** Moves the request's state machine (request-states.ts) and does what it says. */
    const apply = requestMachine(initialRequestState('request', legacyHijack, streamed), (action) => act(action));
    const act = (action: RequestAction): void => {
      switch (action.type) {
        case 'refuse':
          // a body left unread is not drained (it may be GiBs): the connection closes after the answer
          if (bodyCut) res.setHeader('Connection', 'close');
          else req.resume();
          res.writeHead(action.status, { 'Content-Type': 'application/json' }).end(errorBody(action.message));
          if (bodyCut) res.once('finish', () => req.socket.destroy());
          return refuse(exchange, action.status, action.message, action.reason, policyRead);
        case 'fail-closed':
          warn(action.message);
          if (bodyCut) res.setHeader('Connection', 'close');
          else req.resume();
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end(errorBody(action.message));
          else res.destroy();
          if (bodyCut) res.once('finish', () => req.socket.destroy());
          return refuse(exchange, 500, action.message, 'refused', policyRead);
        case 'forward-stream':
          return forwardStream(req, res, exchange, target.url, daemonPool);
        case 'forward-http':
          if (!action.bodyRead) return httpForward.forward(req, res, exchange);
          exchange.kind = 'http';
          return httpForward.forward(req, res, exchange, body);
        case 'read-body':
          return readLegacyBody(req, () => apply({ type: 'client-gone' }), (read) => {
            body = read;
            apply({ type: 'body-read', body: legacyBody(req.url ?? '', read) });
          });
        case 'read-policy-body': {
          const ask = question!;
          return readPolicyBody(req, ask.maxBytes, () => apply({ type: 'client-gone' }), (read) => {
            policyRead = 'bytes' in read ? { bytes: read.bytes, whole: true } : { bytes: read.head, whole: false };
            let verdict: PolicyVerdict;
            try {
              verdict = ask.decide('bytes' in read ? { text: read.bytes.toString('utf8') } : { unreadable: `the body is over the policy's limit of ${ask.maxBytes} bytes` });
            } catch (err) {
              bodyCut = 'tooLarge' in read;
              return apply({ type: 'handling-failed', message: policyFailure(err) });
            }
            if ('bytes' in read) body = read.bytes;
            else if (verdict && 'refuse' in verdict) bodyCut = true;
            // passed (warn/audit mode) though over the limit: what was read, then the rest
            else body = Readable.from(concatBody(read.head, req));
            answerVerdict(verdict, true);
          });
        }
        case 'record-client-gone':
          return clientWentAway(exchange);
        case 'relay-hijack': {
          const legacyBodyRead = body as Buffer; // a legacy hijack's body is always read whole
          return relayHijack({
            exchange,
            client: takeOverSocket(req),
            requestHead: serializeRequestHead(req.method!, req.url!, req.httpVersion, withContentLength(req.rawHeaders, legacyBodyRead.length)),
            head: legacyBodyRead,
            requestBodyLength: legacyBodyRead.length,
            upgrade: 'none',
            connect: target.connect,
            targetUrl: target.url,
            track,
          });
        }
      }
    };
    /** Hands a verdict to the machine, first or after the body; the decision goes on the exchange. */
    const answerVerdict = (verdict: PolicyVerdict, afterBody: boolean) => {
      if (verdict && 'needsBody' in verdict) {
        if (afterBody) return apply({ type: 'handling-failed', message: 'policy failed: it asked for the body twice' });
        question = verdict.needsBody;
        return apply({ type: 'verdict', needsBody: true });
      }
      exchange.policy = verdict && 'pass' in verdict ? verdict.pass : verdict?.record;
      const refusal = verdict && 'refuse' in verdict ? verdict.refuse : undefined;
      apply(afterBody ? { type: 'policy-body-verdict', refuse: refusal } : { type: 'verdict', refuse: refusal });
    };
    if (passed) return apply({ type: 'verdict' });
    // no policy: forwarded in this turn, without a promise per request (small-request latency)
    if (stages.policy.length === 0) return answerVerdict(undefined, false);
    void runPolicy(stages, info(exchange, req, legacyHijack ? 'hijack' : 'http'))
      .then((verdict) => answerVerdict(verdict, false))
      .catch((err: unknown) => apply({ type: 'handling-failed', message: policyFailure(err) }));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined); // the relay adds its own handling; never crash on a reset
    const legacy = isLegacyUpgrade(req);
    const route = legacy ? 'hijack' : (routeUpgrade(req.method ?? '', req.url ?? '', req.headers.upgrade) ?? 'hijack');
    const exchange = log.begin(route === 'websocket' ? 'websocket' : 'hijack', seen(req), clientOf(socket));
    // a legacy hijack: `head` holds its body and whatever the client sent right behind it
    let bytes = head;
    let bodyLength = Number(req.headers['content-length'] ?? 0) || 0;
    const asSent = () => serializeRequestHead(req.method!, req.url!, req.httpVersion, req.rawHeaders);
    const goBackToHttp = () => {
      resumed.set(socket, exchange);
      backToHttp(server, socket, asSent(), bytes);
    };
    const apply = requestMachine(initialRequestState('upgrade', legacy, false), (action) => act(action));
    const act = (action: RequestAction): void => {
      switch (action.type) {
        case 'refuse':
          socket.end(rawErrorResponse(action.status, http.STATUS_CODES[action.status] ?? '', action.message));
          return refuse(exchange, action.status, action.message, action.reason);
        case 'fail-closed':
          warn(action.message);
          if (socket.writable) socket.end(rawErrorResponse(500, 'Internal Server Error', action.message));
          else socket.destroy();
          return refuse(exchange, 500, action.message, 'refused');
        case 'relay-hijack':
          return relayHijack({
            exchange,
            client: socket,
            requestHead: asSent(),
            head: bytes,
            requestBodyLength: bodyLength,
            upgrade: legacy ? 'none' : route === 'websocket' ? 'websocket' : 'tcp',
            connect: target.connect,
            targetUrl: target.url,
            track,
          });
        case 'read-body': {
          // only legacy hijacks: an upgrade's body is the stream itself
          const length = legacyBodyLength(req.headers);
          // chunked or oversized: Node's parser reads it on the 'request' path, as it always did
          if (length === undefined) return goBackToHttp();
          bodyLength = length;
          return collectBody(socket, head, length, (read) => {
            if (!read) return apply({ type: 'client-gone' });
            bytes = read;
            apply({ type: 'body-read', body: legacyBody(req.url ?? '', read.subarray(0, length)) });
          });
        }
        case 'forward-http':
          // a detached exec start: plain HTTP on a connection the client keeps using
          return goBackToHttp();
        case 'record-client-gone':
          return clientWentAway(exchange);
        default:
          return;
      }
    };
    void runPolicy(stages, info(exchange, req, route))
      .then((verdict) => {
        if (verdict && 'needsBody' in verdict) return apply({ type: 'verdict', needsBody: true }); // fails closed
        exchange.policy = verdict && 'pass' in verdict ? verdict.pass : verdict?.record;
        apply({ type: 'verdict', refuse: verdict && 'refuse' in verdict ? verdict.refuse : undefined });
      })
      .catch((err: unknown) => apply({ type: 'handling-failed', message: policyFailure(err) }));
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
    inFlight: () => log.inFlight(),
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Open connections (endless streams, hijacks) are ended so their exchanges are recorded.
        for (const socket of sockets) socket.destroy();
        await stopped;
        await log.drain();
        httpForward.close();
        daemonPool.close();
        target.close();
        return writer?.close();
      })()),
  };
}

async function* concatBody(head: Buffer, rest: IncomingMessage): AsyncGenerator<Buffer> {
  yield head;
  for await (const chunk of rest) yield chunk as Buffer;
}

function policyFailure(err: unknown): string {
  return `policy failed: ${err instanceof Error ? err.message : String(err)}`;
}
