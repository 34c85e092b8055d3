/**
 * Streamed response bodies (export, archive, logs, stats, events, image save) relayed as the
 * daemon's raw bytes, chunk framing included, instead of through http-proxy.
 *
 * Why: http-proxy parses the daemon's chunked body and Node re-frames it for the client, with
 * stream machinery per chunk; for a 512 MiB export that alone cut throughput to ~0.61 of a
 * direct connection where a plain socket pipe reaches ~0.84 (tools/bench/RESULTS-proxy.md).
 * Here the daemon's bytes go to the client as they are; `ChunkedDecoder` only tells the
 * recorder which bytes are body data and when the body is over.
 *
 * The client side stays Node's ServerResponse (head, keep-alive, the next request on the same
 * connection); its own chunk framing is switched off after `writeHead` because the daemon's
 * framing passes through untouched. Only for body-less GETs over HTTP/1.1 (classify-request.ts).
 *
 * The daemon's bytes are read into reused buffers (16-256 KiB, read-buffers.ts) that are lent
 * to the client write and come back when it completes: no allocation per read (that took the
 * proxy without recording from ~0.64 to ~0.83 of direct), and a slow client holds at most
 * LENT_LIMIT buffers before the daemon is paused. The recorder copies what it keeps.
 *
 * Lifecycle: the events below drive a state machine (stream-states.ts) whose actions this file
 * applies to the sockets; which bytes are body is body-cutter.ts's business.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { answerBadGateway } from './bad-gateway.js';
import { createBodyCutter, type BodyCutter } from './body-cutter.js';
import { bodyFraming } from './chunked-decoder.js';
import type { Exchange, RecordedBody } from './exchange.js';
import { rawHeader, ResponseHeadParser, serializeRequestHead, type ResponseHead } from './http-head.js';
import { ReadBuffers } from './read-buffers.js';
import { initialStreamState, streamStep, type StreamAction, type StreamEvent } from './stream-states.js';
import type { Target } from './target.js';

export function forwardStream(req: IncomingMessage, res: ServerResponse, exchange: Exchange, target: Target, track: (socket: Duplex) => void): void {
  const reads = new ReadBuffers();
  const upstream = target.connect({ buffer: reads.next, callback: (n) => (onRead(n), true) });
  track(upstream);
  const requestBody = exchange.body(rawHeader(req.rawHeaders, 'content-type') ?? '');
  const parser = new ResponseHeadParser();
  const clock = exchange.clock();
  let state = initialStreamState(target.url);
  // (a function: `apply` moves the state, which TypeScript's narrowing cannot see)
  const phase = () => state.phase;
  // set once the head arrives
  let head: ResponseHead | undefined;
  let cut: BodyCutter | undefined;
  let responseBody: RecordedBody | undefined;

  /** Moves the state machine (stream-states.ts) and does what it says to the sockets. */
  const apply = (event: StreamEvent): void => {
    const step = streamStep(state, event);
    state = step.state;
    for (const action of step.actions) act(action);
  };

  const act = (action: StreamAction): void => {
    switch (action.type) {
      case 'write-head':
        // useChunkedEncodingByDefault, shouldKeepAlive, chunkedEncoding: undocumented
        // OutgoingMessage fields, checked on Node 20.20, 22.23, 24.22 (node-internals.test.ts)
        if (action.closeDelimited) {
          // the body ends when the daemon closes: so must the client's connection
          res.useChunkedEncodingByDefault = false;
          res.shouldKeepAlive = false;
        }
        res.writeHead(head!.status, head!.statusText, head!.rawHeaders);
        // the daemon's framing goes through as it is; Node must not frame it a second time
        res.chunkedEncoding = false;
        return;
      case 'flush-head':
        return res.flushHeaders();
      case 'pause-daemon':
        return void upstream.pause();
      case 'resume-daemon':
        return void upstream.resume();
      case 'end-response':
        return void res.end();
      case 'destroy-response':
        return void res.destroy();
      case 'answer-bad-gateway':
        upstream.destroy();
        return answerBadGateway(res, exchange, requestBody, action.message);
      case 'finish':
        upstream.destroy();
        return finish(action.error);
    }
  };

  const finish = (error?: string) => {
    if (!head) {
      exchange.finish({ response: { status: 0, statusText: '', httpVersion: '1.1', rawHeaders: [] }, requestBody, error: error ?? 'no response' });
      return;
    }
    exchange.finish({
      response: { status: head.status, statusText: head.statusText, httpVersion: head.httpVersion, rawHeaders: head.rawHeaders },
      requestBody,
      responseBody,
      chunks: clock.chunks,
      ...(error ? { error } : {}),
    });
  };

  // each recorder write that waits for the disk holds the daemon until it is done
  const record = (data: Buffer) => {
    clock.add(data.length, performance.now());
    const waiting = responseBody!.write(data);
    if (waiting) {
      apply({ type: 'recorder-waits' });
      const done = () => apply({ type: 'recorder-done', lent: reads.lent });
      waiting.then(done, done);
    }
  };

  const onHead = (h: ResponseHead, bodyFollows: boolean) => {
    head = h;
    exchange.responded();
    responseBody = exchange.responseBody(rawHeader(h.rawHeaders, 'content-type') ?? '');
    const framing = bodyFraming(req.method ?? 'GET', h.status, rawHeader(h.rawHeaders, 'transfer-encoding'), rawHeader(h.rawHeaders, 'content-length'));
    cut = createBodyCutter(framing);
    apply({ type: 'head', framing, bodyFollows });
  };

  /** Relays one piece of the body as raw bytes; `release` once the client has them. */
  const onBody = (raw: Buffer, release: () => void): void => {
    const { framed, complete, error } = cut!(raw, record);
    if (error) return apply({ type: 'relay-failed', message: error });
    if (complete) apply({ type: 'body-complete' });
    if (framed === 0) return release();
    res.write(framed === raw.length ? raw : raw.subarray(0, framed), () => {
      release();
      apply({ type: 'write-done', lent: reads.lent });
    });
  };

  const onRead = (n: number): void => {
    const { bytes, release } = reads.take(n);
    if (phase() === 'finished') return release();
    try {
      if (phase() === 'awaiting-head') {
        // the head parser keeps its own copy: the read buffer is free at once
        const body = parser.push(bytes);
        release();
        if (parser.failed) return apply({ type: 'head-unparsable', reason: parser.failed, responseUntouched: untouched() });
        if (!parser.head) return;
        onHead(parser.head, body.length > 0);
        if (phase() === 'body' && body.length > 0) onBody(body, () => undefined);
      } else if (phase() === 'body') {
        onBody(bytes, release);
      } else {
        release();
      }
      if (phase() === 'finished') return;
      apply({ type: 'read-handled', lent: reads.lent, responseEnded: res.writableEnded });
    } catch (err) {
      apply({ type: 'relay-failed', message: (err as Error).message });
    }
  };
  const untouched = () => !res.headersSent && !res.destroyed;

  res.on('finish', () => apply({ type: 'response-finished' }));
  res.on('close', () => apply({ type: 'response-closed', writableFinished: res.writableFinished }));
  upstream.on('end', () => apply({ type: 'daemon-ended', responseUntouched: untouched() }));
  upstream.on('error', (err: Error) => apply({ type: 'daemon-error', message: err.message, responseUntouched: untouched() }));
  upstream.write(serializeRequestHead(req.method ?? 'GET', req.url ?? '/', req.httpVersion, req.rawHeaders));
  // a body-less GET: nothing to send after the head, but the request must be consumed
  req.resume();
}
