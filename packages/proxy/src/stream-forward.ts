/**
 * Body-less GET and HEAD requests relayed as the daemon's raw bytes, chunk framing included,
 * over kept-alive daemon connections (daemon-pool.ts), instead of through http-proxy: first for
 * streamed bodies (export, archive, logs, stats, events, image save), then for all of them,
 * because small answers cost less CPU this way too (daemon-pool.ts says how much).
 *
 * Why: http-proxy parses the daemon's chunked body and Node re-frames it for the client, with
 * stream machinery per chunk; for a 512 MiB export that alone cut throughput to ~0.61 of a
 * direct connection where a plain socket pipe reaches ~0.84 (tools/bench/RESULTS-proxy.md).
 * Here the daemon's bytes go to the client as they are; `ChunkedDecoder` only tells the
 * recorder which bytes are body data and when the body is over.
 *
 * The client side stays Node's ServerResponse (head, keep-alive, the next request on the same
 * connection); its own chunk framing is switched off after `writeHead` because the daemon's
 * framing passes through untouched. Only for body-less GETs and HEADs over HTTP/1.1
 * (classify-request.ts isRawRelayed).
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
import { performance } from 'node:perf_hooks';
import { answerBadGateway } from './bad-gateway.js';
import { createBodyCutter, type BodyCutter } from './body-cutter.js';
import { bodyFraming } from './chunked-decoder.js';
import type { Exchange, RecordedBody } from './exchange.js';
import { rawHeader, ResponseHeadParser, serializeRequestHead, type ResponseHead } from './http-head.js';
import { initialStreamState, streamStep, type StreamAction, type StreamEvent } from './stream-states.js';
import type { DaemonLease, DaemonPool, DaemonUser } from './daemon-pool.js';

export function forwardStream(req: IncomingMessage, res: ServerResponse, exchange: Exchange, targetUrl: string, pool: DaemonPool): void {
  const user: DaemonUser = {
    read: (n) => onRead(n),
    ended: () => daemonGone() || apply({ type: 'daemon-ended', responseUntouched: untouched() }),
    failed: (err) => daemonGone() || apply({ type: 'daemon-error', message: err.message, responseUntouched: untouched() }),
  };
  let lease: DaemonLease = pool.acquire(user);
  /** The body's framing said it is over, with nothing after it: the connection can serve again. */
  let reusable = false;
  let retried = false;
  /**
   * A kept-alive connection the daemon closed before it saw this request (it restarted) fails
   * before any byte: a GET or HEAD is sent again once, on a new connection.
   */
  const daemonGone = (): boolean => {
    if (retried || !lease.reused || lease.received > 0 || head || !(req.method === 'GET' || req.method === 'HEAD')) return false;
    retried = true;
    lease.release(false);
    lease = pool.acquire(user, true);
    lease.socket.write(requestHead);
    return true;
  };
  const requestBody = exchange.body(rawHeader(req.rawHeaders, 'content-type') ?? '');
  const parser = new ResponseHeadParser();
  const clock = exchange.clock();
  let state = initialStreamState(targetUrl);
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
        return void lease.socket.pause();
      case 'resume-daemon':
        return void lease.socket.resume();
      case 'end-response':
        return void res.end();
      case 'destroy-response':
        return void res.destroy();
      case 'answer-bad-gateway':
        lease.release(false);
        return answerBadGateway(res, exchange, requestBody, action.message);
      case 'finish':
        lease.release(reusable && !action.error && !closesAfter(head));
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
      const done = () => apply({ type: 'recorder-done', lent: lease.reads.lent });
      waiting.then(done, done);
    }
  };

  const onHead = (h: ResponseHead, bodyFollows: boolean) => {
    head = h;
    exchange.responded();
    responseBody = exchange.responseBody(rawHeader(h.rawHeaders, 'content-type') ?? '');
    const framing = bodyFraming(req.method ?? 'GET', h.status, rawHeader(h.rawHeaders, 'transfer-encoding'), rawHeader(h.rawHeaders, 'content-length'));
    cut = createBodyCutter(framing);
    reusable = framing.kind === 'length' && framing.length === 0;
    apply({ type: 'head', framing, bodyFollows });
  };

  /** Relays one piece of the body as raw bytes; `release` once the client has them. */
  const onBody = (raw: Buffer, release: () => void): void => {
    const { framed, complete, error } = cut!(raw, record);
    if (error) return apply({ type: 'relay-failed', message: error });
    if (complete) {
      reusable = framed === raw.length;
      apply({ type: 'body-complete' });
    }
    if (framed === 0) return release();
    res.write(framed === raw.length ? raw : raw.subarray(0, framed), () => {
      release();
      apply({ type: 'write-done', lent: lease.reads.lent });
    });
  };

  const onRead = (n: number): void => {
    const { bytes, release } = lease.reads.take(n);
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
      apply({ type: 'read-handled', lent: lease.reads.lent, responseEnded: res.writableEnded });
    } catch (err) {
      apply({ type: 'relay-failed', message: (err as Error).message });
    }
  };
  const untouched = () => !res.headersSent && !res.destroyed;

  res.on('finish', () => apply({ type: 'response-finished' }));
  res.on('close', () => apply({ type: 'response-closed', writableFinished: res.writableFinished }));
  const requestHead = serializeRequestHead(req.method ?? 'GET', req.url ?? '/', req.httpVersion, req.rawHeaders);
  lease.socket.write(requestHead);
  // a body-less GET: nothing to send after the head, but the request must be consumed
  req.resume();
}

/** The daemon said it closes the connection after this answer. */
function closesAfter(head: ResponseHead | undefined): boolean {
  return !head || head.httpVersion !== '1.1' || /(?:^|,)\s*close\s*(?:,|$)/i.test(rawHeader(head.rawHeaders, 'connection') ?? '');
}
