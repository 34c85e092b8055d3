/**
 * Relays a hijacked connection (attach, exec start, attach/ws) as raw bytes, because after the
 * daemon's `101 UPGRADED` (or legacy `200`) the connection is no longer HTTP and http-proxy
 * cannot carry it: it destroys non-websocket upgrades and drops the request body.
 *
 * - The request head is written as the client sent it, then everything the client sends
 *   (request body, then stdin) is piped to the daemon; the daemon's bytes, its response head
 *   included, are piped back untouched: the client sees the daemon's own `101 UPGRADED`.
 * - Half-close: when the client ends its write side (stdin done) the daemon gets a FIN and the
 *   relay keeps delivering the daemon's output until the daemon ends; nothing is closed early
 *   (a relay that closes soon after a half-close loses `docker attach` output).
 * - Recording: both directions with chunk timing and when each side closed; the daemon's
 *   response head is parsed for the HAR response; websocket frames become _webSocketMessages.
 *   See #operation/ContainerAttach, #operation/ContainerAttachWebsocket, #operation/ExecStart.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeHijack, encodeHijackStream, type HijackRecord, type WebSocketMessage } from '@docktape/recording';
import { errorBody, rawErrorResponse } from './docker-error.js';
import type { Exchange, RecordedBody } from './exchange.js';
import { ResponseHeadParser, rawHeader } from './http-head.js';
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
  const responseBody = exchange.body('');
  const upClock = exchange.clock();
  const downClock = exchange.clock();
  const headParser = new ResponseHeadParser();
  const messages: WebSocketMessage[] = [];
  let sendReader: WebSocketMessageReader | undefined;
  let receiveReader: WebSocketMessageReader | undefined;
  let bodyLeft = o.requestBodyLength;
  let hijacked = false; // decided by the daemon's response head
  let clientClosedAt: number | undefined;
  let daemonClosedAt: number | undefined;
  let error: string | undefined;

  const upstream = o.connect();
  o.track(upstream);
  upstream.setNoDelay(true);
  client.setNoDelay(true);
  client.setTimeout(0);

  const upTap = new RecordingTap((chunk) => {
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
  });

  const downTap = new RecordingTap((chunk) => {
    let rest = chunk;
    if (!headParser.head && !headParser.failed) {
      rest = headParser.push(chunk);
      if (headParser.head) onResponseHead();
      else if (!headParser.failed) return undefined;
    }
    if (rest.length === 0) return undefined;
    if (!hijacked) return responseBody.write(rest);
    downClock.add(rest.length, performance.now());
    if (receiveReader) messages.push(...receiveReader.push(rest));
    return fromDaemon.write(rest);
  });

  function onResponseHead(): void {
    exchange.responded();
    const head = headParser.head!;
    const contentType = rawHeader(head.rawHeaders, 'content-type') ?? '';
    hijacked = head.status === 101 || /vnd\.docker\.(raw|multiplexed)-stream/.test(contentType);
    responseBody.setMimeType(contentType);
    fromDaemon.setMimeType(contentType);
    if (head.status === 101 && o.upgrade === 'websocket') {
      sendReader = new WebSocketMessageReader('send');
      receiveReader = new WebSocketMessageReader('receive');
    }
  }

  // The daemon answers even before the request body is complete (stdin keeps flowing), so
  // both directions run independently from the first byte.
  upstream.write(o.requestHead);
  if (o.head.length > 0) upTap.write(o.head);
  client.pipe(upTap).pipe(upstream);
  upstream.pipe(downTap).pipe(client);

  client.on('end', () => (clientClosedAt ??= exchange.elapsed()));
  upstream.on('end', () => (daemonClosedAt ??= exchange.elapsed()));

  let responded = false;
  upstream.once('data', () => (responded = true));
  upstream.on('error', (err) => {
    if (!responded && !client.destroyed) {
      // Nothing came from the daemon: answer like the daemon would, as JSON with a message.
      error = `cannot reach the Docker daemon at ${o.targetUrl}: ${err.message}`;
      client.unpipe(upTap);
      client.end(rawErrorResponse(502, 'Bad Gateway', error));
      failedResponse = { status: 502, statusText: 'Bad Gateway', httpVersion: '1.1', rawHeaders: ['Content-Type', 'application/json'] };
      return;
    }
    error ??= `daemon connection failed: ${err.message}`;
    client.destroy();
  });
  client.on('error', (err) => {
    error ??= `client connection failed: ${err.message}`;
    upstream.destroy();
  });
  // The daemon is done (both ways): let the client finish reading what was piped, then close.
  upstream.on('close', () => {
    if (!client.destroyed) client.destroySoon();
  });
  // The client is gone: nothing more can reach it, so the daemon side is closed too.
  client.on('close', () => {
    if (!upstream.destroyed) upstream.destroy();
  });

  let failedResponse: SeenResponse | undefined;
  let closed = 0;
  const onClose = () => {
    if (++closed < 2) return;
    const head = headParser.head;
    const response: SeenResponse = head
      ? { status: head.status, statusText: head.statusText, httpVersion: head.httpVersion, rawHeaders: head.rawHeaders }
      : (failedResponse ?? { status: 0, statusText: '', httpVersion: '1.1', rawHeaders: [] });
    if (!head && !error) error = headParser.failed ?? 'connection closed before the daemon answered';
    if (!hijacked) exchange.kind = 'http';
    const hijack: HijackRecord | undefined = hijacked
      ? encodeHijack(o.upgrade, encodeHijackStream(upClock.chunks, clientClosedAt), encodeHijackStream(downClock.chunks, daemonClosedAt))
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
  };
  upstream.on('close', onClose);
  client.on('close', onClose);
}

function bodyOf(exchange: Exchange, message: string): RecordedBody {
  const body = exchange.body('application/json');
  void body.write(Buffer.from(errorBody(message)));
  return body;
}
