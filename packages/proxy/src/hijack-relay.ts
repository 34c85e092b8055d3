/**
 * Relays a hijacked connection (attach, exec start, attach/ws) as raw bytes, because after the
 * daemon's `101 UPGRADED` (or legacy `200`) the connection is no longer HTTP and http-proxy
 * cannot carry it: it destroys non-websocket upgrades and drops the request body.
 *
 * - The request head is written as the client sent it, in one write with the bytes that came
 *   with it, then everything the client sends (request body, then stdin) is piped to the daemon; the daemon's bytes, its response head
 *   included, are piped back untouched: the client sees the daemon's own `101 UPGRADED`.
 * - Half-close: when the client ends its write side (stdin done) the daemon gets a FIN and the
 *   relay keeps delivering the daemon's output until the daemon ends; nothing is closed early
 *   (a relay that closes soon after a half-close loses `docker attach` output).
 * - Recording: both directions with chunk timing and when each side closed; the daemon's
 *   response head is parsed for the HAR response; websocket frames become _webSocketMessages.
 * - Lifecycle: the socket events drive a state machine (hijack-states.ts) whose actions this
 *   file applies to the sockets; the byte paths (taps, head parser, frame readers) stay here.
 *   See #operation/ContainerAttach, #operation/ContainerAttachWebsocket, #operation/ExecStart.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeHijack, encodeHijackStream, type HijackRecord, type WebSocketMessage } from '@docktape/recording';
import { errorBody, rawErrorResponse } from './docker-error.js';
import type { Exchange, RecordedBody } from './exchange.js';
import { ResponseHeadParser, rawHeader } from './http-head.js';
import { closingError, hijackStep, initialHijackState, type HijackEvent } from './hijack-states.js';
import { RecordingTap } from './recording-tap.js';
import { isSecretBodyRequest } from './redact.js';
import type { SeenResponse } from './har-entry.js';
import { WebSocketMessageReader } from './websocket-frames.js';

export interface HijackRelayOptions {
  exchange: Exchange;
  client: Socket;
  /** The request head, serialized as the client sent it. */
  requestHead: Buffer;
  /** Bytes of the request already read (body start, or the whole body on the legacy path). */
  head: Buffer;
  /** Length of the request body (Content-Length); bytes after it are the stream (stdin). */
  requestBodyLength: number;
  upgrade: HijackRecord['upgrade'];
  connect: () => Socket;
  targetUrl: string;
  /** Tracks sockets so shutdown can end them. */
  track: (socket: Socket) => void;
}

export function relayHijack(o: HijackRelayOptions): void {
  const { exchange, client } = o;
  const requestContentType = rawHeader(exchange.request.rawHeaders, 'content-type') ?? '';
  // A POST /auth that arrives with an Upgrade header is relayed raw too: its body and anything
  // the client sends after it are only counted, never given a sink (redact.ts).
  const secret = isSecretBodyRequest(exchange.request.method, exchange.request.url);
  const requestBody = exchange.body(requestContentType, !secret);
  // Stream bytes are inlined when they are small UTF-8 (typical stdin and frames), else sidecars.
  const fromClient = exchange.body('', !secret);
  const fromDaemon = exchange.body('');
  const responseBody = exchange.responseBody('');
  const upClock = exchange.clock();
  const downClock = exchange.clock();
  const headParser = new ResponseHeadParser();
  const messages: WebSocketMessage[] = [];
  let sendReader: WebSocketMessageReader | undefined;
  let receiveReader: WebSocketMessageReader | undefined;
  let state = initialHijackState(o.targetUrl);

  const upstream = o.connect();
  o.track(upstream);
  upstream.setNoDelay(true);
  client.setNoDelay(true);
  client.setTimeout(0);

  // The request body comes first on the client's side; what follows it is the stream (stdin).
  let bodyLeft = o.requestBodyLength;
  const recordUp = (chunk: Buffer): Promise<void> | undefined => {
    let rest = chunk;
    if (bodyLeft > 0) {
      const body = rest.subarray(0, bodyLeft);
      bodyLeft -= body.length;
      rest = rest.subarray(body.length);
      const waiting = requestBody.write(body);
      if (rest.length === 0) return waiting;
    }
    upClock.add(rest.length, performance.now());
    if (sendReader) messages.push(...sendReader.push(rest));
    return fromClient.write(rest);
  };
  const upTap = new RecordingTap(recordUp);

  const downTap = new RecordingTap((chunk) => {
    let rest = chunk;
    if (!headParser.head && !headParser.failed) {
      rest = headParser.push(chunk);
      if (headParser.head) onResponseHead();
      else if (!headParser.failed) return undefined;
    }
    if (rest.length === 0) return undefined;
    if (!state.hijacked) return responseBody.write(rest);
    downClock.add(rest.length, performance.now());
    if (receiveReader) messages.push(...receiveReader.push(rest));
    return fromDaemon.write(rest);
  });

  function onResponseHead(): void {
    exchange.responded();
    const head = headParser.head!;
    const contentType = rawHeader(head.rawHeaders, 'content-type') ?? '';
    responseBody.setMimeType(contentType);
    fromDaemon.setMimeType(contentType);
    apply({ type: 'daemon-head', status: head.status, contentType, upgrade: o.upgrade });
    // a long session must not stay invisible until it ends
    if (state.hijacked) exchange.opened(head.status);
  }

  /** Moves the state machine (hijack-states.ts) and does what it says to the sockets. */
  function apply(event: HijackEvent): void {
    const step = hijackStep(state, event);
    state = step.state;
    for (const action of step.actions) {
      switch (action.type) {
        case 'read-websocket-frames':
          sendReader = new WebSocketMessageReader('send');
          receiveReader = new WebSocketMessageReader('receive');
          break;
        case 'answer-bad-gateway':
          client.unpipe(upTap);
          client.end(rawErrorResponse(502, 'Bad Gateway', action.message));
          break;
        case 'destroy-client':
          client.destroy();
          break;
        case 'destroy-daemon':
          upstream.destroy();
          break;
        case 'close-client-soon':
          // undocumented net.Socket method: ends, then destroys once pending writes are out;
          // checked on Node 20.20, 22.23, 24.22 (node-internals.test.ts)
          client.destroySoon();
          break;
        case 'finish':
          finish();
          break;
      }
    }
  }

  // The request head and the bytes that came with it (an upgrade's `head`, a legacy body) go
  // to the daemon in ONE write, as the client sent them. The daemon's HTTP server (Go) reads
  // them into one buffer and drops what it buffered past the head when it hijacks, as it does
  // for a direct client; written apart, the body could arrive after the hijack and reach the
  // container's stdin (issue 12, point 5). Recording them needs no backpressure: they are here.
  if (o.head.length > 0) void recordUp(o.head);
  upstream.write(o.head.length > 0 ? Buffer.concat([o.requestHead, o.head]) : o.requestHead);
  // The daemon answers even before the request body is complete (stdin keeps flowing), so
  // both directions run independently from the first byte.
  client.pipe(upTap).pipe(upstream);
  upstream.pipe(downTap).pipe(client);

  client.on('end', () => apply({ type: 'client-ended', at: exchange.elapsed() }));
  upstream.on('end', () => apply({ type: 'daemon-ended', at: exchange.elapsed() }));
  upstream.once('data', () => apply({ type: 'daemon-data' }));
  upstream.on('error', (err) => apply({ type: 'daemon-error', message: err.message, clientDestroyed: client.destroyed }));
  client.on('error', (err) => apply({ type: 'client-error', message: err.message }));
  upstream.on('close', () => apply({ type: 'daemon-closed', clientDestroyed: client.destroyed }));
  client.on('close', () => apply({ type: 'client-closed', daemonDestroyed: upstream.destroyed }));

  function finish(): void {
    const head = headParser.head;
    const failedResponse: SeenResponse | undefined = state.answeredBadGateway
      ? { status: 502, statusText: 'Bad Gateway', httpVersion: '1.1', rawHeaders: ['Content-Type', 'application/json'] }
      : undefined;
    const response: SeenResponse = head
      ? { status: head.status, statusText: head.statusText, httpVersion: head.httpVersion, rawHeaders: head.rawHeaders }
      : (failedResponse ?? { status: 0, statusText: '', httpVersion: '1.1', rawHeaders: [] });
    const error = closingError(state, head !== undefined, headParser.failed);
    const { hijacked } = state;
    if (!hijacked) exchange.kind = 'http';
    const hijack: HijackRecord | undefined = hijacked
      ? encodeHijack(o.upgrade, encodeHijackStream(upClock.chunks, state.clientEndedAt), encodeHijackStream(downClock.chunks, state.daemonEndedAt))
      : undefined;
    exchange.finish({
      response,
      requestBody,
      responseBody: failedResponse ? bodyOf(exchange, error ?? '') : responseBody,
      hijack,
      ...(hijack ? { streams: { clientToDaemon: fromClient, daemonToClient: fromDaemon } } : {}),
      ...(messages.length > 0 || o.upgrade === 'websocket' ? { webSocketMessages: messages } : {}),
      ...(error ? { error } : {}),
      // Bodies that are not part of the entry are discarded (a spilled one holds a temp file).
      unused: [...(hijack ? [] : [fromClient, fromDaemon]), ...(failedResponse ? [responseBody] : [])],
    });
  }
}

function bodyOf(exchange: Exchange, message: string): RecordedBody {
  const body = exchange.body('application/json');
  void body.write(Buffer.from(errorBody(message)));
  return body;
}
